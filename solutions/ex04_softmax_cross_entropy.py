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
    ### BEGIN SOLUTION
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(targets))
    loss = -log_probs[rows, targets].mean()
    dlogits = np.exp(log_probs)
    dlogits[rows, targets] -= 1
    return loss, dlogits / len(targets)
    ### END SOLUTION
