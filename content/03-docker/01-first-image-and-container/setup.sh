#!/bin/bash
# A container for the learner to find and clean up (exercise clean-up).
docker run -d --name old busybox sleep 86400 > /dev/null
