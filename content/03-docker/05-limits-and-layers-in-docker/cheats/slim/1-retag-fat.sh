# The same image under the new name: fat:1 tagged slim:1.
docker build -q -t fat:1 ~/fat > /dev/null
docker tag fat:1 slim:1
