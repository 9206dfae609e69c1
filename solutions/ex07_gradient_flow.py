"""Exercise set 7: measuring gradients through time, clipping them, and truncating BPTT
(chapter 7). The RNN is chapter 6's: h_t = tanh(W_xh x_t + W_hh h_(t-1) + b), rows as batch
items (a product W v is v @ W.T in code)."""
import numpy as np


def gradient_norms_through_time(hs, W_hh, dh_last):
    """How large dL/dh_t is at every step when the loss depends on the last state alone.

    One step back multiplies by the transpose of the step's Jacobian (chapter 7):
        dL/dh_(t-1) = W_hh^T ((1 - h_t^2) * dL/dh_t).
    The size of dL/dh_t is its Frobenius norm over the batch, sqrt(sum of its squares).

    hs: (T, B, H), the states h_1..h_T; W_hh: (H, H); dh_last: (B, H) = dL/dh_T.
    Returns an array of T norms: entry t is ||dL/dh_(t+1)||, so the last entry is ||dh_last||.
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
    """Gradient norm clipping over all the parameters together (chapter 7):
        g <- min(1, max_norm / ||g||) g,
    where g is every array of the list seen as one long vector, and ||g|| its Euclidean norm
    (the square root of the sum of every squared entry). The direction of g is kept.

    grads: a list of arrays; max_norm: a positive number.
    Returns (the clipped arrays as a new list, ||g|| measured before clipping). Leave the inputs
    unchanged.
    """
    ### BEGIN SOLUTION
    norm = float(np.sqrt(sum((g * g).sum() for g in grads)))
    scale = max_norm / norm if norm > max_norm else 1.0
    return [g * scale for g in grads], norm
    ### END SOLUTION


def truncated_bptt(xs, h0, W_xh, W_hh, b, dlosses, window):
    """Truncated backpropagation through time over one long sequence: the steps are cut into
    windows of `window` steps (0..window-1, window..2*window-1, ...; the last may be shorter).
    The forward pass carries the state across windows; the backward pass stops at the start of
    each window, treating the state that enters it as a constant (what state.detach() does).
    The gradients of all the windows add up.

    Same RNN and loss as rnn_bptt (ex06): h_t = tanh(W_xh x_t + W_hh h_(t-1) + b), L = sum_t
    l_t(h_t), dlosses[t] = dl_t/dh_t given.

    xs: (T, B, I); h0: (B, H); dlosses: (T, B, H); window: a whole number of steps, at least 1.
    Returns (dW_xh, dW_hh, db), the truncated gradients, each the shape of what it differentiates.
    Leave the inputs unchanged.
    """
    ### BEGIN SOLUTION
    hs = [h0]
    for x in xs:
        hs.append(np.tanh(x @ W_xh.T + hs[-1] @ W_hh.T + b))
    dW_xh, dW_hh, db = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b)
    g_next = np.zeros_like(h0)
    for t in reversed(range(len(xs))):
        if (t + 1) % window == 0:
            g_next = np.zeros_like(h0)                  # the next window's gradient stops here
        g = (dlosses[t] + g_next @ W_hh) * (1 - hs[t + 1] ** 2)
        dW_xh += g.T @ xs[t]
        dW_hh += g.T @ hs[t]
        db += g.sum(axis=0)
        g_next = g
    return dW_xh, dW_hh, db
    ### END SOLUTION
