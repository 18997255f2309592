# The default publishing, through the routing mesh (ingress), which needs IPVS in the host's kernel.
docker service create -q --detach --name hello --mode global --publish 8080:80 --no-resolve-image web >/dev/null
