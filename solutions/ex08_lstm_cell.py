"""Exercise set 8: the LSTM cell (chapter 8).

Shapes: x: (B, I), h_prev and c_prev: (B, H), W_x: (4H, I), W_h: (4H, H), b: (4H,).
The four gates are stacked in the rows of W_x, W_h and b in the order i, f, g, o.
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_cell(x, h_prev, c_prev, W_x, W_h, b):
    """One LSTM step; returns (h_t, c_t).

        z = x W_x^T + h_prev W_h^T + b, split into four blocks of H columns: z_i, z_f, z_g, z_o
        i = sigmoid(z_i)   input gate          f = sigmoid(z_f)   forget gate
        g = tanh(z_g)      candidate           o = sigmoid(z_o)   output gate
        c_t = f * c_prev + i * g
        h_t = o * tanh(c_t)
    Hint: np.split(z, 4, axis=1) gives the four blocks in order.
    """
    ### BEGIN SOLUTION
    z = x @ W_x.T + h_prev @ W_h.T + b
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=1)
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), np.tanh(z_g), sigmoid(z_o)
    c = f * c_prev + i * g
    return o * np.tanh(c), c
    ### END SOLUTION
