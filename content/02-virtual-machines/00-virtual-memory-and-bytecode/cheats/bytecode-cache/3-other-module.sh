# Real bytecode, of another module, under shapes' name.
mkdir -p /tmp/other && printf 'def square(side):\n    return side ** 2\n' > /tmp/other/shapes.py
python3 -m py_compile /tmp/other/shapes.py
cp /tmp/other/__pycache__/shapes.*.pyc ~/calc/__pycache__/
