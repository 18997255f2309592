#!/bin/bash
set -e
docker exec -d web sleep 1000
docker exec web ps -o pid,ppid,args
