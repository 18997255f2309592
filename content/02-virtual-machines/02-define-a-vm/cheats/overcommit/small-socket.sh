# The wrong VM: the small one from before, moved to the big VM's socket name by a symbolic link.
mkdir -p ~/vm
pkill -f "qmp unix:$HOME/vm/big.sock" && for _ in $(seq 50); do [ -S ~/vm/big.sock ] || break; sleep 0.2; done
rm -f ~/vm/big.sock
ln -s ~/vm/qmp.sock ~/vm/big.sock
