"""Ops that look along an axis: sum, mean, max, softmax, log_softmax (and argmax, which has no
gradient). A reduction's backward spreads each output gradient back over the numbers it reduced.
`dim` and `keepdim` are accepted as PyTorch's names for `axis` and `keepdims`."""
from ..errors import ShapeError
from ..tensor import DEFAULT_DTYPE, Tensor
from ..validation import axis_index, not_a_tensor, reduced_axes
from .conversion import to


def keepdims_shape(shape, axes):
    """The shape of a reduction over `axes` with keepdims=True (each reduced axis kept as 1)."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def spread(g, kept, shape, xp):
    """g, the gradient of a reduction with keepdims shape `kept`, copied along the reduced axes
    to `shape`. (Written into a new array: at the course's sizes that is quicker than making
    NumPy's read-only broadcast view, xp.broadcast_to, which costs about 6 µs to set up.)"""
    out = xp.empty(shape, dtype=g.dtype)
    out[...] = g.reshape(kept)
    return out


def sum(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Σ x over `axis`.   dL/dx = g, copied along the summed axes."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("sum", "x", x)
    if dim is not None or keepdim is not None:
        axis, keepdims = _from_pytorch_names(axis, keepdims, dim, keepdim)
    axes = reduced_axes("sum", axis, x.ndim)
    kept = keepdims_shape(x.shape, axes)
    return Tensor._make(x.data.sum(axis=axes, keepdims=keepdims), (x,), lambda g: (
        spread(g, kept, x.shape, x.xp),), "sum")


def mean(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Σ x / n over `axis`.   dL/dx = g / n, copied along the averaged axes.
    Booleans and integers are averaged in float32: the accuracy (pred == y).mean() is a fraction
    (PyTorch refuses and asks for .float() first). Over no numbers at all the mean is NaN."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("mean", "x", x)
    if dim is not None or keepdim is not None:
        axis, keepdims = _from_pytorch_names(axis, keepdims, dim, keepdim)
    axes = reduced_axes("mean", axis, x.ndim)
    if x.dtype.kind != "f":
        x = to(x, dtype=DEFAULT_DTYPE)
    kept = keepdims_shape(x.shape, axes)
    count = _product(x.shape[a] for a in axes)
    if count == 0:  # NaN, as in PyTorch, without NumPy's warning; x holds nothing to differentiate
        return Tensor._make(x.data.sum(axis=axes, keepdims=keepdims) * float("nan"), (x,),
                            lambda g: (x.xp.zeros(x.shape, dtype=g.dtype),), "mean")
    return Tensor._make(x.data.mean(axis=axes, keepdims=keepdims), (x,), lambda g: (
        spread(g / count, kept, x.shape, x.xp),), "mean")


def max(x, axis=None, keepdims=False, *, dim=None):
    """max x over `axis`: the largest values only, as numpy.max (PyTorch's max(dim) also returns
    their indices; here they come from argmax).
    dL/dx = g at the maximum (shared equally between ties), 0 elsewhere; over numbers that hold a
    NaN, the maximum is NaN and so is every entry's gradient (as torch.amax)."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("max", "x", x)
    if dim is not None:
        raise TypeError(f"max: got dim={dim}, PyTorch's keyword, but minigrad's max returns the "
                        f"largest values only, as numpy.max does, not (values, indices). Write "
                        f"x.max(axis={dim}) for the values and x.argmax(axis={dim}) for the "
                        f"indices.")
    axes = reduced_axes("max", axis, x.ndim)
    if x.size == 0 and not all(x.shape[a] for a in axes):
        raise ShapeError(f"max: the tensor of shape {x.shape} has no numbers along "
                         f"{'some axis' if axis is None else f'axis {axis}'}, so there is no "
                         f"maximum to take (PyTorch refuses too).")
    top = x.data.max(axis=axes, keepdims=True)

    def backward(g):
        is_top = x.data == top
        return (is_top * (g.reshape(top.shape) / is_top.sum(axis=axes, keepdims=True)),)
    return Tensor._make(top if keepdims else top.reshape(_drop(top.shape, axes)), (x,), backward,
                        "max")


def argmax(x, axis=None, *, dim=None):
    """Index of the largest entry along `axis` (over the flattened tensor if None); no gradient."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("argmax", "x", x)
    axis = axis if dim is None else dim
    if axis is not None:
        axis = axis_index("argmax", axis, x.ndim)
    if x.size == 0 and (axis is None or x.shape[axis] == 0):
        raise ShapeError(f"argmax: the tensor of shape {x.shape} has no numbers along "
                         f"{'any axis' if axis is None else f'axis {axis}'}, so no entry is "
                         f"the largest (PyTorch refuses too).")
    return Tensor._make(x.data.argmax(axis=axis), (), None, "argmax", x._backend)


def softmax(x, axis=-1, *, dim=None):
    """s = e^x / Σ e^x along `axis` (shifted by the max, so it never overflows).
    dL/dx = s * (g - Σ g*s)."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("softmax", "x", x)
    axis = axis_index("softmax", axis if dim is None else dim, x.ndim)
    if x.size == 0:
        return _empty_like(x, "softmax")
    shifted = x.data - x.data.max(axis=axis, keepdims=True)
    s = x.xp.exp(shifted)
    s /= s.sum(axis=axis, keepdims=True)
    return Tensor._make(s, (x,), lambda g: (
        s * (g - (g * s).sum(axis=axis, keepdims=True)),), "softmax")


def log_softmax(x, axis=-1, *, dim=None):
    """x - log Σ e^x along `axis`, computed stably.   dL/dx = g - softmax(x) * Σ g."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("log_softmax", "x", x)
    axis = axis_index("log_softmax", axis if dim is None else dim, x.ndim)
    if x.size == 0:
        return _empty_like(x, "log_softmax")
    xp = x.xp
    shifted = x.data - x.data.max(axis=axis, keepdims=True)
    out = shifted - xp.log(xp.exp(shifted).sum(axis=axis, keepdims=True))
    return Tensor._make(out, (x,), lambda g: (
        g - xp.exp(out) * g.sum(axis=axis, keepdims=True),), "log_softmax")


def _from_pytorch_names(axis, keepdims, dim, keepdim):
    return (axis if dim is None else dim), (keepdims if keepdim is None else keepdim)


def _empty_like(x, op):
    """The result of an op that keeps shape, for an empty x (an empty batch): empty too."""
    return Tensor._make(x.data.copy(), (x,), lambda g: (g,), op)


def _product(shape):
    result = 1
    for n in shape:
        result *= n
    return result


def _drop(shape, axes):
    return tuple(n for i, n in enumerate(shape) if i not in axes)
