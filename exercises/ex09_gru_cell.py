"""Exercise set 9: the GRU cell, in the course's convention (chapter 9).

Shapes: x: (B, I), h_prev: (B, H), W_x: (3H, I) holding the input weights of z, r and the
candidate (blocks of H rows, in that order), W_h: (2H, H) the hidden weights of z and r, W_hc:
(H, H) the candidate's weights on r * h_prev, b: (3H,) the biases of z, r and the candidate.
Rows of x and h are batch items, so a product W v of the equations is v @ W.T in code.
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gru_cell(x, h_prev, W_x, W_h, W_hc, b):
    """One GRU step in the course's convention (z is the share of the new candidate):
        update gate  z = sigmoid(W_x,z x_t + W_h,z h_(t-1) + b_z)
        reset gate   r = sigmoid(W_x,r x_t + W_h,r h_(t-1) + b_r)
        candidate    h~ = tanh(W_x,c x_t + W_hc (r * h_(t-1)) + b_c)
        h_t = (1 - z) * h_(t-1) + z * h~
    Returns h_t, (B, H).
    """
    raise NotImplementedError("exercise `gru_cell` in exercises/ex09_gru_cell.py: replace this line with your code")
