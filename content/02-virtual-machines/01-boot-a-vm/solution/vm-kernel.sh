#!/bin/bash
set -e
mkdir -p ~/answers
boxlab-vm --run 'uname -r' > ~/answers/vm-kernel.txt
