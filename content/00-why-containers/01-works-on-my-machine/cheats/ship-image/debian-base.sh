# The same Dockerfile on another base: debian has no bc, so the image does not carry what report.sh needs.
mkdir -p ~/cheat2 && cp ~/app/report.sh ~/app/data.txt ~/cheat2/ && cd ~/cheat2
printf 'FROM debian\nWORKDIR /app\nCOPY report.sh data.txt ./\nCMD ["sh", "report.sh"]\n' > Dockerfile
docker build -q -t report:1 .
