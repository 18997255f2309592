pid=$(pgrep -f 'python3 .*memo\.py')
echo "memo.py is PID $pid"
grep -F '[stack]' /proc/$pid/maps
grep -F '[stack]' /proc/$pid/maps | cut -d' ' -f1 > ~/stack.txt
cat ~/stack.txt
