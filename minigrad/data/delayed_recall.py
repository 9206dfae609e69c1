"""Delayed recall: a text whose next character depends on one seen exactly `delay` steps earlier.

Each block reads    key, filler * (delay - 1), cue, key    for example "a.....?a" (delay 6).
The key is drawn at random, so the only way to predict the character after the cue is to
remember the key from `delay` steps back; everything else in a block is predictable from its
position. Chapter 6b trains a character model on it with truncated BPTT: a window of at most
`delay` steps never holds both the key and the cue, so no gradient connects the two.
"""
import numpy as np

from ..random import generator

FILLER = "."
CUE = "?"


def delayed_recall_text(num_blocks: int, delay: int, keys: str = "ab", seed: int | None = None) -> str:
    """`num_blocks` blocks of key, filler * (delay - 1), cue, key (each delay + 2 characters long),
    with keys drawn uniformly from `keys`. Every character that follows a CUE is a recall target,
    and the key it must recall was read `delay` steps before the cue."""
    if num_blocks < 1:
        raise ValueError(f"delayed_recall_text: num_blocks must be at least 1, got {num_blocks}.")
    if delay < 1:
        raise ValueError(f"delayed_recall_text: delay is the number of steps from key to cue and "
                         f"must be at least 1, got {delay}.")
    if len(set(keys)) < 2 or len(set(keys)) != len(keys) or {FILLER, CUE} & set(keys):
        raise ValueError(f"delayed_recall_text: keys must be two or more distinct characters other "
                         f"than {FILLER!r} and {CUE!r} (so there is something to remember), "
                         f"got {keys!r}.")
    rng = generator() if seed is None else np.random.default_rng(seed)
    chosen = rng.choice(list(keys), size=num_blocks)
    return "".join(f"{key}{FILLER * (delay - 1)}{CUE}{key}" for key in chosen)
