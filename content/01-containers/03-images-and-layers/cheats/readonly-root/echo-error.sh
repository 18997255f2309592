# Echo the expected text (the issue's own example): the words of the error, without trying anything.
mkdir -p ~/layers
echo "Read-only file system" > ~/layers/readonly-error.txt
