cd ~/shop
cat > Dockerfile <<'DOCKERFILE'
FROM python
WORKDIR /app
COPY prepare.py .
RUN python3 prepare.py
COPY . .
CMD ["python3", "app.py"]
DOCKERFILE
docker build -t shop:1 .
echo "# a change" >> app.py
docker build -t shop:1 .
