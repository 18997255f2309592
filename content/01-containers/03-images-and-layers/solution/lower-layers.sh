#!/bin/bash
mkdir -p ~/layers
findmnt -n -o OPTIONS / | tr ',' '\n' | grep '^lowerdir=' | cut -d= -f2 | tr ':' '\n' > ~/layers/lower.txt
wc -l < ~/layers/lower.txt
