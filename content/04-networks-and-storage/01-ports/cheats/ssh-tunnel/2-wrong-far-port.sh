# A tunnel, but to a port where nothing listens on remote's side: 8080 is the sandbox's, not remote's.
ssh -f -N -L 9000:127.0.0.1:8080 -p 2222 -o StrictHostKeyChecking=accept-new admin@127.0.0.1 > /dev/null 2>&1
