docker network connect shop legacy
docker network disconnect bridge legacy
docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' shop
docker exec api wget -qO- http://legacy/
