cd ~/app
cat > Dockerfile <<'DOCKERFILE'
FROM busybox
WORKDIR /app
COPY report.sh data.txt ./
CMD ["sh", "report.sh"]
DOCKERFILE
docker build -t report:1 .
docker run --rm report:1
