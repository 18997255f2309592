# Does the experiment but removes the file before anyone checks (as the text's own example does).
head -c 100M /dev/zero > ~/big2
rm ~/big2
