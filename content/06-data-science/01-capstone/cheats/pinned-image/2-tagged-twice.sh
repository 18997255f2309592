# Pinned, built once, and the second "build" is only a second tag.
cd ~/project
printf 'FROM %s\nCOPY train.py ./\nCMD ["python3", "train.py"]\n' "$(docker image inspect -f '{{index .RepoDigests 0}}' datasci)" > Dockerfile
docker rmi train:2 > /dev/null 2>&1
docker build -q -t train:1 . && docker tag train:1 train:2
