"""Arguments that are not plain data, built from plain data on each side of the wire.

Some graded functions take a function or a random generator: `bidirectional` takes two RNN step
functions, and a sampler takes a seeded Generator. The grader cannot send a function, so it sends
`Make("tanh_rnn_step", W_xh=..., W_hh=..., b=...)`; the learner's process builds the step function
from those arrays with the maker below, and the grader builds the same one for its reference.

To add one: write a function from plain values (arrays, numbers) to the object, and list it in
MAKERS. Keep it small; it runs in the learner's process, so it must not import minigrad.
"""
from typing import Callable

import numpy as np


def tanh_rnn_step(W_xh: np.ndarray, W_hh: np.ndarray, b: np.ndarray) -> Callable:
    """The step of a tanh RNN, h_t = tanh(x_t W_xh^T + h_(t-1) W_hh^T + b), as step(x_t, h)."""
    def step(x, h):
        return np.tanh(x @ W_xh.T + h @ W_hh.T + b)
    return step


def generator(seed):
    """A NumPy random Generator: the learner's sampler and the reference draw the same numbers."""
    return np.random.default_rng(seed)


MAKERS = {"tanh_rnn_step": tanh_rnn_step, "generator": generator}
