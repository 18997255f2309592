cd ~/greet
sed -i 's/^CMD .*/CMD ["python3", "greet.py"]/' Dockerfile
cat Dockerfile
docker build -t greet:1 .
docker run --rm greet:1
