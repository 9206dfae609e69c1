"""Exercise set 6: one vanilla RNN step, and backpropagation through time (chapter 6).

Shapes: a batch of B rows. x_t: (B, I), h: (B, H), W_xh: (H, I), W_hh: (H, H), b: (H,).
Rows are batch items, so W x from the equations is written x @ W.T in code.
"""
import numpy as np


def rnn_step(x, h_prev, W_xh, W_hh, b):
    """One step of the vanilla RNN:  h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)."""
    ### BEGIN SOLUTION
    return np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b)
    ### END SOLUTION


def rnn_bptt(xs, h0, W_xh, W_hh, b, dlosses):
    """Gradients of L = sum_t l_t(h_t) for a tanh RNN run over xs, by backpropagation through time.

    xs: (T, B, I) inputs; h0: (B, H) initial state; dlosses: (T, B, H) with dlosses[t] = dl_t/dh_t.
    Returns (dW_xh, dW_hh, db, dh0).

    Equations (g_t is the gradient at the pre-activation, delta_t = dL/dh_t):
        delta_t = dlosses[t] + g_{t+1} @ W_hh          (the recurrent term; g_{T+1} = 0)
        g_t = delta_t * (1 - h_t^2)
        dW_xh = sum_t g_t^T @ x_t,  dW_hh = sum_t g_t^T @ h_{t-1},  db = sum over t and batch of g_t
        dh0 = g_1 @ W_hh
    Hint: run the forward pass first and keep every h_t (h_0 included); then loop t backwards.
    """
    ### BEGIN SOLUTION
    hs = [h0]
    for x in xs:
        hs.append(np.tanh(x @ W_xh.T + hs[-1] @ W_hh.T + b))
    dW_xh, dW_hh, db = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b)
    g_next = np.zeros_like(h0)
    for t in reversed(range(len(xs))):
        delta = dlosses[t] + g_next @ W_hh
        g = delta * (1 - hs[t + 1] ** 2)
        dW_xh += g.T @ xs[t]
        dW_hh += g.T @ hs[t]
        db += g.sum(axis=0)
        g_next = g
    return dW_xh, dW_hh, db, g_next @ W_hh
    ### END SOLUTION
