#!/bin/bash
mkdir -p ~/layers
findmnt -n -o FSTYPE / > ~/layers/root-fstype.txt
