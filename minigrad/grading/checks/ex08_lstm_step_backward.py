"""Checks for exercises/ex08_lstm_step_backward.py: the backward pass of one LSTM step by hand, with
partial credit per gradient."""
import numpy as np

from ...tensor import Tensor
from ..exercise import Array, Case, Exercise, Mistake, Returns
from .ex08_lstm_cell import lstm_cell_cases, lstm_gates
from .tools import sigmoid

GRADIENTS = ("dx", "dh_prev", "dc_prev", "dW_x", "dW_h", "db")


def lstm_backward_cases(rng):
    (case,) = lstm_cell_cases(rng)
    batch, hidden = case.args[1].shape
    upstream = (rng.normal(size=(batch, hidden)), rng.normal(size=(batch, hidden)))
    return [Case(case.args + upstream, case.about + ", with dh and dc from above")]


def lstm_step_backward(x, h_prev, c_prev, W_x, W_h, b, dh, dc):
    """minigrad's gradients of L = sum(h_t * dh) + sum(c_t * dc) for one LSTM step."""
    inputs = [Tensor(a, dtype="float64", requires_grad=True)
              for a in (x, h_prev, c_prev, W_x, W_h, b)]
    x_, h_, c_, W_x_, W_h_, b_ = inputs
    z = x_ @ W_x_.T + h_ @ W_h_.T + b_
    hidden = h_prev.shape[1]
    i, f, g, o = (z[:, k * hidden:(k + 1) * hidden] for k in range(4))
    c = i.sigmoid() * g.tanh() + f.sigmoid() * c_
    h = o.sigmoid() * c.tanh()
    ((h * Tensor(dh, dtype="float64")).sum() + (c * Tensor(dc, dtype="float64")).sum()).backward()
    return tuple(t.grad for t in inputs)


def by_hand(x, h_prev, c_prev, W_x, W_h, b, dh, dc, through_h=True, tanh_of_c=True,
            sigmoid_slope=True, order="ifgo"):
    """The backward pass written out, with one known mistake switched on or off."""
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = f * c_prev + i * g
    slope = 1 - np.tanh(c) ** 2 if tanh_of_c else 1 - c ** 2
    dc_total = dc + (dh * o * slope if through_h else 0)
    gate = (lambda s: s * (1 - s)) if sigmoid_slope else (lambda s: s)
    dz = {"i": dc_total * g * gate(i), "f": dc_total * c_prev * gate(f),
          "g": dc_total * i * (1 - g ** 2), "o": dh * np.tanh(c) * gate(o)}
    stacked = np.concatenate([dz[name] for name in order], axis=1)
    return (stacked @ W_x, stacked @ W_h, dc_total * f, stacked.T @ x, stacked.T @ h_prev,
            stacked.sum(axis=0))


EXERCISES = [
    Exercise(
        name="lstm_step_backward", file="ex08_lstm_step_backward.py", chapter="08",
        cases=lstm_backward_cases, reference=lstm_step_backward,
        answer=Returns(Array("dx", "dx = dz @ W_x"), Array("dh_prev", "dh_prev = dz @ W_h"),
                       Array("dc_prev", "dc_prev = dc_t * f, with "
                                        "dc_t = dc + dh*o*(1 - tanh(c_t)^2)"),
                       Array("dW_x", "dW_x = dz^T @ x"), Array("dW_h", "dW_h = dz^T @ h_prev"),
                       Array("db", "db = dz summed over the batch, dz = [dz_i, dz_f, dz_g, dz_o]"),
                       check_order=("dc_prev", "db", "dW_x", "dW_h", "dx", "dh_prev")),
        points={name: 1 for name in GRADIENTS}, keeps_inputs=True,
        mistakes=(
            Mistake("dc_prev misses the path through h_t: c_t reaches the loss directly (dc) and "
                    "through h_t = o*tanh(c_t), so dc_t = dc + dh*o*(1 - tanh(c_t)^2) before "
                    "dc_prev = dc_t * f", computes=lambda *a: by_hand(*a, through_h=False),
                    part="dc_prev"),
            Mistake("the gradients are stacked in the order i, f, o, g (CS231n's); the course "
                    "stacks the gates i, f, g, o, as in W_x's rows",
                    computes=lambda *a: by_hand(*a, order="ifog")),
            Mistake("the derivative of tanh(c_t) was written 1 - c_t^2: it is 1 - tanh(c_t)^2",
                    computes=lambda *a: by_hand(*a, tanh_of_c=False)),
            Mistake("the sigmoid's derivative was taken as sigma(z): it is "
                    "sigma(z)*(1 - sigma(z)), with sigma(z) the gate's value",
                    computes=lambda *a: by_hand(*a, sigmoid_slope=False)),
        ),
        hints=(
            "Recompute the forward step first (z, the four gates, c_t): the backward pass needs "
            "every intermediate value. Then go backwards from h_t = o*tanh(c_t).",
            "c_t gets gradient from two places: dc from above, and through h_t, dh * o * (1 - "
            "tanh(c_t)^2). Add them into dc_t first; dc_prev = dc_t * f.",
            "For each gate, the gradient at its pre-activation: dz_o = dh*tanh(c_t)*o*(1 - o), "
            "dz_i = dc_t*g*i*(1 - i), dz_f = dc_t*c_prev*f*(1 - f), dz_g = dc_t*i*(1 - g^2).",
            "Stack dz = [dz_i, dz_f, dz_g, dz_o] along axis 1 (B, 4H), as z was split. Then dx = "
            "dz @ W_x, dh_prev = dz @ W_h, dW_x = dz.T @ x, dW_h = dz.T @ h_prev, db = "
            "dz.sum(axis=0).",
        )),
]
