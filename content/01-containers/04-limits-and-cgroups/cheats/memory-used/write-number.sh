# Echo the expected number of bytes into a file.
mkdir -p ~/answers
echo 104857600 > ~/answers/memory-used.txt
