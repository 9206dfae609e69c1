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
    ### BEGIN SOLUTION
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(targets))
    loss = -log_probs[rows, targets].mean()
    dlogits = np.exp(log_probs)
    dlogits[rows, targets] -= 1
    return loss, dlogits / len(targets)
    ### END SOLUTION
