#!/bin/bash
# memo.py: a process to look into (exercise memo-stack); twins.py: one address, two processes (exercise twins);
# ~/calc: a module whose bytecode Python caches when it is imported (exercise bytecode-cache).
set -e
cat > ~/memo.py <<'PY'
# memo.py: keeps a note in memory, and waits.
import time
note = "remember the milk " * 1000
time.sleep(10 ** 6)
PY
nohup python3 ~/memo.py > /dev/null 2>&1 &
cat > ~/twins.py <<'PY'
# twins.py: six bytes at one address; then a fork, after which the child changes its copy.
import ctypes, os, time
buf = bytearray(b"parent")
address = ctypes.addressof((ctypes.c_char * len(buf)).from_buffer(buf))
if os.fork() == 0:
    buf[:] = b"child!"
print(f"PID {os.getpid()}: the bytes at {address:#x} are {buf.decode()}", flush=True)
time.sleep(3600)
PY
mkdir -p ~/calc
cat > ~/calc/shapes.py <<'PY'
"""Areas of a few shapes."""
import math


def square(side):
    return side * side


def circle(radius):
    return math.pi * radius ** 2
PY
cat > ~/calc/area.py <<'PY'
import sys
import shapes

side = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
print(f"square {side}: {shapes.square(side)}")
print(f"circle {side}: {shapes.circle(side):.2f}")
PY
