"""Checks for exercises/ex10_bidirectional.py: a bidirectional wrapper around two RNN cells."""
import numpy as np

from ..child.wire import Make
from ..exercise import Array, Case, Exercise, Mistake
from .tools import sizes


def bidirectional_cases(rng):
    steps = int(rng.integers(4, 8))
    batch, inputs, forward_hidden, backward_hidden = sizes(rng, 4)

    def cell(hidden):
        return Make("tanh_rnn_step", W_xh=rng.normal(size=(hidden, inputs)) * 0.5,
                    W_hh=rng.normal(size=(hidden, hidden)) * 0.5, b=rng.normal(size=hidden) * 0.1)
    args = (rng.normal(size=(steps, batch, inputs)), cell(forward_hidden), cell(backward_hidden),
            rng.normal(size=(batch, forward_hidden)) * 0.5,
            rng.normal(size=(batch, backward_hidden)) * 0.5)
    return [Case(args, f"{steps} steps, batch {batch}, input {inputs}, two tanh cells with hidden "
                       f"sizes {forward_hidden} (forward) and {backward_hidden} (backward)")]


def run(step, xs, h):
    states = []
    for x in xs:
        h = step(x, h)
        states.append(h)
    return np.stack(states)


def bidirectional(xs, forward_step, backward_step, h0_forward, h0_backward,
                  keep_reading_order=False, backward_first=False, backward_reads_forward=False):
    """The course's wrapper, or one of three known mistakes switched on."""
    forward = run(forward_step, xs, h0_forward)
    backward = run(backward_step, xs if backward_reads_forward else xs[::-1], h0_backward)
    if not keep_reading_order:
        backward = backward[::-1]
    halves = [backward, forward] if backward_first else [forward, backward]
    return np.concatenate(halves, axis=-1)


EXERCISES = [
    Exercise(
        name="bidirectional", file="ex10_bidirectional.py", chapter="10",
        cases=bidirectional_cases, reference=bidirectional,
        answer=Array("the bidirectional states",
                     "out[t] = [forward state at t, backward state at t] along the last axis"),
        points=1,
        mistakes=(
            Mistake("the two halves are swapped: out[t] is [forward state, backward state], the "
                    "forward half first",
                    computes=lambda *args: bidirectional(*args, backward_first=True)),
            Mistake("the backward states are in the order they were computed (last step first); "
                    "reverse them back to time order before concatenating",
                    computes=lambda *args: bidirectional(*args, keep_reading_order=True)),
            Mistake("the backward cell read the sequence from first to last; it reads "
                    "x_(T-1) first, then x_(T-2), ... back to x_0",
                    computes=lambda *args: bidirectional(*args, backward_reads_forward=True)),
        ),
        hints=(
            "Two plain loops: one over xs, one over xs[::-1], each carrying its own state.",
            "The backward states come out last step first; reverse them so that entry t describes "
            "x_t.",
            "np.concatenate([forward states, backward states], axis=-1), each stacked to (T, B, "
            "H).",
        )),
]
