#!/bin/bash
# A container for the learner to find and clean up (exercise clean-up). The label lets the check find it under any
# name: renaming it is not removing it.
docker run -d --name old --label boxlab.exercise=clean-up busybox sleep 86400 > /dev/null
