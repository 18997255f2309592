# The sleep runs in the sandbox, not in the container.
nohup sleep 600 > /dev/null 2>&1 &
