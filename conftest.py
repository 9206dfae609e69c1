"""Repository-wide pytest set-up: the notebooks' Jupyter kernels start in notebooks/ (or
solutions/), so they need the repository on their PYTHONPATH to import minigrad even when it is
not installed; pytest's own `pythonpath` option does not reach them."""
import os
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent)
os.environ["PYTHONPATH"] = os.pathsep.join(
    [ROOT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
