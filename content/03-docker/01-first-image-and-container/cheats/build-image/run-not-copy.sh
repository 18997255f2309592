# Writes a greeting in the image with RUN instead of copying the learner's own hello.txt into it.
mkdir -p ~/run-hello
printf 'FROM busybox\nRUN echo Hello from my own image! > /greeting.txt\nCMD cat /greeting.txt\n' > ~/run-hello/Dockerfile
docker build -q -t hello:1 ~/run-hello > /dev/null
