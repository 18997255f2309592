# A second build that differs by a label: its COPY step comes from the build cache, not rebuilt.
cd ~/project
printf 'FROM %s\nCOPY train.py ./\nCMD ["python3", "train.py"]\n' "$(docker image inspect -f '{{index .RepoDigests 0}}' datasci)" > Dockerfile
docker build -q -t train:1 .
printf 'LABEL rebuilt=yes\n' >> Dockerfile
docker build -q -t train:2 .
