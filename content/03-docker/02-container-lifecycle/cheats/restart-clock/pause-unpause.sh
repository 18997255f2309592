# Paused and resumed is not stopped: the processes were frozen, never ended.
docker pause clock && sleep 2 && docker unpause clock
