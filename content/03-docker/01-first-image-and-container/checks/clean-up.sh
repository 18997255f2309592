#!/bin/bash
# Passes when the container the setup made (labelled, so found under any name) no longer exists.
id=$(docker ps -aq --filter label=boxlab.exercise=clean-up)
if [ -n "$id" ]; then
  name=$(docker inspect -f '{{.Name}}' "$id" | tr -d /)
  state=$(docker inspect -f '{{.State.Status}}' "$id")
  if [ "$name" != old ]; then
    echo "The container old is still there, now called $name ($state). A new name isn't removal: stop it and remove it."
  elif [ "$state" = "running" ]; then
    echo "The container old is still running. Stop it, then remove it."
  elif [ "$state" = "paused" ]; then
    echo "old is paused: its processes are frozen, but it is still there. Stop it, then remove it."
  else
    echo "old is stopped ($state) but still exists. Remove it with docker rm old."
  fi
  exit 1
fi
echo "old is gone: stopped and removed."
