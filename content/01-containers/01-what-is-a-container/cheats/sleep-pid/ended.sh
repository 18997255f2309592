# A sleep started in the foreground: it has ended by the time anyone checks, and its PID is gone.
mkdir -p ~/answers
bash -c 'echo $$ > ~/answers/sleep-pid.txt; exec sleep 0.1'
