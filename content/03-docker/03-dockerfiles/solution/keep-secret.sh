cd ~/shop
printf 'secrets.env\n*.env\n' > .dockerignore
cat .dockerignore
docker build -t shop:1 .
docker run --rm shop:1 ls -a /app
