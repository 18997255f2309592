# The near miss: the PID of a sleep that was already there, the container's keep-alive (sleep infinity).
mkdir -p ~/answers
pgrep -o -x sleep > ~/answers/sleep-pid.txt
