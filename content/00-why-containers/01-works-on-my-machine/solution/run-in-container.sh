cd ~/app
docker run --rm -v ~/app:/app -w /app busybox sh report.sh > report.txt
cat report.txt
