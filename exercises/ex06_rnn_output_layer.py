"""Exercise set 6.2: from the loss into the hidden states, through the output layer (chapter 6).

A many-to-many RNN predicts at every step from its hidden state, and its loss is the mean
cross-entropy over all N = T*B predictions:
    o_t = W_hy h_t + b_y,   p_t = softmax(o_t),   L = (1/N) sum over t and batch of -log p_t[y_t].
Shapes, rows as batch items: hs (T, B, H) holds h_1..h_T; W_hy (C, H); b_y (C,); targets (T, B)
integers in [0, C). The gradient dh it returns is what rnn_bptt (ex06_rnn_and_bptt) takes as
dlosses: together they are backpropagation through time from the loss.
"""
import numpy as np


def output_layer_backward(hs, W_hy, b_y, targets):
    """The gradients of L with respect to the output layer's W_hy and b_y, and with respect to
    every hidden state h_t through the output layer alone (chapter 6, part 1 of its derivation;
    rnn_bptt adds what comes back from the later steps). Compute the softmax stably (scores of
    size 1000 must not overflow).

    Returns (dW_hy (C, H), db_y (C,), dh (T, B, H)), where dh[t] is dL/dh_t through the output
    layer alone, one row per batch item. Leave the inputs unchanged.
    """
    raise NotImplementedError("exercise `output_layer_backward` in exercises/ex06_rnn_output_layer.py: replace this line with your code")
