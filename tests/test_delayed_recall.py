"""Delayed recall: every block is key, filler, cue, key, and the key is the one thing to remember."""
import re

import pytest

import minigrad as mg
from minigrad.data import Vocabulary, batchify, bptt_windows, delayed_recall_text
from minigrad.data.delayed_recall import CUE, FILLER


@pytest.mark.parametrize("delay", [1, 2, 6, 15])
def test_each_block_repeats_its_key_right_after_the_cue_delay_steps_later(delay):
    text = delayed_recall_text(num_blocks=50, delay=delay, seed=0)
    assert len(text) == 50 * (delay + 2)
    for start in range(0, len(text), delay + 2):
        block = text[start:start + delay + 2]
        assert block == block[0] + FILLER * (delay - 1) + CUE + block[0]
        assert block.index(CUE) == delay  # the cue is read `delay` steps after the key


def test_keys_are_drawn_from_the_given_characters_in_roughly_equal_numbers():
    text = delayed_recall_text(num_blocks=4000, delay=3, keys="xyz", seed=1)
    recalled = re.findall(re.escape(CUE) + "(.)", text)
    assert set(recalled) == set("xyz")
    for key in "xyz":
        assert recalled.count(key) / len(recalled) == pytest.approx(1 / 3, abs=0.03)


def test_a_seed_fixes_the_text_and_manual_seed_fixes_it_when_no_seed_is_given():
    assert delayed_recall_text(20, 4, seed=5) == delayed_recall_text(20, 4, seed=5)
    assert delayed_recall_text(200, 4, seed=5) != delayed_recall_text(200, 4, seed=6)
    mg.manual_seed(3)
    first = delayed_recall_text(200, 4)
    mg.manual_seed(3)
    assert delayed_recall_text(200, 4) == first


def test_a_window_no_longer_than_the_delay_never_holds_both_the_key_and_its_cue():
    delay = 6
    vocabulary = Vocabulary("ab" + FILLER + CUE)
    streams = batchify(vocabulary.encode(delayed_recall_text(400, delay, seed=2)), batch_size=8)
    cue, keys = vocabulary.index[CUE], {vocabulary.index[k] for k in "ab"}
    for window, expected in ((delay, False), (delay + 1, True)):
        together = False
        for inputs, _ in bptt_windows(streams, window):
            for column in inputs.T:
                for t in range(delay, len(column)):
                    together |= column[t] == cue and column[t - delay] in keys
        assert together == expected


@pytest.mark.parametrize("arguments, message", [
    (dict(num_blocks=0, delay=3), "num_blocks"),
    (dict(num_blocks=5, delay=0), "delay"),
    (dict(num_blocks=5, delay=3, keys="a"), "keys"),
    (dict(num_blocks=5, delay=3, keys="aa"), "keys"),
    (dict(num_blocks=5, delay=3, keys="a?"), "keys"),
])
def test_bad_arguments_are_refused_with_the_argument_named(arguments, message):
    with pytest.raises(ValueError, match=message):
        delayed_recall_text(**arguments)
