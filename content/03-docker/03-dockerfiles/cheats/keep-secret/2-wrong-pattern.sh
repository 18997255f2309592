# A .dockerignore pattern written as a path in the image: patterns are relative to the build folder.
cd ~/shop
echo '/app/secrets.env' > .dockerignore
docker build -q -t shop:1 .
