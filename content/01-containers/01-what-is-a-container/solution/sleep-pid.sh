#!/bin/bash
mkdir -p ~/answers
# In your terminal, `sleep 1000 &` is enough; a script sends the sleep's output elsewhere so it can end first.
sleep 1000 > /dev/null 2>&1 &
echo $! > ~/answers/sleep-pid.txt
