# Build the lesson's own example (greeting:1, which echoes a fixed text) and tag it hello:1.
mkdir -p ~/greeting
printf 'FROM busybox\nCMD echo Hello, Boxlab\n' > ~/greeting/Dockerfile
docker build -q -t greeting:1 ~/greeting > /dev/null
docker tag greeting:1 hello:1
