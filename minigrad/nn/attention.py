"""Attention: each query reads a weighted average of a set of values, weighted by how well the
query matches each value's key.

    score_ij  = score(q_i, k_j)                            how well query i matches key j
    α_ij      = exp(score_ij) / Σ_j' exp(score_ij')        softmax over j; masked keys get α = 0
    context_i = Σ_j α_ij v_j

In an encoder-decoder, the queries are the decoder's states s_i, and the keys and values are the
encoder's states h_j: at every output step the decoder looks back at the whole source instead of
only the encoder's last state. The two classic scores are below; the Transformer uses the
scaled dot product, with learned projections of keys and values too.

Shapes: queries (B, T, D_q), keys (B, S, D_k), values (B, S, D_v), mask (B, S) bool, True where
a key may be attended (False on padding), or None. forward returns the contexts (B, T, D_v) and
the weights α (B, T, S). Every operation is a minigrad op, so the backward pass is autodiff's:
through the weighted sum, the softmax (dα_ij/dscore_ij' = α_ij (δ_jj' - α_ij')) and the score.
"""
import math

from .. import ops
from ..errors import ShapeError
from ..tensor import Tensor
from .init import fan_in_uniform
from .layers import Linear
from .module import Module

# Added to the score of a masked key: after the softmax its weight is exactly 0 in float32 and
# float64, and unlike -inf it leaves no NaN in the backward pass.
MASKED_SCORE = -1e9


class Attention(Module):
    """What both scores share: checking shapes, masking, the softmax and the weighted sum.
    Subclasses write `score(queries, keys) -> (B, T, S)`."""

    def __init__(self, query_size: int, key_size: int):
        self.query_size, self.key_size = query_size, key_size

    def forward(self, queries: Tensor, keys: Tensor, values: Tensor, mask=None):
        name = f"{type(self).__name__}({self.extra_repr()})"
        if queries.ndim != 3 or keys.ndim != 3 or values.ndim != 3:
            raise ShapeError(f"{name}: expects queries (B, T, D_q), keys (B, S, D_k) and values "
                             f"(B, S, D_v), got shapes {queries.shape}, {keys.shape} and "
                             f"{values.shape}; a single query step is a T of 1.")
        batch, steps = keys.shape[0], keys.shape[1]
        if queries.shape[0] != batch or values.shape[:2] != (batch, steps):
            raise ShapeError(f"{name}: queries {queries.shape}, keys {keys.shape} and values "
                             f"{values.shape} must share the batch size B, and keys and values "
                             f"the number of source steps S.")
        if queries.shape[-1] != self.query_size or keys.shape[-1] != self.key_size:
            raise ShapeError(f"{name}: expects queries with {self.query_size} features and "
                             f"keys with {self.key_size}, got {queries.shape} and {keys.shape}.")
        if mask is not None:
            mask = self._checked_mask(mask, batch, steps, name)
        return self.attend(self.score(queries, keys), values, mask)

    @staticmethod
    def attend(scores: Tensor, values: Tensor, mask=None):
        """α = softmax over the source steps of the scores (B, T, S), masked steps set to 0;
        returns the contexts α @ values (B, T, D_v) and α."""
        if mask is not None:
            scores = ops.where(mask[:, None, :], scores, MASKED_SCORE)
        weights = scores.softmax(axis=-1)
        return weights @ values, weights

    def _checked_mask(self, mask, batch, steps, name):
        mask = mask.data if isinstance(mask, Tensor) else mask
        if tuple(mask.shape) != (batch, steps):
            raise ShapeError(f"{name}: the mask must have shape (B, S) = "
                             f"{(batch, steps)}, one entry per key, got {tuple(mask.shape)}.")
        if not bool(mask.any(axis=-1).all()):
            raise ValueError(f"{name}: a row of the mask is False everywhere, so "
                             f"its query has nothing to attend to; every sequence needs at least "
                             f"one real (unmasked) step.")
        return mask

    def score(self, queries: Tensor, keys: Tensor) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__}: write score(queries, keys) returning "
                                  f"the (B, T, S) scores.")

    def extra_repr(self):
        return f"{self.query_size}, {self.key_size}"


class DotProductAttention(Attention):
    """score(q_i, k_j) = (W_q q_i) · k_j / sqrt(D_k)

    The query is projected into the keys' space and compared with a dot product (Luong et al.
    2015's "general" score), scaled by 1/sqrt(D_k) as in the Transformer so that the scores do
    not grow with the size of the keys. W_q: (D_k, D_q). All T x S scores are one batched matmul.
    """

    def __init__(self, query_size: int, key_size: int):
        super().__init__(query_size, key_size)
        self.query_projection = Linear(query_size, key_size, bias=False)

    def score(self, queries, keys):
        projected = self.query_projection(queries)                      # (B, T, D_k)
        return (projected @ keys.transpose(0, 2, 1)) * (1 / math.sqrt(self.key_size))


class AdditiveAttention(Attention):
    """score(q_i, k_j) = v · tanh(W_q q_i + W_k k_j)

    Bahdanau, Cho and Bengio (2015): a one-hidden-layer network of width A scores each pair.
    W_q: (A, D_q), W_k: (A, D_k), v: (A,). The T x S x A pre-activations are formed by
    broadcasting, so this costs A times more than the dot product.
    """

    def __init__(self, query_size: int, key_size: int, attention_size: int):
        super().__init__(query_size, key_size)
        self.attention_size = attention_size
        self.query_projection = Linear(query_size, attention_size, bias=False)
        self.key_projection = Linear(key_size, attention_size, bias=False)
        self.v = fan_in_uniform((attention_size,), attention_size)

    def score(self, queries, keys):
        batch, steps, sources = queries.shape[0], queries.shape[1], keys.shape[1]
        q = self.query_projection(queries).reshape(batch, steps, 1, self.attention_size)
        k = self.key_projection(keys).reshape(batch, 1, sources, self.attention_size)
        return (q + k).tanh() @ self.v                                  # (B, T, S)

    def extra_repr(self):
        return f"{super().extra_repr()}, {self.attention_size}"
