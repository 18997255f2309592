#!/bin/bash
# blue and green: two running containers of the same web image. blue's page was changed in blue's own container
# layer (docker diff shows it), green's layer is empty, and green still sees the image's page.
for c in blue green; do
  state=$(docker inspect -f '{{.State.Status}}' "$c" 2> /dev/null) || { echo "There is no container named $c yet."; exit 1; }
  [ "$state" = running ] || { echo "$c is $state: both blue and green must be running."; exit 1; }
done
web=$(docker image inspect -f '{{.Id}}' web 2> /dev/null)
blue_image=$(docker inspect -f '{{.Image}}' blue)
green_image=$(docker inspect -f '{{.Image}}' green)
if [ "$blue_image" != "$green_image" ]; then
  echo "blue and green run different images: start both from web, and change blue afterwards, in the container."
  exit 1
fi
if [ "$blue_image" != "$web" ]; then
  echo "blue and green do not run the image web is now: start both from web (docker run -d --name blue web)."
  exit 1
fi
if ! docker exec blue cat /www/index.html 2> /dev/null | grep -qi blue; then
  echo "blue's /www/index.html does not say blue yet (docker exec blue cat /www/index.html)."
  exit 1
fi
if ! docker diff blue | grep -qx 'C /www/index.html'; then
  echo "blue's page says blue, but not from blue's own layer: docker diff blue shows no C /www/index.html. Change the file inside the container (docker exec), not through a mount."
  exit 1
fi
green_diff=$(docker diff green)
if [ -n "$green_diff" ]; then
  echo "green's container layer is not empty (docker diff green):"
  echo "$green_diff"
  echo "Leave green as the image made it: docker rm -f green, and run it again."
  exit 1
fi
if docker exec green cat /www/index.html 2> /dev/null | grep -qi blue; then
  echo "green's page says blue too, with nothing in its own layer, so the image itself was changed. Use the practice web image."
  exit 1
fi
echo "docker diff blue shows C /www/index.html; green, from the same image, shows nothing and serves the image's page: the change lives in blue's layer only."
