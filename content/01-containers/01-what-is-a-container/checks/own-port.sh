#!/bin/bash
# Passes when a web server in this container answers on port 8000 and serves the learner's home folder.
page=$(curl -s -m 3 http://127.0.0.1:8000/ 2> /dev/null)
if [ -z "$page" ]; then
  echo "Nothing answers on port 8000 of your container. Start python3 -m http.server 8000 in ~, with & at the end, and leave it running."
  exit 1
fi
# python3's server lists the folder it serves: the home folder holds answers/ (made above).
if ! grep -q 'answers/' <<< "$page"; then
  echo "Something answers on port 8000, but it doesn't list your home folder (no answers/ in it). Start the server in ~."
  exit 1
fi
echo "Right: your port 8000 serves your home folder. Every learner has a port 8000 of their own, because ports belong to network namespaces."
