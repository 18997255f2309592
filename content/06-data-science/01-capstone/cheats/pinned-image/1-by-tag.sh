# Built twice from scratch, but FROM a tag, which may name another image tomorrow.
cd ~/project
printf 'FROM datasci:bookworm\nCOPY train.py ./\nCMD ["python3", "train.py"]\n' > Dockerfile
docker build -q -t train:1 . && docker build -q --no-cache -t train:2 .
