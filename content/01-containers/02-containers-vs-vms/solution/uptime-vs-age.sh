#!/bin/bash
mkdir -p ~/answers
ps -o etimes= -p 1 | tr -d ' ' > ~/answers/container-age.txt
cut -d. -f1 /proc/uptime > ~/answers/kernel-uptime.txt
