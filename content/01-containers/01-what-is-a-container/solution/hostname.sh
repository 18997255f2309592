#!/bin/bash
mkdir -p ~/answers
hostname > ~/answers/hostname.txt
