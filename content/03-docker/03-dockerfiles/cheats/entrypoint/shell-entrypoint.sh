# ENTRYPOINT in shell form ignores CMD and the arguments of docker run.
mkdir -p /tmp/e2 && cp ~/greet/greet.py /tmp/e2/ && cd /tmp/e2
printf 'FROM python\nWORKDIR /app\nCOPY greet.py .\nENV GREETING=Welcome\nENTRYPOINT exec python3 greet.py\nCMD ["world"]\n' > Dockerfile
docker build -q -t greet:2 .
