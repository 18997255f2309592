python3 ~/twins.py > ~/twins.txt &
sleep 1
cat ~/twins.txt
