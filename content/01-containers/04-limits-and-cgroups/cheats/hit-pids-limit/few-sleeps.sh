# Starts a few sleeps, far from the limit, and keeps their (empty) error output.
mkdir -p ~/limits
( for i in 1 2 3; do sleep 1 & done; wait ) 2> ~/limits/fork-error.txt
