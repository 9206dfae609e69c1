"""Ways to make tensors: filled with a constant, or random (following minigrad.manual_seed)."""
import numbers

import numpy as np

from .random import generator
from .tensor import Tensor


def tensor(data, requires_grad=False, dtype=None, device=None):
    """Same as Tensor(...): a copy of `data` as a tensor."""
    return Tensor(data, requires_grad=requires_grad, dtype=dtype, device=device)


def zeros(*shape, requires_grad=False, dtype=None, device=None):
    """A tensor of zeros of the given shape."""
    return Tensor(np.zeros(_shape(shape)), requires_grad=requires_grad, dtype=dtype, device=device)


def ones(*shape, requires_grad=False, dtype=None, device=None):
    """A tensor of ones of the given shape."""
    return Tensor(np.ones(_shape(shape)), requires_grad=requires_grad, dtype=dtype, device=device)


def randn(*shape, requires_grad=False, dtype=None, device=None):
    """Standard normal samples (mean 0, variance 1)."""
    return Tensor(generator().standard_normal(_shape(shape)), requires_grad=requires_grad,
                  dtype=dtype, device=device)


def rand(*shape, requires_grad=False, dtype=None, device=None):
    """Uniform samples in [0, 1)."""
    return Tensor(generator().random(_shape(shape)), requires_grad=requires_grad, dtype=dtype,
                  device=device)


def _shape(shape):
    """zeros(2, 3) and zeros((2, 3)) alike, each size a whole number >= 0."""
    shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    for size in shape:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 0:
            raise TypeError(f"sizes must be whole numbers >= 0, as in zeros(2, 3) or "
                            f"zeros((2, 3)); got {shape}.")
    return shape
