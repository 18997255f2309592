# A range that looks right.
echo 7ffd5e2a1000-7ffd5e2c2000 > ~/stack.txt
