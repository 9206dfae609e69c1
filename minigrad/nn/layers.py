"""Feed-forward layers: Linear, Embedding, Dropout, activations, and Sequential to chain them."""
import numbers

from .. import ops
from ..errors import DtypeError, ShapeError
from ..random import generator
from ..tensor import Tensor
from ..validation import positive_int, same_device_and_dtype
from .init import fan_in_uniform, normal
from .module import Module


class Linear(Module):
    """y = x W^T + b, with W of shape (out_features, in_features) as in PyTorch, so that for one
    column vector it reads y = W x + b."""

    def __init__(self, in_features, out_features, bias=True):
        self.in_features = positive_int("Linear", "in_features", in_features)
        self.out_features = positive_int("Linear", "out_features", out_features)
        self.weight = fan_in_uniform((out_features, in_features), in_features)
        self.bias = fan_in_uniform((out_features,), in_features) if bias else None

    def forward(self, x):
        x = self.weight._lift(x)  # lists and host arrays are welcome, as constants
        if x.ndim == 0 or x.shape[-1] != self.in_features:
            raise ShapeError(f"Linear({self.in_features}, {self.out_features}): expects inputs "
                             f"whose last axis has size {self.in_features}, got shape {x.shape}.")
        same_device_and_dtype(f"Linear({self.in_features}, {self.out_features})", "x", x,
                              self.weight)
        y = x @ self.weight.T
        return y + self.bias if self.bias is not None else y

    def extra_repr(self):
        return f"{self.in_features}, {self.out_features}, bias={self.bias is not None}"


class Embedding(Module):
    """A lookup table: row i of `weight` is the learned vector of token i.
    Picking rows is indexing, so its backward scatter-adds into the rows that were used."""

    def __init__(self, num_embeddings, embedding_dim):
        self.num_embeddings = positive_int("Embedding", "num_embeddings", num_embeddings)
        self.embedding_dim = positive_int("Embedding", "embedding_dim", embedding_dim)
        self.weight = normal((num_embeddings, embedding_dim))

    def forward(self, indices):
        data = indices.data if isinstance(indices, Tensor) else indices
        if getattr(data, "dtype", None) is None or data.dtype.kind not in "iu":
            raise DtypeError(f"Embedding: expects integer token indices, got "
                             f"{getattr(data, 'dtype', type(data).__name__)}; encode tokens as an "
                             f"integer array first (a float tensor converts with .long()).")
        if data.size and (int(data.min()) < 0 or int(data.max()) >= self.num_embeddings):
            raise ValueError(f"Embedding({self.num_embeddings}, {self.embedding_dim}): token "
                             f"indices must lie in [0, {self.num_embeddings - 1}], got "
                             f"{int(data.min())} to {int(data.max())}.")
        return self.weight[data]

    def extra_repr(self):
        return f"{self.num_embeddings}, {self.embedding_dim}"


class Dropout(Module):
    """While training, zero each entry with probability p and scale the rest by 1/(1-p), so the
    expected value is unchanged; in eval() mode, pass inputs through untouched."""

    def __init__(self, p=0.5):
        if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p < 1:
            raise ValueError(f"Dropout: p is the probability of dropping, so 0 <= p < 1; got {p}.")
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        keep = generator().random(x.shape) >= self.p
        return x * Tensor(keep / (1 - self.p), dtype=x.dtype, device=x.device)

    def extra_repr(self):
        return f"p={self.p}"


class Tanh(Module):
    def forward(self, x):
        return ops.tanh(x)


class ReLU(Module):
    def forward(self, x):
        return ops.relu(x)


class Sigmoid(Module):
    def forward(self, x):
        return ops.sigmoid(x)


class Sequential(Module):
    """Modules applied one after another: Sequential(Linear(2, 16), Tanh(), Linear(16, 3))."""

    def __init__(self, *layers):
        for layer in layers:
            if isinstance(layer, type):
                raise TypeError(f"Sequential: got the class {layer.__name__}; pass a layer "
                                f"built from it, such as {layer.__name__}(...), not the class.")
            if not callable(layer):
                raise TypeError(f"Sequential: every layer must be a module (or a function), got "
                                f"{type(layer).__name__}.")
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def __getitem__(self, index):
        return self.layers[index]

    def __len__(self):
        return len(self.layers)
