# Run shapes.py itself: a script run directly is compiled, but never cached.
python3 ~/calc/shapes.py
