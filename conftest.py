"""Repository-wide pytest set-up.

- The notebooks' Jupyter kernels start in notebooks/ (or solutions/), so they need the repository
  on their PYTHONPATH to import minigrad even when it is not installed; pytest's own `pythonpath`
  option does not reach them.
- MINIGRAD_TRY_IT=strict, so that a solved exercise notebook fails on a "try it" cell that fails.
- One BLAS thread, in this process and in every kernel and grader process it starts: on a small
  shared machine NumPy's default of one thread per core made the suite several times slower
  under load, and results would otherwise depend on the machine's core count.
"""
import os
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent)
os.environ["PYTHONPATH"] = os.pathsep.join(
    [ROOT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
# The solved exercise notebooks' "try it" cells must pass, not print a gentle line (see
# minigrad/grading/notebook.py): under the tests, try_it lets every error through.
os.environ["MINIGRAD_TRY_IT"] = "strict"

from minigrad.runtime import limit_blas_threads  # noqa: E402  (after the variables are set)

limit_blas_threads(1)
