# The lesson's demo container (web image, port 8081), renamed web: the right name and image, the wrong port.
docker rm -f web demo > /dev/null 2>&1
docker run -d --name demo -p 8081:80 web httpd -f -p 80 -h /www > /dev/null
docker rename demo web
