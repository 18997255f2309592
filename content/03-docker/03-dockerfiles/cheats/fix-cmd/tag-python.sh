# The python image under the asked-for name.
docker tag python greet:1
