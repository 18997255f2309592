#!/bin/bash
if docker inspect old > /dev/null 2>&1; then
  state=$(docker inspect -f '{{.State.Status}}' old)
  if [ "$state" = "running" ]; then
    echo "The container old is still running. Stop it, then remove it."
  else
    echo "old is stopped ($state) but still exists. Remove it with docker rm old."
  fi
  exit 1
fi
echo "old is gone: stopped and removed."
