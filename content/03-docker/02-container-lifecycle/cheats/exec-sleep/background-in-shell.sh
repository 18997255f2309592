# docker exec, but the sleep is started by a shell in the container that then exits: the orphan goes to PID 1.
docker exec clock sh -c 'sleep 600 &'
