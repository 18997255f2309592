#!/bin/bash
# Passes when ~/answers/container-age.txt holds PID 1's age in seconds and ~/answers/kernel-uptime.txt the kernel's
# uptime in whole seconds, each as it was when its file was saved: both grow, so the check takes each file's
# modification time, works out what the value was then, and allows two seconds for rounding.
now=$(date +%s)
age_now=$(ps -o etimes= -p 1 | tr -d ' ')
up_now=$(cut -d. -f1 /proc/uptime)

number() { awk 'NF { $1 = $1; print; exit }' "$1"; }   # first non-empty line, spaces trimmed

for f in container-age.txt kernel-uptime.txt; do
  if [ ! -f "$HOME/answers/$f" ]; then
    echo "~/answers/$f does not exist yet. You need both ~/answers/container-age.txt and ~/answers/kernel-uptime.txt."
    exit 1
  fi
done
age_file="$HOME/answers/container-age.txt"
up_file="$HOME/answers/kernel-uptime.txt"
age=$(number "$age_file")
up=$(number "$up_file")
if [[ $age =~ ^[0-9]+:[0-9]+ ]]; then
  echo "~/answers/container-age.txt says \"$age\": minutes and seconds, as ps -o etime prints them. Save plain seconds: ps -o etimes= -p 1."
  exit 1
fi
if ! [[ $age =~ ^[0-9]+$ ]]; then
  echo "~/answers/container-age.txt should hold a whole number of seconds, but it says \"$age\". Try ps -o etimes= -p 1."
  exit 1
fi
if ! [[ $up =~ ^[0-9]+$ ]]; then
  echo "~/answers/kernel-uptime.txt should hold a whole number of seconds, but it says \"$up\". Try cut -d. -f1 /proc/uptime."
  exit 1
fi
age=$((10#$age)) up=$((10#$up))
# What each value was when its file was written.
age_then=$((age_now - (now - $(date -r "$age_file" +%s))))
up_then=$((up_now - (now - $(date -r "$up_file" +%s))))
off() { local d=$(($1 - $2)); ((d < 0)) && d=$((-d)); ((d > 2)); }
if off "$age" "$age_then"; then
  if ! off "$age" "$up_then" && off "$up_then" "$age_then"; then
    echo "~/answers/container-age.txt holds the kernel's uptime, not your container's age. Did you swap the two files?"
  else
    echo "~/answers/container-age.txt says $age seconds, but when you saved it your container had run for $age_then seconds. Save what ps -o etimes= -p 1 prints."
  fi
  exit 1
fi
if off "$up" "$up_then"; then
  echo "~/answers/kernel-uptime.txt says $up seconds, but when you saved it the kernel had run for $up_then seconds. Save the first number in /proc/uptime, without decimals."
  exit 1
fi
if dmesg 2> /dev/null | grep -q gVisor; then
  echo "Right: when you looked, your container was $age seconds old and the kernel $up seconds. Nearly the same: under gVisor the kernel your processes see is gVisor's, which started with your container, on a host kernel that has run much longer."
else
  echo "Right: when you looked, your container was $age seconds old and the kernel $up seconds. The kernel was running long before your container existed: starting a container boots nothing."
fi
