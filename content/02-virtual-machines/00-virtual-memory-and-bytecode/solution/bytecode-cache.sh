cd ~/calc
python3 area.py 3
ls __pycache__
