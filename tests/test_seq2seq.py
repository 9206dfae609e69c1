"""Sequence to sequence: padded batches with BOS/EOS, an encoder that ignores padding, a decoder
that gives the same answers in one pass or step by step, a loss that ignores padding, and
decoders (greedy, beam search) that find what they promise."""
import itertools

import numpy as np
import pytest

import minigrad as mg
from minigrad import ShapeError, Tensor, gradcheck, nn
from minigrad import functional as F
from minigrad.data import (BOS, DIGIT_VOCABULARY_SIZE, EOS, PAD, as_text, digit_reversal, pad,
                           seq2seq_batch, until_eos)
from minigrad.decoding import beam_search, greedy_decode, sequence_log_probability

from devices import host


# ----- data ---------------------------------------------------------------------------------
def test_digit_reversal_pairs_are_reversed_with_bos_eos_and_padding():
    batch = digit_reversal(200, 2, 7, seed=0)
    assert sorted(set(batch.source_lengths.tolist())) == list(range(2, 8))
    assert batch.source.shape == (7, 200) and batch.decoder_input.shape == (8, 200)
    for b, length in enumerate(batch.source_lengths):
        digits = batch.source[:length, b].tolist()
        assert max(digits) < 10 and (batch.source[length:, b] == PAD).all()
        target = batch.decoder_target[:, b].tolist()
        assert target == digits[::-1] + [EOS] + [PAD] * (7 - length)
        assert batch.decoder_input[:, b].tolist() == [BOS] + digits[::-1] + [PAD] * (7 - length)
        assert batch.target_mask[:, b].tolist() == [True] * (length + 1) + [False] * (7 - length)
    again = digit_reversal(200, 2, 7, seed=0)
    np.testing.assert_array_equal(again.source, batch.source)


def test_padding_and_batches_refuse_what_does_not_fit():
    tokens, lengths = pad([[1, 2, 3], [4]], length=5)
    assert tokens[:, 1].tolist() == [4, PAD, PAD, PAD, PAD] and lengths.tolist() == [3, 1]
    with pytest.raises(ValueError, match="does not fit in length 2"):
        pad([[1, 2, 3]], length=2)
    with pytest.raises(ValueError, match="already holds a special token"):
        seq2seq_batch([[1, EOS]], [[1]])
    with pytest.raises(ValueError, match="one target per source"):
        seq2seq_batch([[1], [2]], [[1]])
    with pytest.raises(ValueError, match="min_length <= max_length"):
        digit_reversal(4, 5, 3)


def test_decoded_outputs_are_cut_at_the_first_eos_and_printable():
    assert until_eos([3, 1, EOS, 4, EOS]) == [3, 1] and until_eos([3, 1]) == [3, 1]
    assert as_text([BOS, 3, EOS, PAD]) == "<bos> 3 <eos> <pad>"


# ----- the model ----------------------------------------------------------------------------
def model(attention, hidden=6, embedding=4, seed=0):
    mg.manual_seed(seed)
    layer = nn.DotProductAttention(hidden, hidden) if attention else None
    return nn.EncoderDecoder(DIGIT_VOCABULARY_SIZE, embedding, hidden, attention=layer).double()


@pytest.mark.usefixtures("each_device")
def test_encoder_reads_each_source_to_its_own_end_and_ignores_padding():
    net = model(attention=False)
    batch = digit_reversal(5, 1, 6, seed=1)
    memory = net.encode(batch.source, batch.source_lengths)
    for b, length in enumerate(batch.source_lengths):
        alone = net.encode(batch.source[:length, b:b + 1], batch.source_lengths[b:b + 1])
        for padded, unpadded in zip(memory.final, alone.final):
            np.testing.assert_allclose(host(padded)[b], host(unpadded)[0], rtol=1e-12)
        np.testing.assert_allclose(host(memory.states)[b, :length], host(alone.states)[0],
                                   rtol=1e-12)
    assert memory.mask.tolist() == [[t < n for t in range(6)] for n in batch.source_lengths]


@pytest.mark.usefixtures("each_device")
@pytest.mark.parametrize("attention", [False, True])
def test_teacher_forcing_in_one_pass_equals_decoding_step_by_step(attention):
    net = model(attention)
    batch = digit_reversal(4, 2, 5, seed=2)
    memory = net.encode(batch.source, batch.source_lengths)
    all_at_once, final, weights = net.decode(batch.decoder_input, memory.final, memory)
    state, steps = memory.final, []
    for t in range(batch.decoder_input.shape[0]):
        logits, state, _ = net.decode(batch.decoder_input[t:t + 1], state, memory)
        steps.append(host(logits)[0])
    np.testing.assert_allclose(host(all_at_once), np.stack(steps), rtol=1e-10)
    np.testing.assert_allclose(host(final[0]), host(state[0]), rtol=1e-10)
    assert (weights is None) == (not attention)


def test_the_whole_model_with_attention_has_correct_gradients():
    net = model(attention=True, hidden=3, embedding=2)
    batch = digit_reversal(2, 1, 3, seed=3)

    def loss(*parameters):
        logits = net(batch.source, batch.source_lengths, batch.decoder_input)
        return nn.masked_cross_entropy(logits, batch.decoder_target, batch.target_mask)
    assert gradcheck(loss, *net.parameters())


@pytest.mark.usefixtures("each_device")
def test_masked_loss_averages_real_tokens_only_and_sends_padding_no_gradient():
    batch = digit_reversal(6, 1, 5, seed=4)
    logits = Tensor(np.random.default_rng(0).normal(size=(*batch.decoder_target.shape, 13)),
                    dtype="float64", requires_grad=True)
    loss = nn.masked_cross_entropy(logits, batch.decoder_target, batch.target_mask)
    log_probs = host(logits.log_softmax(axis=-1))
    picked = np.take_along_axis(log_probs, batch.decoder_target[..., None], axis=-1)[..., 0]
    assert loss.item() == pytest.approx(-picked[batch.target_mask].mean(), rel=1e-12)
    loss.backward()
    padding = ~batch.target_mask
    assert padding.any() and np.all(host(logits.grad)[padding] == 0)
    assert np.all(np.abs(host(logits.grad)[batch.target_mask]).sum(axis=-1) > 0)
    logits.grad = None
    F.cross_entropy(logits, batch.decoder_target).backward()     # unmasked: padding is trained
    assert np.all(np.abs(host(logits.grad)[padding]).sum(axis=-1) > 0)


def test_model_and_loss_errors_say_what_shapes_they_expect():
    net = model(attention=False)
    batch = digit_reversal(3, 2, 4, seed=5)
    with pytest.raises(ShapeError, match=r"lengths between 1 and S"):
        net.encode(batch.source, batch.source_lengths + 5)
    with pytest.raises(ShapeError, match=r"targets and mask of shape \(T, B\)"):
        nn.masked_cross_entropy(net(batch.source, batch.source_lengths, batch.decoder_input),
                                batch.decoder_target[:-1], batch.target_mask[:-1])


# ----- decoding -----------------------------------------------------------------------------
class MarkovDecoder:
    """A stand-in model whose next-token scores depend only on the previous token (a fixed
    table), so the probability of every output can be enumerated exhaustively."""

    def __init__(self, seed):
        self.table = np.random.default_rng(seed).normal(scale=2.0, size=(13, 13))

    def encode(self, source, source_lengths):
        return nn.Memory(None, None, Tensor(np.zeros((len(source_lengths), 1))))

    def decode(self, tokens, state, memory):
        return Tensor(self.table[np.asarray(tokens)], dtype="float64"), state, None


def log_probability_by_hand(table, tokens):
    log_probs = table - np.log(np.exp(table).sum(axis=1, keepdims=True))
    previous = [BOS] + tokens[:-1]
    return sum(log_probs[a, b] for a, b in zip(previous, tokens))


@pytest.mark.parametrize("seed", range(4))
def test_a_wide_beam_finds_the_most_probable_output_that_exhaustive_search_finds(seed):
    toy, max_length = MarkovDecoder(seed), 3
    words = [t for t in range(13) if t != EOS]
    outputs = [list(w) + [EOS] for n in range(max_length)
               for w in itertools.product(words, repeat=n)]
    outputs += [list(w) for w in itertools.product(words, repeat=max_length)]   # cut, no EOS
    best = max(outputs, key=lambda y: log_probability_by_hand(toy.table, y))
    found = beam_search(toy, [1, 2], beam_width=12 ** (max_length - 1) + 1, max_length=max_length)
    assert found[0].tokens == best
    assert found[0].log_probability == pytest.approx(log_probability_by_hand(toy.table, best))


@pytest.mark.usefixtures("each_device")
@pytest.mark.parametrize("seed", range(4))
def test_beam_width_one_is_greedy_decoding(seed):
    for decoder in (MarkovDecoder(seed), model(attention=seed % 2 == 1, seed=seed)):
        batch = digit_reversal(3, 1, 5, seed=seed)
        greedy = greedy_decode(decoder, batch.source, batch.source_lengths, max_length=6)
        for b, length in enumerate(batch.source_lengths):
            found = beam_search(decoder, batch.source[:length, b], beam_width=1, max_length=6)
            assert len(found) == 1
            expected = greedy[:, b].tolist()
            expected = expected[:expected.index(EOS) + 1] if EOS in expected else expected
            assert found[0].tokens == expected


def test_beam_search_finds_a_more_probable_output_where_greedy_is_misled():
    toy = MarkovDecoder(seed=7)
    toy.table[:, EOS] = -5.0
    toy.table[3, EOS] = 9.0                             # after a 3, EOS is almost certain
    toy.table[BOS, 3], toy.table[BOS, 5] = 6.5, 7.0     # 5 looks best first ...
    toy.table[5] = 0.0
    toy.table[5, 3] = 0.5                               # ... but nothing is likely after it
    source, lengths = [[1]], [1]
    greedy = greedy_decode(toy, source, lengths, max_length=10)
    assert greedy[:, 0].tolist() == [5, 3, EOS]
    beams = beam_search(toy, [1], beam_width=2, max_length=10)
    assert beams[0].tokens == [3, EOS]
    scores = sequence_log_probability(toy, source, lengths, np.array([beams[0].tokens]).T)
    assert beams[0].log_probability == pytest.approx(scores[0], rel=1e-12)
    greedy_score = sequence_log_probability(toy, source, lengths, greedy)[0]
    assert greedy_score == pytest.approx(log_probability_by_hand(toy.table, [5, 3, EOS]))
    assert beams[0].log_probability > greedy_score + 1
    assert all(a.log_probability >= b.log_probability for a, b in zip(beams, beams[1:]))


class CountdownDecoder:
    """A stand-in model that writes the digit 1 as many times as its source is long, then EOS."""

    def encode(self, source, source_lengths):
        return nn.Memory(None, None, Tensor(np.asarray(source_lengths, dtype=float)[:, None]))

    def decode(self, tokens, state, memory):
        logits = np.zeros((1, state.shape[0], 13))
        logits[0, :, 1] = 1.0
        logits[0, host(state)[:, 0] <= 0, EOS] = 5.0
        return Tensor(logits), state - 1, None


def test_greedy_stops_each_output_at_its_own_eos_and_pads_the_rest():
    lengths = [3, 1, 4]
    outputs = greedy_decode(CountdownDecoder(), pad([[2] * n for n in lengths])[0], lengths,
                            max_length=10)
    assert outputs.T.tolist() == [[1, 1, 1, EOS, PAD], [1, EOS, PAD, PAD, PAD], [1, 1, 1, 1, EOS]]


def test_sequence_log_probability_ignores_what_follows_eos():
    net = model(attention=True)
    batch = digit_reversal(3, 2, 4, seed=6)
    outputs = np.array([[4, 4, 4], [EOS, 2, 2], [7, EOS, 2]])
    other = outputs.copy()
    other[2, 0] = 9                                    # after the first column's EOS
    first = sequence_log_probability(net, batch.source, batch.source_lengths, outputs)
    second = sequence_log_probability(net, batch.source, batch.source_lengths, other)
    np.testing.assert_array_equal(first, second)
    assert first[0] > first[1] and first[1] > first[2]      # fewer tokens, fewer factors below 1
    with pytest.raises(ValueError, match="beam_width must be at least 1"):
        beam_search(net, [1, 2], beam_width=0, max_length=3)
