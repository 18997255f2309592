# Then force-remove every container: clock goes too.
docker rm -f $(docker ps -aq)
