"""Exercise set 7: measuring gradients through time, and clipping them (chapter 7)."""
import numpy as np


def gradient_norms_through_time(hs, W_hh, dh_last):
    """The norm of dL/dh_t for every step, when the loss depends only on the last state.

    hs: (T, B, H), the states h_1..h_T of a tanh RNN (h_t = tanh(... + h_{t-1} @ W_hh.T));
    dh_last: (B, H) = dL/dh_T. Returns a length-T array whose entry t is ||dL/dh_{t+1}|| (the
    Frobenius norm over the batch), so the last entry is ||dh_last||.

    Equation: dL/dh_{t-1} = (dL/dh_t * (1 - h_t^2)) @ W_hh.
    """
    ### BEGIN SOLUTION
    norms = np.zeros(len(hs))
    delta = dh_last
    for t in reversed(range(len(hs))):
        norms[t] = np.linalg.norm(delta)
        delta = (delta * (1 - hs[t] ** 2)) @ W_hh
    return norms
    ### END SOLUTION


def clip_by_global_norm(grads, max_norm):
    """Scale a list of gradient arrays together so their joint L2 norm is at most max_norm.

    Returns (clipped, norm) where norm = sqrt(sum of all squared entries) *before* clipping and
    clipped is a new list (the inputs are not modified). If norm <= max_norm nothing changes;
    otherwise every array is multiplied by max_norm / norm, which keeps the direction.
    """
    ### BEGIN SOLUTION
    norm = float(np.sqrt(sum((g * g).sum() for g in grads)))
    scale = max_norm / norm if norm > max_norm else 1.0
    return [g * scale for g in grads], norm
    ### END SOLUTION
