"""Checks for exercises/ex06_rnn_output_layer.py: backpropagation from the loss through the output
layer into every hidden state, where BPTT starts."""
import numpy as np

from ... import functional as F
from ...tensor import Tensor
from ..exercise import Array, Case, Exercise, Mistake, Returns, finite_everywhere
from .tools import sizes


def output_layer_cases(rng):
    steps = int(rng.integers(3, 7))
    batch, hidden, classes = sizes(rng, 3, low=2, high=8)
    cases = []
    for scale, what in ((1.0, "ordinary states"), (3000.0, "huge scores (stability)")):
        hs = np.tanh(rng.normal(size=(steps, batch, hidden)))
        W_hy, b_y = rng.normal(size=(classes, hidden)) * scale, rng.normal(size=classes)
        targets = rng.integers(0, classes, size=(steps, batch))
        cases.append(Case((hs, W_hy, b_y, targets),
                          f"{what}: {steps} steps, batch {batch}, hidden {hidden}, "
                          f"{classes} classes"))
    return cases


def output_layer_backward(hs, W_hy, b_y, targets, per=None):
    """minigrad's gradients of the mean cross-entropy over every step and batch item (or, with
    `per`, the loss divided by that count instead)."""
    states, weights, bias = (Tensor(a, dtype="float64", requires_grad=True)
                             for a in (hs, W_hy, b_y))
    logits = states @ weights.T + bias
    loss = F.cross_entropy(logits, targets, reduction="sum" if per else "mean")
    (loss / per if per else loss).backward()
    return weights.grad, bias.grad, states.grad


def without_one_hot(hs, W_hy, b_y, targets):
    scores = hs @ W_hy.T + b_y
    p = np.exp(scores - scores.max(axis=-1, keepdims=True))
    d_scores = p / p.sum(axis=-1, keepdims=True) / targets.size
    return (np.einsum("tbc,tbh->ch", d_scores, hs), d_scores.sum(axis=(0, 1)), d_scores @ W_hy)


EXERCISES = [
    Exercise(
        name="output_layer_backward", file="ex06_rnn_output_layer.py", chapter="06",
        cases=output_layer_cases, reference=output_layer_backward,
        answer=Returns(Array("dW_hy", "dW_hy = sum over t of (p_t - y_t)^T h_t / N"),
                       Array("db_y", "db_y = sum over t and batch of (p_t - y_t) / N"),
                       Array("dh", "dh[t] = (p_t - y_t) W_hy / N, with N = T*B")),
        points={"dW_hy": 1, "db_y": 1, "dh": 1}, keeps_inputs=True,
        mistakes=(
            Mistake("the result contains inf or nan: subtract each row's largest score before "
                    "exponentiating", matches=lambda value, args: not finite_everywhere(value)),
            Mistake("the gradients are N = T*B times too large: the loss is the mean over every "
                    "step and batch item, so each p_t - y_t is divided by N",
                    computes=lambda hs, W, b, y: output_layer_backward(hs, W, b, y, per=1)),
            Mistake("the gradients are divided by the batch size B only: the loss averages over "
                    "all T*B predictions, so divide by N = T*B",
                    computes=lambda hs, W, b, y: output_layer_backward(hs, W, b, y,
                                                                       per=hs.shape[1])),
            Mistake("the gradient at the scores is softmax(o_t) alone: softmax followed by "
                    "cross-entropy gives p_t - y_t, with y_t the one-hot target",
                    computes=without_one_hot),
            Mistake("db_y has one row per step: the bias is shared by every step, so its gradient "
                    "sums over time as well as over the batch", part="db_y",
                    matches=lambda value, args: np.shape(value) == (len(args[0]), len(args[2]))),
        ),
        hints=(
            "Softmax followed by cross-entropy has chapter 4's short gradient: at step t the "
            "scores' gradient is p_t - y_t (y_t one-hot), divided by N = T*B for the mean.",
            "The output layer o_t = W_hy h_t + b_y is the same at every step: its weights collect "
            "a sum over steps and batch items, and h_t receives W_hy^T (p_t - y_t) / N.",
            "With rows as batch items: G = (p - one_hot(targets)) / N of shape (T, B, C); dW_hy = "
            "sum over t and b of G[t, b] outer h[t, b]; db_y = G summed over (0, 1); dh = G @ "
            "W_hy.",
        )),
]
