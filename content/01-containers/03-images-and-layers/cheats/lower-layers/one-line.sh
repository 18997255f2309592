# Saves the value of lowerdir= as it is, on one line, without splitting it into layers.
mkdir -p ~/layers
findmnt -n -o OPTIONS / | tr ',' '\n' | grep '^lowerdir=' | cut -d= -f2 > ~/layers/lower.txt
