# Build the Dockerfile as it came: every edit of app.py reruns the slow step.
docker build -q -t shop:1 ~/shop
