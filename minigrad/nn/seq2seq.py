"""An encoder-decoder (sequence to sequence) model, with or without attention, and the masked
loss it trains with.

    encoder:  h_j = LSTM(embed(x_j), h_{j-1})           j = 1..L, the source's own length L
    decoder:  s_0 = h_L;   s_i = LSTM(embed(y_{i-1}), s_{i-1}),   y_0 = BOS
    output:   p(y_i | y_<i, x) = softmax(V s_i + b)                       without attention
              p(y_i | y_<i, x) = softmax(V [s_i, c_i] + b),               with attention, where
              c_i = Σ_j α_ij h_j and α_i = softmax_j(score(s_i, h_j)) over the real source steps

Without attention everything the decoder knows about the source passes through h_L (and the
LSTM's c_L): a fixed-size summary, whatever the source's length. With attention, every output
step reads all of h_1..h_L again.

Shapes are time first, as the data in minigrad.data.seq2seq: source (S, B) and decoder input
(T, B) integer tokens, source_lengths (B,); logits (T, B, vocabulary_size).
"""
from typing import NamedTuple

import numpy as np

from .. import functional as F
from .. import ops
from ..errors import ShapeError
from ..tensor import Tensor
from .cells import LSTMCell
from .layers import Embedding, Linear
from .module import Module


class Memory(NamedTuple):
    """What the encoder hands to the decoder.

    states (B, S, H): h_j at every source step (the attention's keys and values);
    mask (B, S) bool: True on real source tokens, False on padding;
    final: (h_L, c_L), each (B, H), taken at each source's own last token: the decoder's s_0.
    """

    states: Tensor
    mask: np.ndarray
    final: tuple


class EncoderDecoder(Module):
    """Embedding -> LSTM encoder -> LSTM decoder (-> attention) -> Linear head; see the module
    docstring for the equations. One embedding table serves source and target tokens.

    attention: None, or a module called as attention(queries, keys, values, mask) -> (contexts,
    weights), such as DotProductAttention(hidden_size, hidden_size) from minigrad.nn.attention.
    """

    def __init__(self, vocabulary_size: int, embedding_size: int, hidden_size: int,
                 attention: Module | None = None):
        self.vocabulary_size, self.hidden_size = vocabulary_size, hidden_size
        self.embedding = Embedding(vocabulary_size, embedding_size)
        self.encoder = LSTMCell(embedding_size, hidden_size)
        self.decoder = LSTMCell(embedding_size, hidden_size)
        self.attention = attention
        self.head = Linear(hidden_size * (1 if attention is None else 2), vocabulary_size)

    def encode(self, source, source_lengths) -> Memory:
        """Read the padded source (S, B) step by step. Past a source's last token its state is
        carried along unchanged, so the final state is h_L of each source, not of its padding."""
        source, lengths = np.asarray(source), np.asarray(source_lengths)
        steps, batch = source.shape if source.ndim == 2 else (None, None)
        if steps is None or lengths.shape != (batch,) or not (
                (lengths >= 1).all() and (lengths <= steps).all()):
            raise ShapeError(f"EncoderDecoder.encode: expects a source of shape (S, B) and B "
                             f"lengths between 1 and S, got a source of shape {source.shape} and "
                             f"lengths {lengths.tolist()}.")
        embedded = self.embedding(source)
        zeros = self.encoder.zeros(batch)
        state, states = (zeros, zeros), []
        for t in range(steps):
            new = self.encoder(embedded[t], state)
            running = (t < lengths)[:, None]            # False once a source has ended
            state = tuple(ops.where(running, n, old) for n, old in zip(new, state))
            states.append(state[0])
        mask = np.arange(steps)[None, :] < lengths[:, None]
        return Memory(ops.stack(states, axis=1), mask, state)

    def decode(self, decoder_input, state, memory: Memory):
        """Run the decoder over decoder_input (T, B) from `state`: all T steps at once when the
        inputs are known (teacher forcing), or one step at a time (T = 1) when generating.
        Returns the logits (T, B, vocabulary), the decoder's last state, and the attention
        weights (B, T, S) (None without attention)."""
        hiddens, state = self.decoder.unroll(self.embedding(decoder_input), state)
        outputs = ops.stack(hiddens, axis=1)                                  # (B, T, H)
        weights = None
        if self.attention is not None:
            contexts, weights = self.attention(outputs, memory.states, memory.states, memory.mask)
            outputs = ops.concat([outputs, contexts], axis=-1)
        return self.head(outputs).transpose(1, 0, 2), state, weights

    def forward(self, source, source_lengths, decoder_input) -> Tensor:
        """Teacher forcing: the logits of every target position given the true previous tokens."""
        memory = self.encode(source, source_lengths)
        return self.decode(decoder_input, memory.final, memory)[0]

    def extra_repr(self):
        return f"vocabulary_size={self.vocabulary_size}, hidden_size={self.hidden_size}"


def masked_cross_entropy(logits: Tensor, targets, mask) -> Tensor:
    """The mean cross-entropy over the positions where mask is True, and only those:
    -Σ_{mask} log p(target) / (number of True entries). Padding then neither counts in the loss
    nor receives any gradient.   logits (T, B, C), targets (T, B), mask (T, B) bool."""
    targets, mask = np.asarray(targets), np.asarray(mask, dtype=bool)
    if logits.ndim != 3 or targets.shape != logits.shape[:2] or mask.shape != targets.shape:
        raise ShapeError(f"masked_cross_entropy: expects logits (T, B, C) with targets and mask "
                         f"of shape (T, B), got {logits.shape}, {targets.shape} and {mask.shape}.")
    if not mask.any():
        raise ValueError("masked_cross_entropy: the mask is False everywhere, so there is no "
                         "position to average over.")
    return F.cross_entropy(logits[mask], targets[mask])
