"""The motif-order task: both shapes in every signal, one after the other, labelled by which
came first."""
import numpy as np
import pytest

from minigrad.data import MOTIF_A, MOTIF_B, motif_order

WIDTH = len(MOTIF_A)


def starts_of(motif, signal):
    """Where a noise-free signal holds `motif`, found by comparing every window with it."""
    windows = np.lib.stride_tricks.sliding_window_view(signal, WIDTH)
    return np.flatnonzero(np.all(windows == motif, axis=1)).tolist()


def test_every_signal_holds_both_motifs_in_the_labelled_order():
    inputs, labels = motif_order(300, length=30, amplitude=1.0, noise=0.0, seed=0)
    assert inputs.shape == (30, 300, 1) and inputs.dtype == np.float32
    assert 0.4 < labels.mean() < 0.6
    first_starts = []
    for signal, label in zip(inputs[:, :, 0].T, labels):
        [a], [b] = starts_of(MOTIF_A, signal), starts_of(MOTIF_B, signal)
        first, second = (a, b) if label == 1 else (b, a)
        assert second >= first + WIDTH                       # the second starts after the first
        assert np.count_nonzero(signal) == np.count_nonzero(MOTIF_A) + np.count_nonzero(MOTIF_B)
        first_starts.append(first)
    assert min(first_starts) == 0 and max(first_starts) == 30 - 2 * WIDTH


def test_noise_and_amplitude_are_added_around_the_motifs():
    clean, labels = motif_order(50, amplitude=2.0, noise=0.0, seed=1)
    noisy, same_labels = motif_order(50, amplitude=2.0, noise=1.0, seed=1)
    np.testing.assert_array_equal(labels, same_labels)
    assert set(np.unique(clean)) == {-2.0, 0.0, 2.0}
    assert 0.8 < (noisy - clean).std() < 1.2


def test_motif_order_needs_room_for_both_motifs():
    with pytest.raises(ValueError, match="length of at least 16"):
        motif_order(4, length=15)
