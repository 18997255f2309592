#!/bin/bash
set -e
mkdir -p ~/answers
uname -r > ~/answers/container-kernel.txt
