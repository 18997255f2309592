# Delete it in a step of its own: the COPY layer below still holds it.
cd ~/shop
echo 'RUN rm -f /app/secrets.env' >> Dockerfile
docker build -q -t shop:1 .
