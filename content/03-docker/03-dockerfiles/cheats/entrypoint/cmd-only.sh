# CMD alone: an argument to docker run replaces the whole CMD, so "greet:2 Alice" tries to run a program called Alice.
mkdir -p /tmp/e1 && cp ~/greet/greet.py /tmp/e1/ && cd /tmp/e1
printf 'FROM python\nWORKDIR /app\nCOPY greet.py .\nENV GREETING=Welcome\nCMD ["python3", "greet.py"]\n' > Dockerfile
docker build -q -t greet:2 .
