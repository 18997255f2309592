docker save -o ~/quote-2.0.tar 127.0.0.1:5050/quote:2.0
ls -lh ~/quote-2.0.tar
docker rmi 127.0.0.1:5050/quote:2.0
docker load -i ~/quote-2.0.tar
docker images
