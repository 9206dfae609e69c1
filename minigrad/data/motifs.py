"""Motif order: a task where local patterns and long-range order both matter.

Each example is a noisy one-channel signal with two short shapes hidden in it, MOTIF_A and
MOTIF_B, once each, the second starting after the first has ended. The label says which came
first. Finding a shape in the noise is a local job (a filter sliding over a few steps); telling
which came first means remembering across the whole signal.
"""
import numpy as np

from .tasks import _rng

MOTIF_A = np.array([-1, -1, 1, 1, 1, 1, -1, 1], dtype=np.float32)
MOTIF_B = np.array([-1, -1, 1, -1, 1, -1, 1, 1], dtype=np.float32)


def motif_order(batch_size: int, length: int = 30, amplitude: float = 1.25, noise: float = 1.0,
                seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Signals with MOTIF_A and MOTIF_B (scaled by `amplitude`) added to Gaussian noise.

    The first motif starts at a uniformly drawn step, the second anywhere after the first has
    ended; which motif goes first is a fair coin. Returns inputs (length, B, 1) float32 and
    labels (B,) int64: 1 if MOTIF_A comes first, 0 if MOTIF_B does.
    """
    width = len(MOTIF_A)
    if length < 2 * width:
        raise ValueError(f"motif_order: two motifs of {width} steps need a length of at least "
                         f"{2 * width}, got {length}.")
    rng = _rng(seed)
    signal = noise * rng.standard_normal((length, batch_size))
    labels = rng.integers(0, 2, size=batch_size)
    first_start = rng.integers(0, length - 2 * width + 1, size=batch_size)
    second_start = first_start + width + rng.integers(0, length - 2 * width - first_start + 1)
    first = np.where(labels[:, None] == 1, MOTIF_A, MOTIF_B)     # (B, width)
    second = np.where(labels[:, None] == 1, MOTIF_B, MOTIF_A)
    steps, columns = np.arange(width)[None, :], np.arange(batch_size)[:, None]
    signal[first_start[:, None] + steps, columns] += amplitude * first
    signal[second_start[:, None] + steps, columns] += amplitude * second
    return signal[..., None].astype(np.float32), labels.astype(np.int64)
