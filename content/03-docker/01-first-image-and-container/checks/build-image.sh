#!/bin/bash
# Passes when the engine has an image hello:1 built on busybox with a layer of its own (the COPY), whose default
# command prints the /hello.txt it carries.
if ! docker image inspect hello:1 > /dev/null 2>&1; then
  echo "There is no image hello:1 yet. Build one with: docker build -t hello:1 ~/hello"
  exit 1
fi
base=$(docker image inspect -f '{{index .RootFS.Layers 0}}' busybox 2> /dev/null)
layers=$(docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' hello:1 | sed '/^$/d')
if [ -n "$base" ] && [ "$(head -n 1 <<< "$layers")" != "$base" ]; then
  echo "hello:1 is not built on busybox. Start the Dockerfile with FROM busybox."
  exit 1
fi
if [ "$(wc -l <<< "$layers")" -lt 2 ]; then
  echo "hello:1 has no layer of its own: it is busybox's files and nothing more (docker history hello:1). COPY hello.txt into it."
  exit 1
fi
if ! file=$(docker run --rm --entrypoint cat hello:1 /hello.txt 2>&1); then
  echo "hello:1 has no /hello.txt. COPY hello.txt /hello.txt puts your file there."
  exit 1
fi
out=$(docker run --rm hello:1 2>&1)
if [ -z "$file" ]; then
  echo "/hello.txt in hello:1 is empty. Write a greeting into ~/hello/hello.txt and build again."
  exit 1
fi
if [ "$out" != "$file" ]; then
  echo "hello:1 carries /hello.txt, but running it prints \"$out\" instead of it. Set CMD cat /hello.txt and build again."
  exit 1
fi
echo "hello:1 greets you with the file it carries: $out"
