# The right file, but the image never left the engine.
docker save -o ~/quote-2.0.tar 127.0.0.1:5050/quote:2.0
