"""Decoding: turning an encoder-decoder's next-token probabilities into an output sequence.

The model gives p(y_i | y_<i, x) one step at a time, and the most probable output is the one
with the largest log p(y | x) = Σ_i log p(y_i | y_<i, x), EOS included. Trying every sequence
(exhaustive search) costs V^T evaluations for V tokens and length T. Greedy decoding takes the
most probable token at each step: one evaluation per step, but a token that looks best now can
lead to a worse sequence. Beam search keeps the K most probable partial sequences at every step:
K = 1 is greedy, and a larger K searches more of the tree.

A model here is anything with encode(source, source_lengths) -> memory, whose memory.final is
the decoder's first state, and decode(tokens (T, B), state, memory) -> (logits (T, B, V), state,
attention weights), like nn.EncoderDecoder; a state is a tensor or a tuple of tensors with the
batch on axis 0.
"""
from typing import NamedTuple, Sequence

import numpy as np

from .data.seq2seq import BOS, EOS, PAD, pad
from .tensor import no_grad


class Hypothesis(NamedTuple):
    """A decoded output: its tokens (ending in EOS unless cut at max_length) and log p(y | x)."""

    tokens: list
    log_probability: float


def greedy_decode(model, source, source_lengths, max_length: int) -> np.ndarray:
    """The most probable token at every step, fed back as the next input, until each output has
    produced EOS or max_length tokens. Returns (at most max_length, B) tokens; after its EOS a
    column holds PAD."""
    with no_grad():
        memory = model.encode(source, source_lengths)
        state, batch = memory.final, len(source_lengths)
        token, finished, produced = np.full((1, batch), BOS), np.zeros(batch, dtype=bool), []
        for _ in range(max_length):
            logits, state, _ = model.decode(token, state, memory)
            token = logits.argmax(axis=-1).numpy()                          # (1, B)
            token[0, finished] = PAD                                        # already done
            produced.append(token[0])
            finished |= token[0] == EOS
            if finished.all():
                break
    return np.array(produced)


def sequence_log_probability(model, source, source_lengths, outputs) -> np.ndarray:
    """log p(y | x) = Σ_i log p(y_i | y_<i, x) of each column of `outputs` (T, B), as decoded:
    the tokens up to and including the first EOS (all of them if there is none). Returns (B,)."""
    outputs = np.asarray(outputs)
    is_eos = outputs == EOS
    # Count a position if no EOS came before it: the EOS itself is scored, what follows is not.
    scored = np.cumsum(is_eos, axis=0) - is_eos == 0
    decoder_input = np.concatenate([np.full((1, outputs.shape[1]), BOS), outputs[:-1]])
    with no_grad():
        memory = model.encode(source, source_lengths)
        logits, _, _ = model.decode(np.where(scored, decoder_input, PAD), memory.final, memory)
        log_probs = logits.log_softmax(axis=-1).numpy().astype(np.float64)
    picked = np.take_along_axis(log_probs, np.where(scored, outputs, 0)[..., None], axis=-1)
    return (picked[..., 0] * scored).sum(axis=0)


def beam_search(model, source: Sequence[int], beam_width: int, max_length: int) -> list:
    """Beam search for one source: at each step, extend every live hypothesis by every token and
    keep the beam_width most probable extensions. Those ending in EOS are finished and leave the
    beam; the search stops when none is live, when no live one can still beat the best finished
    one (log-probabilities only fall as a sequence grows), or at max_length. Returns the
    Hypotheses found, most probable first. With beam_width = 1 this is greedy decoding."""
    if beam_width < 1:
        raise ValueError(f"beam_search: beam_width must be at least 1, got {beam_width}.")
    sources, lengths = pad([list(source)] * beam_width)   # one row per hypothesis in the beam
    with no_grad():
        return _beam_search(model, model.encode(sources, lengths), beam_width, max_length)


def _beam_search(model, memory, beam_width, max_length):
    """beam_search's loop, over `memory`: the source encoded once per row of the beam."""
    state, finished = memory.final, []
    # Rows beyond the live hypotheses score -inf, so they are never extended.
    live = [Hypothesis([], 0.0)]
    for _ in range(max_length):
        last = [h.tokens[-1] if h.tokens else BOS for h in live]
        last += [BOS] * (beam_width - len(live))
        logits, state, _ = model.decode(np.array([last]), state, memory)
        log_probs = logits[0].log_softmax(axis=-1).numpy().astype(np.float64)
        scores = np.full((beam_width, 1), -np.inf)
        scores[:len(live), 0] = [h.log_probability for h in live]
        candidates = scores + log_probs
        best = np.argsort(-candidates, axis=None, kind="stable")[:beam_width]
        extended, rows = [], []
        for row, token in zip(*np.unravel_index(best, candidates.shape)):
            if np.isneginf(candidates[row, token]):
                continue
            hypothesis = Hypothesis(live[row].tokens + [int(token)], float(candidates[row, token]))
            if token == EOS:
                finished.append(hypothesis)
            else:
                extended.append(hypothesis)
                rows.append(row)
        live = extended
        if not live or (finished and max(h.log_probability for h in finished)
                        >= live[0].log_probability):
            break
        state = _reorder(state, rows + [rows[0]] * (beam_width - len(rows)))
    else:
        finished.extend(live)
    return sorted(finished, key=lambda h: -h.log_probability)


def _reorder(state, rows):
    """The decoder state of the hypotheses that were kept, row by row."""
    if isinstance(state, tuple):
        return tuple(part[rows] for part in state)
    return state[rows]
