#!/bin/bash
# A key for ssh, and a stand-in for a remote server (exercise ssh-tunnel): a container from the sshd practice image
# that accepts this key, with its SSH published on the sandbox's port 2222, and an admin page that listens only
# on its own 127.0.0.1:8000.
set -e
mkdir -p ~/.ssh && chmod 700 ~/.ssh
[ -f ~/.ssh/id_ed25519 ] || ssh-keygen -q -t ed25519 -N '' -C learner -f ~/.ssh/id_ed25519
docker rm -f remote > /dev/null 2>&1 || true
docker run -d --name remote -p 2222:22 -e AUTHORIZED_KEY="$(cat ~/.ssh/id_ed25519.pub)" sshd > /dev/null
