"""Ops that look along an axis: sum, mean, max, softmax, log_softmax (and argmax, which has no
gradient). A reduction's backward spreads each output gradient back over the numbers it reduced."""
from ..errors import ShapeError
from ..tensor import Tensor


def reduced_axes(op, axis, ndim):
    """`axis` (None, an int or a tuple, negatives allowed) as a sorted tuple of positive axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for a in axes:
        if not -ndim <= a < ndim:
            raise ShapeError(f"{op}: axis {a} does not exist in a tensor with {ndim} dimensions; "
                             f"use an axis from {-ndim} to {ndim - 1}.")
    return tuple(sorted(a % ndim for a in axes))


def keepdims_shape(shape, axes):
    """The shape of a reduction over `axes` with keepdims=True (each reduced axis kept as 1)."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def sum(x, axis=None, keepdims=False):
    """Σ x over `axis`.   dL/dx = g, copied along the summed axes."""
    axes = reduced_axes("sum", axis, x.ndim)
    kept = keepdims_shape(x.shape, axes)
    return Tensor._make(x.data.sum(axis=axes, keepdims=keepdims), (x,), lambda g: (
        x.xp.broadcast_to(g.reshape(kept), x.shape),), "sum")


def mean(x, axis=None, keepdims=False):
    """Σ x / n over `axis`.   dL/dx = g / n, copied along the averaged axes."""
    axes = reduced_axes("mean", axis, x.ndim)
    kept = keepdims_shape(x.shape, axes)
    count = _product(x.shape[a] for a in axes)
    return Tensor._make(x.data.mean(axis=axes, keepdims=keepdims), (x,), lambda g: (
        x.xp.broadcast_to(g.reshape(kept) / count, x.shape),), "mean")


def max(x, axis=None, keepdims=False):
    """max x over `axis`.   dL/dx = g at the maximum (shared equally between ties), 0 elsewhere."""
    axes = reduced_axes("max", axis, x.ndim)
    if x.size == 0:
        raise ShapeError(f"max: the tensor of shape {x.shape} is empty, so it has no maximum.")
    top = x.data.max(axis=axes, keepdims=True)

    def backward(g):
        is_top = x.data == top
        return (is_top * (g.reshape(top.shape) / is_top.sum(axis=axes, keepdims=True)),)
    return Tensor._make(top if keepdims else top.reshape(_drop(top.shape, axes)), (x,), backward,
                        "max")


def argmax(x, axis=None):
    """Index of the largest entry along `axis` (over the flattened tensor if None); no gradient."""
    return Tensor._constant(x.data.argmax(axis=axis), x._backend)


def softmax(x, axis=-1):
    """s = e^x / Σ e^x along `axis` (shifted by the max, so it never overflows).
    dL/dx = s * (g - Σ g*s)."""
    shifted = x.data - x.data.max(axis=axis, keepdims=True)
    s = x.xp.exp(shifted)
    s /= s.sum(axis=axis, keepdims=True)
    return Tensor._make(s, (x,), lambda g: (
        s * (g - (g * s).sum(axis=axis, keepdims=True)),), "softmax")


def log_softmax(x, axis=-1):
    """x - log Σ e^x along `axis`, computed stably.   dL/dx = g - softmax(x) * Σ g."""
    xp = x.xp
    shifted = x.data - x.data.max(axis=axis, keepdims=True)
    out = shifted - xp.log(xp.exp(shifted).sum(axis=axis, keepdims=True))
    return Tensor._make(out, (x,), lambda g: (
        g - xp.exp(out) * g.sum(axis=axis, keepdims=True),), "log_softmax")


def _product(shape):
    result = 1
    for n in shape:
        result *= n
    return result


def _drop(shape, axes):
    return tuple(n for i, n in enumerate(shape) if i not in axes)
