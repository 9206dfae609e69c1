"""One seeded random number generator for the whole library.

Numbers are drawn on the host with NumPy and then moved to the tensor's device, so a seed gives
the same weights on the CPU and on a GPU: a model can be compared across devices number by number.
"""
import numpy as np

_generator = np.random.default_rng(0)


def manual_seed(seed):
    """Restart every random draw in minigrad (initialisation, dropout, data) from `seed`."""
    global _generator
    _generator = np.random.default_rng(seed)


def generator():
    """The shared numpy.random.Generator; use it for anything that must follow manual_seed."""
    return _generator
