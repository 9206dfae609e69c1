"""Synthetic sequence tasks, generated on the spot (nothing is downloaded). Every generator takes
a seed; with seed=None it draws from minigrad's generator, which manual_seed fixes.

Sequences are laid out time first: inputs (T, B, features), as the recurrent layers expect.
"""
import numpy as np

from ..random import generator

DISHES = ("pizza", "sushi", "waffles")
WEATHER = ("sunny", "rainy")


def _rng(seed):
    return generator() if seed is None else np.random.default_rng(seed)


def dinner(batch_size, length, seed=None, rain_probability=0.4):
    """What's for dinner? A cook makes pizza, sushi and waffles in turn, starting with pizza. On a
    sunny day the cook makes the next dish; on a rainy day the cook stays home and we eat
    yesterday's leftovers. The weather is the input, the dish the target: to predict the dish, a
    model must remember where the rotation stands.

    Returns inputs (T, B, 2) float32, one-hot weather (sunny, rainy), and targets (T, B) int64,
    the dish index of each day.
    """
    rainy = _rng(seed).random((length, batch_size)) < rain_probability
    inputs = np.stack([~rainy, rainy], axis=-1).astype(np.float32)
    targets = np.cumsum(~rainy, axis=0) % len(DISHES)
    return inputs, targets.astype(np.int64)


def adding_problem(batch_size, length, seed=None):
    """The adding problem, introduced by Hochreiter and Schmidhuber (1997); this variant follows
    Le et al. (2015) and Arjovsky et al. (2016). Each step carries a random number in [0, 1) and a
    marker; exactly two steps are marked, one in each half of the sequence. The target is the sum
    of the two marked numbers. Always answering 1 scores a mean squared error of
    Var(u1 + u2) = 2/12 ≈ 0.167: a model must beat that to have remembered anything.

    Returns inputs (T, B, 2) float32 (number, marker) and targets (B, 1) float32.
    """
    if length < 2:
        raise ValueError(f"adding_problem: needs a length of at least 2, got {length}.")
    rng = _rng(seed)
    numbers = rng.random((length, batch_size))
    half = length // 2
    first = rng.integers(0, half, size=batch_size)
    second = rng.integers(half, length, size=batch_size)
    markers = np.zeros((length, batch_size))
    columns = np.arange(batch_size)
    markers[first, columns] = markers[second, columns] = 1
    inputs = np.stack([numbers, markers], axis=-1).astype(np.float32)
    targets = (numbers[first, columns] + numbers[second, columns])[:, None]
    return inputs, targets.astype(np.float32)


ADDING_PROBLEM_BASELINE_MSE = 2 / 12


def copy_task(batch_size, num_symbols=8, delay=10, seed=None, alphabet=4):
    """The copy (memory) task: read `num_symbols` random symbols, wait `delay` blank steps, see a
    "go" marker, then reproduce the symbols in order.

    Input classes: 0..alphabet-1 the symbols, alphabet the blank, alphabet + 1 the go marker.
    Returns inputs (T, B, alphabet + 2) one-hot float32 and targets (T, B) int64, where the
    target is the blank (class `alphabet`) except during the last num_symbols steps.
    T = 2 * num_symbols + delay + 1.
    """
    rng = _rng(seed)
    blank, go = alphabet, alphabet + 1
    symbols = rng.integers(0, alphabet, size=(num_symbols, batch_size))
    length = 2 * num_symbols + delay + 1
    tokens = np.full((length, batch_size), blank)
    tokens[:num_symbols] = symbols
    tokens[num_symbols + delay] = go
    targets = np.full((length, batch_size), blank)
    targets[-num_symbols:] = symbols
    inputs = np.eye(alphabet + 2, dtype=np.float32)[tokens]
    return inputs, targets.astype(np.int64)


def noisy_sine(batch_size, length, seed=None, noise=0.1):
    """Forecasting: sine waves of random frequency and phase plus Gaussian noise. The input at
    step t is the value at t and the target the value at t + 1.

    Returns inputs (T, B, 1) and targets (T, B, 1), float32.
    """
    rng = _rng(seed)
    frequency = rng.uniform(0.05, 0.2, size=batch_size)
    phase = rng.uniform(0, 2 * np.pi, size=batch_size)
    time = np.arange(length + 1)[:, None]
    series = np.sin(2 * np.pi * frequency * time + phase) + noise * rng.standard_normal(
        (length + 1, batch_size))
    series = series[..., None].astype(np.float32)
    return series[:-1], series[1:]
