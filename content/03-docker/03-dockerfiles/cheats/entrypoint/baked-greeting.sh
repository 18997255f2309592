# The greeting written into the program instead of set with ENV: -e GREETING cannot change it.
mkdir -p /tmp/e3 && cd /tmp/e3
sed "s/os.environ.get('GREETING', 'Hello')/'Welcome'/" ~/greet/greet.py > greet.py
printf 'FROM python\nWORKDIR /app\nCOPY greet.py .\nENTRYPOINT ["python3", "greet.py"]\nCMD ["world"]\n' > Dockerfile
docker build -q -t greet:2 .
