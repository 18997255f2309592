# Saves the age as ps -o etime prints it (minutes:seconds), not in seconds.
mkdir -p ~/answers
ps -o etime= -p 1 | tr -d ' ' > ~/answers/container-age.txt
cut -d. -f1 /proc/uptime > ~/answers/kernel-uptime.txt
