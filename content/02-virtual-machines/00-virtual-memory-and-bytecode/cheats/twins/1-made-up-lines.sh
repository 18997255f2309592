# Lines that look like twins.py's.
printf 'PID 41: the bytes at 0x7f3a2c1e03c0 are parent\nPID 42: the bytes at 0x7f3a2c1e03c0 are child!\n' > ~/twins.txt
