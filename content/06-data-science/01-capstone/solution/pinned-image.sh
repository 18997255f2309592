cd ~/project
docker image inspect -f '{{.RepoDigests}}' datasci
pinned=$(docker image inspect -f '{{index .RepoDigests 0}}' datasci)
cat > Dockerfile <<DOCKERFILE
FROM $pinned
COPY train.py ./
CMD ["python3", "train.py"]
DOCKERFILE
cat Dockerfile
docker build -t train:1 .
docker build --no-cache -t train:2 .
docker run --rm train:1
docker run --rm train:2
