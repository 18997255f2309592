cd ~/greet
cat > Dockerfile.2 <<'DOCKERFILE'
FROM python
WORKDIR /app
COPY greet.py .
ENV GREETING=Welcome
ENTRYPOINT ["python3", "greet.py"]
CMD ["world"]
DOCKERFILE
docker build -t greet:2 -f Dockerfile.2 .
docker run --rm greet:2
docker run --rm greet:2 Alice
