#!/bin/bash
# Recompile shapes.py here and compare with the cached bytecode: the cache must be Python's own, for this source.
python3 - <<'PY'
import importlib.util, marshal, os, sys
src = os.path.expanduser("~/calc/shapes.py")
pyc = importlib.util.cache_from_source(src)
short = pyc.replace(os.path.expanduser("~"), "~")
if not os.path.exists(pyc):
    print(f"There is no {short} yet: Python has not cached shapes.py's bytecode.")
    sys.exit(1)
data = open(pyc, "rb").read()
if data[:4] != importlib.util.MAGIC_NUMBER:
    print(f"{short} is not bytecode of this Python (its first four bytes are not Python {sys.version_info.major}.{sys.version_info.minor}'s magic number).")
    sys.exit(1)
st = os.stat(src)
if int.from_bytes(data[4:8], "little") == 0 and (data[8:12] != (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little") or data[12:16] != (st.st_size & 0xFFFFFFFF).to_bytes(4, "little")):
    print(f"{short} was made for another version of shapes.py (its time and size do not match).")
    sys.exit(1)
try:
    code = marshal.loads(data[16:])
except Exception as err:
    print(f"{short} does not hold a code object ({err}).")
    sys.exit(1)
if code != compile(open(src).read(), src, "exec"):
    print(f"{short} holds bytecode, but not that of ~/calc/shapes.py.")
    sys.exit(1)
print(f"{short} holds the bytecode of shapes.py, {len(data)} bytes, for Python {sys.version_info.major}.{sys.version_info.minor}.")
PY
