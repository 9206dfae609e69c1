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
    ### BEGIN SOLUTION
    z = x @ W_x.T + h_prev @ W_h.T + b
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=1)
    i, f, o = (1 / (1 + np.exp(-v)) for v in (z_i, z_f, z_o))
    g = np.tanh(z_g)
    tanh_c = np.tanh(f * c_prev + i * g)
    dc_t = dc + dh * o * (1 - tanh_c ** 2)
    dz = np.concatenate([dc_t * g * i * (1 - i), dc_t * c_prev * f * (1 - f),
                         dc_t * i * (1 - g ** 2), dh * tanh_c * o * (1 - o)], axis=1)
    return dz @ W_x, dz @ W_h, dc_t * f, dz.T @ x, dz.T @ h_prev, dz.sum(axis=0)
    ### END SOLUTION
