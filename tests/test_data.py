"""The course's data: each task follows its stated rule, and batching covers every example."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.data import (ADDING_PROBLEM_BASELINE_MSE, Batches, Vocabulary, adding_problem,
                           batchify, bptt_windows, copy_task, dinner, noisy_sine,
                           standard_library_text)


def test_dinner_follows_the_cook():
    inputs, targets = dinner(batch_size=4, length=30, seed=0)
    assert inputs.shape == (30, 4, 2) and targets.shape == (30, 4)
    dish = np.zeros(4, dtype=int)  # pizza the day before the sequence starts
    for day in range(30):
        sunny = inputs[day, :, 0] == 1
        dish = np.where(sunny, (dish + 1) % 3, dish)
        assert (targets[day] == dish).all()


def test_adding_problem_marks_one_number_in_each_half_and_sums_them():
    inputs, targets = adding_problem(batch_size=500, length=20, seed=1)
    markers = inputs[:, :, 1]
    assert (markers.sum(axis=0) == 2).all()
    assert (markers[:10].sum(axis=0) == 1).all() and (markers[10:].sum(axis=0) == 1).all()
    np.testing.assert_allclose(targets[:, 0], (inputs[:, :, 0] * markers).sum(axis=0), rtol=1e-6)
    baseline = ((targets - 1.0) ** 2).mean()
    assert baseline == pytest.approx(ADDING_PROBLEM_BASELINE_MSE, abs=0.02)


def test_copy_task_asks_for_the_symbols_after_the_go_marker():
    inputs, targets = copy_task(batch_size=3, num_symbols=5, delay=4, seed=2, alphabet=4)
    assert inputs.shape == (15, 3, 6)
    tokens = inputs.argmax(axis=-1)
    np.testing.assert_array_equal(targets[-5:], tokens[:5])
    assert (tokens[9] == 5).all() and (targets[:-5] == 4).all()


def test_noisy_sine_targets_are_the_next_inputs():
    inputs, targets = noisy_sine(batch_size=2, length=50, seed=3)
    assert inputs.shape == targets.shape == (50, 2, 1)
    np.testing.assert_array_equal(inputs[1:], targets[:-1])


def test_generators_follow_manual_seed_when_no_seed_is_given():
    mg.manual_seed(5)
    first = adding_problem(4, 10)
    mg.manual_seed(5)
    second = adding_problem(4, 10)
    np.testing.assert_array_equal(first[0], second[0])


def test_vocabulary_round_trips_and_names_unknown_characters():
    text = standard_library_text(max_characters=5000)
    assert len(text) == 5000
    vocabulary = Vocabulary(text)
    ids = vocabulary.encode(text[:100])
    assert ids.dtype == np.int64 and vocabulary.decode(ids) == text[:100]
    with pytest.raises(KeyError, match="not in the vocabulary"):
        Vocabulary("abc").encode("abd")


def test_batchify_and_bptt_windows_shift_targets_by_one():
    ids = np.arange(103)
    streams = batchify(ids, batch_size=4)
    assert streams.shape == (25, 4) and streams[:, 1].tolist() == list(range(25, 50))
    windows = list(bptt_windows(streams, window=10))
    assert [w[0].shape[0] for w in windows] == [10, 10, 4]
    for inputs, targets in windows:
        np.testing.assert_array_equal(targets, inputs + 1)


def test_batches_cover_every_example_once_per_epoch_reproducibly():
    x, y = np.arange(10)[:, None], np.arange(10)
    loader = Batches(x, y, batch_size=4, seed=0)
    assert len(loader) == 3
    seen = np.concatenate([batch_y for _, batch_y in loader])
    assert sorted(seen.tolist()) == list(range(10))
    again = np.concatenate([batch_y for _, batch_y in Batches(x, y, batch_size=4, seed=0)])
    np.testing.assert_array_equal(seen, again)
    assert len(Batches(x, y, batch_size=4, drop_last=True)) == 2


def test_batches_along_the_batch_axis_of_time_first_sequences():
    inputs, targets = dinner(batch_size=6, length=7, seed=0)
    shapes = [(a.shape, b.shape) for a, b in Batches(inputs, targets, batch_size=4, axis=1)]
    assert shapes == [((7, 4, 2), (7, 4)), ((7, 2, 2), (7, 2))]
    with pytest.raises(ValueError, match="different sizes along axis 0"):
        Batches(np.zeros(3), np.zeros(4))
