# Lists only the image's layers (every container of this image has the same), leaving out this container's init layer.
mkdir -p ~/layers
findmnt -n -o OPTIONS / | tr ',' '\n' | grep '^lowerdir=' | cut -d= -f2 | tr ':' '\n' | tail -n +2 > ~/layers/lower.txt
