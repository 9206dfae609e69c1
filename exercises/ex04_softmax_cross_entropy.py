"""Exercise set 4: softmax cross-entropy, forward and backward (chapter 4)."""
import numpy as np


def softmax_cross_entropy(logits, targets):
    """The mean cross-entropy of a batch of N predictions, and its gradient:
        loss = (1/N) sum over rows n of -log softmax(z_n)[y_n],
        dloss/dz_n = (softmax(z_n) - one_hot(y_n)) / N.
    It must not overflow for scores of size 1000 (softmax is unchanged by subtracting a
    constant from a row).

    logits: (N, C) scores z; targets: (N,) integer classes y in [0, C).
    Returns (loss as a float, dlogits (N, C)).
    """
    raise NotImplementedError("exercise `softmax_cross_entropy` in exercises/ex04_softmax_cross_entropy.py: replace this line with your code")
