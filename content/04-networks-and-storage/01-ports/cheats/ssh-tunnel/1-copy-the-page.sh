# Copy remote's page out with docker exec and serve the copy on port 9000 (socat, for one connection).
docker exec remote cat /srv/admin/index.html > ~/admin-copy.html
{ printf 'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n'; cat ~/admin-copy.html; } > ~/admin-copy.http
nohup socat TCP-LISTEN:9000,bind=127.0.0.1,reuseaddr SYSTEM:'cat ~/admin-copy.http' > /dev/null 2>&1 &
sleep 0.5
