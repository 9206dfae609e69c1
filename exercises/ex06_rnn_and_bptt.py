"""Exercise set 6.1: one vanilla RNN step, and backpropagation through time (chapter 6).

Shapes: a batch of B rows. x_t: (B, I), h: (B, H), W_xh: (H, I), W_hh: (H, H), b: (H,).
The equations act on column vectors; in code each row is one example, so a product W v of the
equations is v @ W.T on rows, and W^T g is g @ W.
"""
import numpy as np


def rnn_step(x, h_prev, W_xh, W_hh, b):
    """One step of the vanilla RNN, for every row of the batch:
        h_t = tanh(W_xh x_t + W_hh h_(t-1) + b).
    Returns h_t, (B, H).
    """
    raise NotImplementedError("exercise `rnn_step` in exercises/ex06_rnn_and_bptt.py: replace this line with your code")


def rnn_bptt(xs, h0, W_xh, W_hh, b, dlosses):
    """The gradients of L = sum_t l_t(h_t) for the tanh RNN run over xs from h0,
        h_t = tanh(W_xh x_t + W_hh h_(t-1) + b),   t = 1..T,
    by backpropagation through time (chapter 6, parts 2 and 3 of its derivation), where
    dlosses[t] = dl_t/dh_t, what the loss of step t alone sends into h_t, is given. h_t reaches L
    through its own loss and through every later step.

    xs: (T, B, I); h0: (B, H); dlosses: (T, B, H). Returns (dW_xh, dW_hh, db, dh0), the
    gradients of L with respect to W_xh, W_hh, b and h0, each the shape of what it differentiates
    (the weights' gradients summed over the batch).
    """
    raise NotImplementedError("exercise `rnn_bptt` in exercises/ex06_rnn_and_bptt.py: replace this line with your code")
