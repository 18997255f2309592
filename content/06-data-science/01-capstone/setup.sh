#!/bin/bash
# A data scientist's project folder: a training script and a notebook, edited in the sandbox, run in containers.
set -e
mkdir -p ~/project
cat > ~/project/train.py <<'EOF'
"""Train a small classifier on the wine data that ships with scikit-learn, and save what it scored."""
import hashlib
import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

MAX_DEPTH = 2  # how deep each tree may grow

wine = load_wine(as_frame=True)
X_train, X_test, y_train, y_test = train_test_split(wine.data, wine.target, test_size=0.3, random_state=0)
model = RandomForestClassifier(n_estimators=50, max_depth=MAX_DEPTH, random_state=0)
model.fit(X_train, y_train)
predicted = model.predict(X_test)

result = {
    "max_depth": MAX_DEPTH,
    "accuracy": round(float(np.mean(predicted == y_test)), 4),
    "predictions_sha256": hashlib.sha256(predicted.astype("int64").tobytes()).hexdigest(),
    "python": platform.python_version(),
    "numpy": np.__version__,
    "pandas": pd.__version__,
    "scikit-learn": sklearn.__version__,
}
Path("results").mkdir(exist_ok=True)
Path("results/metrics.json").write_text(json.dumps(result, indent=2) + "\n")
print(json.dumps(result, indent=2))
EOF
cat > ~/project/explore.ipynb <<'EOF'
{
 "cells": [
  {"cell_type": "markdown", "id": "about", "metadata": {}, "source": ["# The wine data\n", "178 wines, 13 measurements each, 3 grape varieties (the `target`)."]},
  {"cell_type": "code", "id": "counts", "execution_count": null, "metadata": {}, "outputs": [], "source": ["from sklearn.datasets import load_wine\n", "wine = load_wine(as_frame=True)\n", "wine.frame.groupby(\"target\").size()"]},
  {"cell_type": "code", "id": "means", "execution_count": null, "metadata": {}, "outputs": [], "source": ["wine.frame.groupby(\"target\")[[\"alcohol\", \"color_intensity\"]].mean().round(2)"]}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}, "language_info": {"name": "python"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
EOF
