docker exec -d clock sleep 600
docker exec clock ps -o pid,ppid,args
