"""Exercise set 4: softmax cross-entropy, forward and backward (chapter 4)."""
import numpy as np


def softmax_cross_entropy(logits, targets):
    """Mean cross-entropy of a batch and its gradient with respect to the logits.

    logits: (N, C) scores; targets: (N,) integer classes in [0, C).
    Returns (loss, dlogits) where
        loss = mean over rows of -log softmax(logits)[row, target]
        dlogits = (softmax(logits) - one_hot(targets)) / N
    It must be stable: subtract each row's maximum before exponentiating, so that logits of
    1000 do not overflow.
    Hint: log softmax(z) = z - max(z) - log(sum(exp(z - max(z)))).
    """
    raise NotImplementedError("exercise `softmax_cross_entropy` in exercises/ex04_softmax_cross_entropy.py: replace this line with your code")
