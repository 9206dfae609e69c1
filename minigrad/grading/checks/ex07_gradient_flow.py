"""Checks for exercises/ex07_gradient_flow.py: gradient norms through time, clipping by the
global norm, and truncated backpropagation through time."""
import numpy as np

from ...tensor import Tensor
from ..exercise import Array, Arrays, Case, Exercise, Mistake, Returns, Scalar
from .ex06_rnn_and_bptt import bptt_answer, rnn_arrays, rnn_bptt, rnn_step
from .tools import autodiff


def gradient_norm_cases(rng):
    p = rnn_arrays(rng, steps=int(rng.integers(6, 10)))
    h, states = p["h0"], []
    for x in p["xs"]:
        h = rnn_step(x, h, p["W_xh"], p["W_hh"], p["b"])
        states.append(h)
    steps, batch, hidden = p["dlosses"].shape
    return [Case((np.stack(states), p["W_hh"], p["dlosses"][-1]),
                 f"{steps} states of a tanh RNN, batch {batch}, hidden {hidden}")]


def all_state_gradient_norms(hs, W_hh, dh_last):
    """[||dL/dh_0||, ||dL/dh_1||, ..., ||dL/dh_T||] when L depends on h_T only (h_0 included)."""
    norms, delta = [np.linalg.norm(dh_last)], dh_last
    for h in hs[::-1]:
        delta = (delta * (1 - h ** 2)) @ W_hh
        norms.append(np.linalg.norm(delta))
    return np.array(norms[::-1])


def gradient_norms_through_time(hs, W_hh, dh_last):
    return all_state_gradient_norms(hs, W_hh, dh_last)[1:]


def clip_cases(rng):
    first, second = (int(n) for n in rng.integers(2, 6, size=2))
    cases = []
    for max_norm, what in ((1.0, "a norm above max_norm"), (100.0, "a norm below max_norm")):
        grads = [rng.normal(size=(first, second)) * 2, rng.normal(size=second + 1) * 2]
        cases.append(Case((grads, max_norm), f"two gradients of shapes {grads[0].shape} and "
                                             f"{grads[1].shape}, max_norm {max_norm:g} ({what})"))
    return cases


def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum((g ** 2).sum() for g in grads)))
    return [g * min(1.0, max_norm / norm) for g in grads], norm


def norm_after_clipping(grads, max_norm):
    clipped, norm = clip_by_global_norm(grads, max_norm)
    return clipped, min(norm, max_norm)


def clipped_one_by_one(grads, max_norm):
    return [g * min(1.0, max_norm / np.linalg.norm(g)) for g in grads], None


def truncated_cases(rng):
    cases = []
    for window, steps, what in ((3, int(rng.choice([7, 8, 10, 11])), "windows of 3, the last one "
                                                                       "shorter"),
                                (12, int(rng.integers(5, 9)), "one window longer than the "
                                                              "sequence")):
        p = rnn_arrays(rng, steps=steps)
        _, batch, inputs = p["xs"].shape
        cases.append(Case(tuple(p[k] for k in ("xs", "h0", "W_xh", "W_hh", "b", "dlosses")) +
                          (window,), f"{what}: {steps} steps, batch {batch}, input {inputs}, "
                                     f"hidden {len(p['b'])}"))
    return cases


def truncated_bptt(xs, h0, W_xh, W_hh, b, dlosses, window, carry_state=True, last_window=True):
    """minigrad's gradients of L = sum_t sum(h_t * dlosses[t]) with the state detached at the start
    of every window; or with the state restarted from h0, or the short last window left out."""
    def unrolled(W_xh, W_hh, b):
        total, h = 0, Tensor(h0, dtype="float64")
        for t, (x, dloss) in enumerate(zip(xs, dlosses)):
            if t % window == 0:
                h = h.detach() if carry_state else Tensor(h0, dtype="float64")
                if not last_window and t + window > len(xs):
                    break
            h = (Tensor(x, dtype="float64") @ W_xh.T + h @ W_hh.T + b).tanh()
            total = total + (h * Tensor(dloss, dtype="float64")).sum()
        return total
    return tuple(autodiff(unrolled, [W_xh, W_hh, b], np.ones(())))


EXERCISES = [
    Exercise(
        name="gradient_norms_through_time", file="ex07_gradient_flow.py", chapter="07",
        cases=gradient_norm_cases, reference=gradient_norms_through_time,
        answer=Array("the gradient norms", "dL/dh_(t-1) = (dL/dh_t * (1 - h_t^2)) @ W_hh, and "
                                           "entry t is ||dL/dh_(t+1)||, the last one ||dh_last||"),
        points=2,
        mistakes=(
            Mistake("the norms are shifted by one step: entry t holds ||dL/dh_t||, measured after "
                    "stepping back; entry t must be ||dL/dh_(t+1)||, so the last entry is "
                    "||dh_last|| (record the norm, then step back)",
                    computes=lambda hs, W_hh, dh: all_state_gradient_norms(hs, W_hh, dh)[:-1]),
            Mistake("the norms are in reverse order: entry t belongs to step t+1, so the last "
                    "entry is ||dh_last||",
                    computes=lambda hs, W_hh, dh: gradient_norms_through_time(hs, W_hh, dh)[::-1]),
        ),
        hints=(
            "Start from dh_last: its norm is the last entry. Then step back one state at a time.",
            "One step back through h_t = tanh(a_t): multiply by (1 - h_t^2) entry by entry, then "
            "by W_hh (rows as batch items: delta @ W_hh).",
            "Loop t from T-1 down to 0: record np.linalg.norm(delta) as entry t, then delta = "
            "(delta * (1 - hs[t] ** 2)) @ W_hh.",
        )),
    Exercise(
        name="clip_by_global_norm", file="ex07_gradient_flow.py", chapter="07",
        cases=clip_cases, reference=clip_by_global_norm,
        answer=Returns(Arrays("clipped", "clipped = grad * max_norm / norm when norm > max_norm, "
                                         "else grad"),
                       Scalar("the returned norm", "norm = sqrt(sum of every squared entry), "
                                                   "measured before clipping"),
                       check_order=("the returned norm",)),
        points=1, keeps_inputs=True,
        mistakes=(
            Mistake("the returned norm is measured after clipping; return the norm the gradients "
                    "had before", computes=norm_after_clipping, part="the returned norm"),
            Mistake("each gradient was clipped by its own norm; the global norm clips them "
                    "together, by one factor, so that their direction is kept",
                    computes=clipped_one_by_one, part="clipped"),
        ),
        hints=(
            "One norm for all the arrays together: square every entry of every array, add them "
            "all, take the square root.",
            "Every array is scaled by the same factor, max_norm / norm, and only when norm > "
            "max_norm.",
            "Return new arrays ([g * scale for g in grads]) and the norm before clipping; never "
            "scale the inputs in place.",
        )),
    Exercise(
        name="truncated_bptt", file="ex07_gradient_flow.py", chapter="07",
        cases=truncated_cases, reference=truncated_bptt,
        answer=bptt_answer("with g_t from BPTT inside t's window only: g_(t+1) @ W_hh is not "
                           "added at the last step of a window"),
        points=2, keeps_inputs=True,
        mistakes=(
            Mistake("these are the gradients of full BPTT: truncation stops the gradient at the "
                    "start of each window (the state entering a window is a constant), while the "
                    "forward pass carries the state on",
                    computes=lambda *args: rnn_bptt(*args[:-1])[:3]),
            Mistake("each window started again from h0: the state is carried from one window to "
                    "the next (only the gradient is cut, as detach() does)",
                    computes=lambda *args: truncated_bptt(*args, carry_state=False)),
            Mistake("the last, shorter window is missing: when T is not a multiple of the window, "
                    "the steps left over make one more window",
                    computes=lambda *args: truncated_bptt(*args, last_window=False)),
        ),
        hints=(
            "Run the forward pass over the whole sequence, carrying h from step to step; only the "
            "backward pass changes.",
            "Do BPTT (as in rnn_bptt) on each window separately: its steps are t0 .. t0+window-1, "
            "its first h_(t-1) is the state the previous window ended with, and no gradient goes "
            "back past it.",
            "In rnn_bptt's backward loop, set g_next to zero whenever t is the last step of a "
            "window (t + 1 is a multiple of the window): delta_t = dlosses[t] + g_(t+1) @ W_hh "
            "then only within a window, and g_t = delta_t * (1 - h_t^2). Sum the weights' "
            "gradients, g_t^T x_t, g_t^T h_(t-1) and g_t, over every step.",
        )),
]
