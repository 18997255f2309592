# A file by that name.
echo "quote 2.0" > ~/quote-2.0.tar
