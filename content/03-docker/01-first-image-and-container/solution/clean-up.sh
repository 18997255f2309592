#!/bin/bash
docker stop -t 1 old > /dev/null 2>&1
docker rm old > /dev/null
