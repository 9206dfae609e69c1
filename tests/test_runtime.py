"""Process-wide settings are explicit: importing minigrad changes nothing, the course's call does."""
import os
import subprocess
import sys

import pytest

from minigrad.runtime import limit_blas_threads

PROBE = """
import minigrad as mg
from minigrad.runtime import blas_threads
before = blas_threads()
settings = mg.use_course_settings()
print(before, blas_threads(), settings["blas_threads"])
"""


def test_import_leaves_blas_threads_alone_and_course_settings_pin_one():
    env = dict(os.environ, OPENBLAS_NUM_THREADS="2", OMP_NUM_THREADS="2", MKL_NUM_THREADS="2")
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                            check=True)
    before, after, reported = map(int, result.stdout.split())
    assert before == 2, "importing minigrad must not change NumPy's BLAS threads"
    assert after == reported == 1


@pytest.mark.parametrize("threads", [0, -1, 1.5, "2"])
def test_limit_blas_threads_refuses_anything_but_a_positive_integer(threads):
    with pytest.raises(ValueError, match="positive integer"):
        limit_blas_threads(threads)
