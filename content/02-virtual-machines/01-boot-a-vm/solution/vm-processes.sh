#!/bin/bash
set -e
mkdir -p ~/answers
boxlab-vm --run ps > ~/answers/vm-ps.txt
