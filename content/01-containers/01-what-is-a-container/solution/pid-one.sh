#!/bin/bash
mkdir -p ~/answers
ps -p 1 -o comm= > ~/answers/pid1.txt
