"""Ops that move numbers around without changing them: reshape, transpose, indexing, concat,
stack, split. Each backward puts the gradient back where the numbers came from."""
import operator

from ..errors import DeviceError, DtypeError, ShapeError, describe
from ..tensor import IndexedGrad, Tensor


def reshape(x, *shape):
    """The same numbers in a new shape.   dL/dx = g reshaped back to x's shape."""
    shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    try:
        out = x.data.reshape(shape)
    except ValueError:
        raise ShapeError(f"reshape: cannot arrange the {x.size} numbers of shape {x.shape} as "
                         f"shape {shape}; the sizes must multiply to {x.size} (one size may be -1)."
                         ) from None
    return Tensor._make(out, (x,), lambda g: (g.reshape(x.shape),), "reshape")


def transpose(x, *axes):
    """Axes permuted (reversed when none are given; `x.T` for a matrix).
    dL/dx = g with the inverse permutation."""
    axes = tuple(axes[0]) if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
    axes = axes or tuple(reversed(range(x.ndim)))
    if len(axes) != x.ndim or sorted(a % x.ndim for a in axes) != list(range(x.ndim)):
        raise ShapeError(f"transpose: {axes} is not an ordering of the {x.ndim} axes of a tensor of "
                         f"shape {x.shape}; give each axis 0..{x.ndim - 1} exactly once.")
    inverse = tuple(sorted(range(x.ndim), key=lambda i: axes[i] % x.ndim))
    return Tensor._make(x.data.transpose(axes), (x,), lambda g: (g.transpose(inverse),),
                        "transpose")


def getitem(x, index):
    """x[index]: integers, slices, None, ..., boolean masks and integer arrays, as in NumPy.
    dL/dx = zeros with g added at the indexed places; a place picked twice gets both gradients
    (scatter-add). The zeros are left to the engine (see IndexedGrad), so that slicing one tensor
    many times fills a single buffer."""
    if type(index) is not int and type(index) is not slice:  # fast path: x[t], x[a:b]
        index = _on_device(x, index)
    try:
        out = x.data[index]
    except IndexError as error:
        raise ShapeError(f"getitem: index {_show(index)} does not fit a tensor of shape {x.shape} "
                         f"({error}).") from None

    repeatable = _picks_repeatable(index)
    return Tensor._make(out, (x,), lambda g: (IndexedGrad(index, g, x.shape, repeatable),),
                        "getitem")


def concat(tensors, axis=0):
    """Tensors joined along an existing axis.   dL/d(each) = its slice of g."""
    tensors = _same_kind("concat", tensors)
    xp = tensors[0].xp
    try:
        out = xp.concatenate([t.data for t in tensors], axis=axis)
    except ValueError:
        raise ShapeError(f"concat: shapes {[t.shape for t in tensors]} cannot be joined along axis "
                         f"{axis}; all other axes must have equal sizes.") from None
    axis %= out.ndim
    bounds = [0]
    for t in tensors:
        bounds.append(bounds[-1] + t.shape[axis])
    lead = (slice(None),) * axis
    return Tensor._make(out, tuple(tensors), lambda g: tuple(
        g[lead + (slice(start, stop),)] for start, stop in zip(bounds, bounds[1:])), "concat")


def stack(tensors, axis=0):
    """Tensors of one shape stacked along a new axis.   dL/d(each) = its slice of g."""
    tensors = _same_kind("stack", tensors)
    try:
        out = tensors[0].xp.stack([t.data for t in tensors], axis=axis)
    except ValueError:
        raise ShapeError(f"stack: needs tensors of one shape, got {[t.shape for t in tensors]}.") \
            from None
    lead = (slice(None),) * (axis % out.ndim)
    return Tensor._make(out, tuple(tensors), lambda g: tuple(
        g[lead + (i,)] for i in range(len(tensors))), "stack")


def split(x, sections, axis=0):
    """x cut along `axis`, as numpy.split: into `sections` equal parts, or at the given indices.
    Each part is an index of x, so its gradient flows back through getitem."""
    size = x.shape[axis]
    if isinstance(sections, int):
        if sections <= 0 or size % sections:
            raise ShapeError(f"split: axis {axis} of shape {x.shape} has size {size}, which does not "
                             f"divide into {sections} equal parts; pass split points instead.")
        step = size // sections
        cuts = list(range(0, size + 1, step))
    else:
        cuts = [0, *sections, size]
    lead = (slice(None),) * (axis % x.ndim)
    return [getitem(x, lead + (slice(start, stop),)) for start, stop in zip(cuts, cuts[1:])]


def _same_kind(op, tensors):
    tensors = list(tensors)
    if not tensors or not all(isinstance(t, Tensor) for t in tensors):
        raise TypeError(f"{op}: needs a non-empty list of Tensors.")
    first = tensors[0]
    for t in tensors[1:]:
        if t._backend is not first._backend:
            raise DeviceError(f"{op}: {describe(first)} and {describe(t)} are on different devices; "
                              f"move them to one device with .to(...).")
        if t.dtype != first.dtype:
            raise DtypeError(f"{op}: {describe(first)} and {describe(t)} have different dtypes; "
                             f"convert them to one with .to(dtype=...).")
    return tensors


def _on_device(x, index):
    """Index parts that are Tensors, lists or host arrays, as arrays of x's backend."""
    parts = index if isinstance(index, tuple) else (index,)
    converted = tuple(_index_part(x, part) for part in parts)
    return converted if isinstance(index, tuple) else converted[0]


def _index_part(x, part):
    if isinstance(part, Tensor):
        part = part.data
    if isinstance(part, (slice, type(None), type(Ellipsis), x._backend.array_type)):
        return part
    if isinstance(part, list) or getattr(part, "ndim", 0):
        return x._backend.from_numpy(part)
    return operator.index(part)


def _picks_repeatable(index):
    """True if the index contains an integer array, which may pick one place several times."""
    parts = index if isinstance(index, tuple) else (index,)
    return any(getattr(part, "dtype", None) is not None and part.dtype.kind in "iu"
               for part in parts)


def _show(index):
    parts = index if isinstance(index, tuple) else (index,)
    return "[" + ", ".join(f"array of shape {p.shape}" if hasattr(p, "shape") and p.ndim else
                           repr(p) for p in parts) + "]"
