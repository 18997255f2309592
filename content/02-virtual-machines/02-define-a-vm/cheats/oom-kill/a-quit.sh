# Ending the big VM some other way: qemu told to stop (SIGTERM, like quit or Ctrl-A X). No OOM, no stale socket.
pkill -f "qmp unix:$HOME/vm/big.sock" && for _ in $(seq 50); do [ -S ~/vm/big.sock ] || break; sleep 0.2; done
exit 0
