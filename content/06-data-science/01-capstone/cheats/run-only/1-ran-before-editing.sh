# Ran in the container, but before the edit: the results are the old script's.
cd ~/project
sed -i 's/^MAX_DEPTH = [0-9]*/MAX_DEPTH = 2/' train.py
docker run --rm -v "$PWD":/work datasci python3 train.py > /dev/null
sed -i 's/^MAX_DEPTH = [0-9]*/MAX_DEPTH = 3/' train.py
