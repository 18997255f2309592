#!/bin/bash
# Passes when ~/answers/container-age.txt holds PID 1's age in seconds and ~/answers/kernel-uptime.txt the kernel's
# uptime in whole seconds, both measured while this container was running (a couple of seconds of slack for rounding).
age_file="$HOME/answers/container-age.txt"
up_file="$HOME/answers/kernel-uptime.txt"
age_now=$(ps -o etimes= -p 1 | tr -d ' ')
up_now=$(cut -d. -f1 /proc/uptime)

number() { awk 'NF { $1 = $1; print; exit }' "$1"; }   # first non-empty line, spaces trimmed

for f in container-age.txt kernel-uptime.txt; do
  if [ ! -f "$HOME/answers/$f" ]; then
    echo "~/answers/$f does not exist yet. You need both ~/answers/container-age.txt and ~/answers/kernel-uptime.txt."
    exit 1
  fi
done
age=$(number "$age_file")
up=$(number "$up_file")
if ! [[ $age =~ ^[0-9]+$ ]]; then
  echo "~/answers/container-age.txt should hold a whole number of seconds, but it says \"$age\". Try ps -o etimes= -p 1."
  exit 1
fi
if ! [[ $up =~ ^[0-9]+$ ]]; then
  echo "~/answers/kernel-uptime.txt should hold a whole number of seconds, but it says \"$up\". Try cut -d. -f1 /proc/uptime."
  exit 1
fi
age=$((10#$age)) up=$((10#$up))
if ((age > age_now + 2)); then
  echo "~/answers/container-age.txt says $age seconds, but your container has only run for $age_now seconds. Did you swap the two files?"
  exit 1
fi
if ((up > up_now + 2)); then
  echo "~/answers/kernel-uptime.txt says $up seconds, more than the kernel's uptime right now. Use the first number in /proc/uptime."
  exit 1
fi
if ((up + 2 < up_now - age_now)); then
  echo "~/answers/kernel-uptime.txt says $up seconds, but the kernel had already run longer than that when your container started. Use the first number in /proc/uptime."
  exit 1
fi
echo "Right: when you looked, your container was $age seconds old and the kernel $up seconds. The kernel was running long before your container existed: starting a container boots nothing."
