#!/bin/bash
mkdir -p ~/answers
uname -r > ~/answers/kernel.txt
