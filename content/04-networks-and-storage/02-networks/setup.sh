#!/bin/bash
# legacy: a web server on the default bridge, made before the learner's first prompt (exercise connect-legacy
# moves this very container to another network).
set -e
docker rm -f legacy > /dev/null 2>&1 || true
docker run -d --name legacy web > /dev/null
