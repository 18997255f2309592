# (close a tunnel an earlier try may have left on port 9000)
pkill -f 'ssh .*-L *9000:' 2> /dev/null
ssh -f -N -L 9000:127.0.0.1:8000 -p 2222 -o StrictHostKeyChecking=accept-new -o ExitOnForwardFailure=yes admin@127.0.0.1 > /dev/null 2>&1
curl -s localhost:9000
