"""Checks for exercises/ex07_gradient_flow.py: gradient norms through time, and clipping by the
global norm."""
import numpy as np

from ..exercise import Array, Arrays, Case, Exercise, Mistake, Returns, Scalar
from .ex06_rnn_and_bptt import rnn_arrays, rnn_step


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
        )),
]
