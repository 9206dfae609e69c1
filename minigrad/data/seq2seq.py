"""Sequence-to-sequence data: pairs of token sequences of different lengths, made into padded,
time-first batches an encoder-decoder can train on.

Tokens 0-9 are the digits; three special tokens follow them:
    PAD  fills the end of a shorter sequence, so a batch is one rectangular array;
    BOS  ("beginning of sequence") is the decoder's first input, before it has produced anything;
    EOS  ("end of sequence") is the last token of every target: the decoder learns to say when
         the output is complete, so outputs can have any length.

For a target y_1..y_n, teacher forcing feeds the decoder BOS, y_1, ..., y_n and asks it for
y_1, ..., y_n, EOS: the input is the target shifted right by one step.
"""
from typing import NamedTuple, Sequence

import numpy as np

from .tasks import _rng

PAD, BOS, EOS = 10, 11, 12
DIGIT_VOCABULARY_SIZE = 13
TOKEN_NAMES = {PAD: "<pad>", BOS: "<bos>", EOS: "<eos>"}


class Seq2SeqBatch(NamedTuple):
    """One padded batch, time first (column b is example b).

    source (S, B) int64, PAD after each source's end; source_lengths (B,) int64;
    decoder_input (T, B): BOS, y_1..y_n, then PAD;  decoder_target (T, B): y_1..y_n, EOS, then
    PAD;  target_mask (T, B) bool: True where decoder_target is a real token (y_i or EOS), False
    on padding. T = longest target + 1.
    """

    source: np.ndarray
    source_lengths: np.ndarray
    decoder_input: np.ndarray
    decoder_target: np.ndarray
    target_mask: np.ndarray


def pad(sequences: Sequence[Sequence[int]],
        length: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Token sequences of different lengths as one (length, B) int64 array filled up with PAD
    (length defaults to the longest), and their lengths (B,)."""
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    length = int(lengths.max(initial=0)) if length is None else length
    if lengths.size and lengths.max() > length:
        raise ValueError(f"pad: a sequence of length {lengths.max()} does not fit in length "
                         f"{length}; leave length=None to use the longest.")
    tokens = np.full((length, len(sequences)), PAD, dtype=np.int64)
    for column, sequence in enumerate(sequences):
        tokens[:len(sequence), column] = sequence
    return tokens, lengths


def seq2seq_batch(sources: Sequence[Sequence[int]],
                  targets: Sequence[Sequence[int]]) -> Seq2SeqBatch:
    """A padded batch from source and target token sequences (without BOS or EOS)."""
    if len(sources) != len(targets):
        raise ValueError(f"seq2seq_batch: got {len(sources)} sources but {len(targets)} targets; "
                         f"give one target per source.")
    for sequence in list(sources) + list(targets):
        if any(token in TOKEN_NAMES for token in sequence):
            raise ValueError(f"seq2seq_batch: the sequence {list(sequence)} already holds a "
                             f"special token (PAD, BOS or EOS); pass the bare tokens, they are "
                             f"added here.")
    source, source_lengths = pad(sources)
    decoder_input, _ = pad([[BOS, *target] for target in targets])
    decoder_target, _ = pad([[*target, EOS] for target in targets])
    return Seq2SeqBatch(source, source_lengths, decoder_input, decoder_target,
                        decoder_target != PAD)


def digit_reversal(batch_size: int, min_length: int, max_length: int,
                   seed: int | None = None) -> Seq2SeqBatch:
    """Digit strings of random lengths in [min_length, max_length] (each length equally likely),
    each to be written backwards: source 3 1 4 -> target 4 1 3 EOS."""
    if not 1 <= min_length <= max_length:
        raise ValueError(f"digit_reversal: needs 1 <= min_length <= max_length, got min_length="
                         f"{min_length}, max_length={max_length}.")
    rng = _rng(seed)
    lengths = rng.integers(min_length, max_length + 1, size=batch_size)
    sources = [rng.integers(0, 10, size=length).tolist() for length in lengths]
    return seq2seq_batch(sources, [source[::-1] for source in sources])


def until_eos(tokens: Sequence[int]) -> list[int]:
    """The tokens before the first EOS (all of them if there is none): a decoded output."""
    tokens = [int(token) for token in tokens]
    return tokens[:tokens.index(EOS)] if EOS in tokens else tokens


def as_text(tokens: Sequence[int]) -> str:
    """Tokens as a readable string: digits as they are, special tokens by name."""
    return " ".join(TOKEN_NAMES.get(int(token), str(int(token))) for token in tokens)
