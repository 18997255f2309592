# The near miss: the workdir= option, OverlayFS's scratch space, instead of the upperdir.
mkdir -p ~/layers
findmnt -n -o OPTIONS / | tr ',' '\n' | grep '^workdir=' | cut -d= -f2 > ~/layers/upperdir.txt
