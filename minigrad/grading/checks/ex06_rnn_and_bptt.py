"""Checks for exercises/ex06_rnn_and_bptt.py: one step of the vanilla RNN, and backpropagation
through time."""
import numpy as np

from ...tensor import Tensor
from ..exercise import Array, Case, Exercise, Mistake, Returns
from .tools import autodiff, sizes


def rnn_arrays(rng, steps):
    """Inputs, initial state, weights and per-step loss gradients of a small tanh RNN, with batch,
    input and hidden sizes all different."""
    batch, inputs, hidden = sizes(rng, 3)
    return dict(xs=rng.normal(size=(steps, batch, inputs)), h0=rng.normal(size=(batch, hidden)) * 0.5,
                W_xh=rng.normal(size=(hidden, inputs)) * 0.5,
                W_hh=rng.normal(size=(hidden, hidden)) * 0.5, b=rng.normal(size=hidden) * 0.1,
                dlosses=rng.normal(size=(steps, batch, hidden)))


def rnn_step_cases(rng):
    p = rnn_arrays(rng, steps=1)
    batch, inputs = p["xs"].shape[1:]
    return [Case((p["xs"][0], p["h0"], p["W_xh"], p["W_hh"], p["b"]),
                 f"batch {batch}, input {inputs}, hidden {len(p['b'])}")]


def rnn_step(x, h_prev, W_xh, W_hh, b):
    return np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b)


def rnn_bptt_cases(rng):
    p = rnn_arrays(rng, steps=int(rng.integers(4, 7)))
    steps, batch, inputs = p["xs"].shape
    return [Case(tuple(p[k] for k in ("xs", "h0", "W_xh", "W_hh", "b", "dlosses")),
                 f"{steps} steps, batch {batch}, input {inputs}, hidden {len(p['b'])}")]


def rnn_bptt(xs, h0, W_xh, W_hh, b, dlosses):
    """minigrad's gradients of L = sum_t sum(h_t * dlosses[t]) for the unrolled RNN."""
    def unrolled(W_xh, W_hh, b, h):
        total = 0
        for x, dloss in zip(xs, dlosses):
            h = (Tensor(x, dtype="float64") @ W_xh.T + h @ W_hh.T + b).tanh()
            total = total + (h * Tensor(dloss, dtype="float64")).sum()
        return total
    return tuple(autodiff(unrolled, [W_xh, W_hh, b, h0], np.ones(())))


def bptt_without_recurrent_term(xs, h0, W_xh, W_hh, b, dlosses):
    """What a BPTT computes that forgets the gradient coming back from step t+1."""
    hs = [h0]
    for x in xs:
        hs.append(np.tanh(x @ W_xh.T + hs[-1] @ W_hh.T + b))
    dW_hh = sum((dlosses[t] * (1 - hs[t + 1] ** 2)).T @ hs[t] for t in range(len(xs)))
    return None, dW_hh, None, None


def dh0_without_W_hh(xs, h0, W_xh, W_hh, b, dlosses):
    """dh0 left as g_1, the gradient at the first pre-activation, one step short of h0."""
    first = Tensor(xs[0] @ W_xh.T + h0 @ W_hh.T + b, dtype="float64", requires_grad=True)
    weights = [Tensor(w, dtype="float64") for w in (W_xh, W_hh, b)]
    h = first.tanh()
    total = (h * Tensor(dlosses[0], dtype="float64")).sum()
    for x, dloss in zip(xs[1:], dlosses[1:]):
        h = (Tensor(x, dtype="float64") @ weights[0].T + h @ weights[1].T + weights[2]).tanh()
        total = total + (h * Tensor(dloss, dtype="float64")).sum()
    total.backward()
    return None, None, None, first.grad


WEIGHT_GRADIENTS = (("dW_xh", "dW_xh = sum_t g_t^T @ x_t"),
                    ("dW_hh", "dW_hh = sum_t g_t^T @ h_(t-1)"),
                    ("db", "db = sum over t and batch of g_t"))


def bptt_answer(how_g_is_found: str, *more) -> Returns:
    """The weights' gradients of a BPTT (and `more` (name, equation) pairs), each with its
    equation and how g_t, the gradient at the pre-activation, is found."""
    return Returns(*(Array(name, f"{equation}, {how_g_is_found}")
                     for name, equation in WEIGHT_GRADIENTS + more))


EXERCISES = [
    Exercise(
        name="rnn_step", file="ex06_rnn_and_bptt.py", chapter="06",
        cases=rnn_step_cases, reference=rnn_step,
        answer=Array("h_t", "h_t = tanh(x W_xh^T + h_prev W_hh^T + b)"), points=1,
        mistakes=(
            Mistake("h_prev is multiplied by W_hh without the transpose: rows are batch items, so "
                    "W_hh h_(t-1) is written h_prev @ W_hh.T",
                    computes=lambda x, h, W_xh, W_hh, b: np.tanh(x @ W_xh.T + h @ W_hh + b)),
            Mistake("h_t is the pre-activation: apply tanh",
                    computes=lambda x, h, W_xh, W_hh, b: x @ W_xh.T + h @ W_hh.T + b),
        ),
        hints=(
            "Check the shapes: x (B, I) and W_xh (H, I) multiply as x @ W_xh.T, giving (B, H).",
            "The same for the recurrent term: h_prev @ W_hh.T; the bias b (H,) broadcasts over the"
            " rows.",
        )),
    Exercise(
        name="rnn_bptt", file="ex06_rnn_and_bptt.py", chapter="06",
        cases=rnn_bptt_cases, reference=rnn_bptt,
        answer=bptt_answer("with g_t = delta_t * (1 - h_t^2) and "
                           "delta_t = dlosses[t] + g_(t+1) @ W_hh", ("dh0", "dh0 = g_1 @ W_hh")),
        points=3,
        mistakes=(
            Mistake("dW_hh matches a BPTT without the recurrent term: dL/dh_t must also collect the "
                    "gradient coming back from step t+1, delta_t = dlosses[t] + g_(t+1) @ W_hh",
                    computes=bptt_without_recurrent_term, part="dW_hh"),
            Mistake("dh0 is g_1, the gradient at the first pre-activation: carry it one step "
                    "further back, dh0 = g_1 @ W_hh", computes=dh0_without_W_hh, part="dh0"),
        ),
        hints=(
            "Run the forward pass first and keep every state, h_0 included: the backward pass "
            "needs h_t and h_(t-1) at every step.",
            "Chapter 6's recursion, from the last step back, with g_t = dL/da_t at the "
            "pre-activation and g_(T+1) = 0: delta_t = dL/dh_t = dl_t/dh_t + W_hh^T g_(t+1), "
            "g_t = delta_t * (1 - h_t^2). The shared weights collect sums over the steps: "
            "dW_xh = sum_t g_t x_t^T, dW_hh = sum_t g_t h_(t-1)^T, db = sum_t g_t; and "
            "dh0 = W_hh^T g_1.",
            "Loop t from T-1 down to 0, carrying g_next (zero at first): delta = dlosses[t] + "
            "g_next @ W_hh is dL/dh_t, both paths.",
            "g = delta * (1 - h_t^2); add g.T @ x_t to dW_xh, g.T @ h_(t-1) to dW_hh and g summed "
            "over the batch to db; then g_next = g. After the loop, dh0 = g_next @ W_hh.",
        )),
]
