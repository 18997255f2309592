cd ~/project
# (the edit a learner makes in nano or vim)
sed -i 's/^MAX_DEPTH = [0-9]*/MAX_DEPTH = 3/' train.py
docker run --rm -v "$PWD":/work datasci python3 train.py
ls -l results
