"""Exercise set 8.2: the backward pass of one LSTM step, by hand (chapter 8).

The step, with the four gates stacked in the order i, f, g, o (as in ex08_lstm_cell):
    z = x W_x^T + h_prev W_h^T + b, split into four blocks of H columns: z_i, z_f, z_g, z_o
    i = sigmoid(z_i), f = sigmoid(z_f), g = tanh(z_g), o = sigmoid(z_o)
    c_t = f * c_prev + i * g,    h_t = o * tanh(c_t)
Shapes: x (B, I), h_prev and c_prev (B, H), W_x (4H, I), W_h (4H, H), b (4H,).
Derivatives: sigmoid'(z) = s*(1 - s) with s = sigmoid(z); tanh'(z) = 1 - tanh(z)^2.
"""
import numpy as np


def lstm_step_backward(x, h_prev, c_prev, W_x, W_h, b, dh, dc):
    """The gradients of a loss L with respect to everything one LSTM step reads, given
    dh = dL/dh_t (from the head and from step t+1) and dc = dL/dc_t through the cell of step t+1
    (chapter 8's delta h and delta c^next).

    c_t reaches L directly and through h_t, so its whole gradient is dc + dL/dh_t * dh_t/dc_t.
    From there the chain rule runs back through each gate to z, and through z's matrix products
    to the inputs and the weights (rows as batch items: W x is x @ W.T in code).

    Returns (dx (B, I), dh_prev (B, H), dc_prev (B, H), dW_x (4H, I), dW_h (4H, H), db (4H,)).
    Leave the inputs unchanged.
    """
    raise NotImplementedError("exercise `lstm_step_backward` in exercises/ex08_lstm_step_backward.py: replace this line with your code")
