# A file with the right name.
mkdir -p ~/calc/__pycache__
echo "bytecode" > "$(python3 -c 'import importlib.util, os; print(importlib.util.cache_from_source(os.path.expanduser("~/calc/shapes.py")))')"
