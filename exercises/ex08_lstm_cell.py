"""Exercise set 8.1: the LSTM cell (chapter 8). Shapes: x (B, I), h_prev and c_prev (B, H),
W_x (4H, I), W_h (4H, H), b (4H,): the weights of the four gates stacked in rows, in the order
i, f, g, o (rows 0..H-1 for i, H..2H-1 for f, ...). Rows of x and h are batch items, so a product
W v of the equations is v @ W.T in code.
"""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_cell(x, h_prev, c_prev, W_x, W_h, b):
    """One LSTM step, as chapter 8 writes it, each gate reading x_t and h_(t-1) through its
    own weights (its block of W_x, W_h and b):
        input gate i = sigmoid(W_x,i x_t + W_h,i h_(t-1) + b_i),  forget gate f, output gate o
        likewise; candidate g = tanh(W_x,g x_t + W_h,g h_(t-1) + b_g);
        c_t = f * c_(t-1) + i * g,        h_t = o * tanh(c_t).
    Returns (h_t, c_t), each (B, H).
    """
    raise NotImplementedError("exercise `lstm_cell` in exercises/ex08_lstm_cell.py: replace this line with your code")
