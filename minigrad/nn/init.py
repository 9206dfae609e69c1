"""Initialisation. All draws come from minigrad's one generator, so manual_seed fixes them."""
import math

from ..random import generator
from .module import Parameter


def uniform(shape, bound, dtype=None, device=None):
    """A Parameter drawn uniformly from [-bound, bound]."""
    return Parameter(generator().uniform(-bound, bound, size=shape), dtype=dtype, device=device)


def fan_in_uniform(shape, fan_in, dtype=None, device=None):
    """Uniform in ±1/sqrt(fan_in): each output starts with a variance that does not grow with the
    number of inputs it sums. The recurrent layers use fan_in = hidden size."""
    return uniform(shape, 1 / math.sqrt(fan_in), dtype=dtype, device=device)


def normal(shape, std=1.0, dtype=None, device=None):
    """A Parameter drawn from a normal distribution with mean 0."""
    return Parameter(generator().normal(0.0, std, size=shape), dtype=dtype, device=device)
