# Two separate processes instead of a fork: each has its own layout, so the addresses differ.
mkdir -p /tmp/solo && sed 's/^if os.fork() == 0:/if False:/' ~/twins.py > /tmp/solo/twins.py
python3 /tmp/solo/twins.py > ~/twins.txt &
sleep 0.5
python3 /tmp/solo/twins.py >> ~/twins.txt &
sleep 1
