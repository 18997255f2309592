#!/bin/bash
mkdir -p ~/layers
findmnt -n -o OPTIONS / | tr ',' '\n' | grep '^upperdir=' | cut -d= -f2 > ~/layers/upperdir.txt
