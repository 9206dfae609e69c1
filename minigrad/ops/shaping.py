"""Ops that move numbers around without changing them: reshape, transpose, indexing, concat,
stack, split (and PyTorch's unsqueeze, squeeze, flatten, which are reshapes). Each backward puts
the gradient back where the numbers came from."""
import operator

from ..errors import DtypeError, ShapeError, describe
from ..gradient_sums import IndexedGrad
from ..tensor import Tensor
from ..validation import axis_index, not_a_tensor, same_device


def reshape(x, *shape):
    """The same numbers in a new shape.   dL/dx = g reshaped back to x's shape."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("reshape", "x", x)
    shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    try:
        out = x.data.reshape(shape)
    except ValueError:
        raise ShapeError(f"reshape: cannot arrange the {x.size} numbers of shape {x.shape} as "
                         f"shape {shape}; the sizes must multiply to {x.size} (one size may be -1)."
                         ) from None
    except TypeError:
        raise TypeError(f"reshape: sizes must be whole numbers, got {shape}.") from None
    return Tensor._make(out, (x,), lambda g: (g.reshape(x.shape),), "reshape")


def unsqueeze(x, dim):
    """x with a new axis of size 1 at `dim` (PyTorch's unsqueeze; NumPy's expand_dims).
    A reshape, so dL/dx = g reshaped back."""
    dim = axis_index("unsqueeze", dim, x.ndim + 1)
    return reshape(x, x.shape[:dim] + (1,) + x.shape[dim:])


def squeeze(x, dim=None):
    """x without its axes of size 1: all of them, or only `dim` (an int or a tuple), as PyTorch
    does: an axis named in `dim` whose size is not 1 stays. A reshape."""
    if dim is None:
        dims = range(x.ndim)
    else:
        dims = {axis_index("squeeze", d, x.ndim) for d in (dim if isinstance(dim, (tuple, list))
                                                           else (dim,))}
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if not (i in dims and n == 1)))


def flatten(x, start_dim=0, end_dim=-1):
    """Axes start_dim..end_dim merged into one (all of them by default), as in PyTorch.
    A reshape."""
    if x.ndim == 0:
        return reshape(x, 1)
    start, end = axis_index("flatten", start_dim, x.ndim), axis_index("flatten", end_dim, x.ndim)
    if start > end:
        raise ShapeError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} in a "
                         f"tensor of shape {x.shape}; give start_dim <= end_dim.")
    return reshape(x, x.shape[:start] + (-1,) + x.shape[end + 1:])


def transpose(x, *axes):
    """Axes permuted (reversed when none are given; `x.T` for a matrix).
    dL/dx = g with the inverse permutation."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("transpose", "x", x)
    axes = tuple(axes[0]) if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
    axes = tuple(axis_index("transpose", a, x.ndim) for a in axes) or tuple(reversed(range(x.ndim)))
    if sorted(axes) != list(range(x.ndim)):
        raise ShapeError(f"transpose: {axes} is not an ordering of the {x.ndim} axes of a tensor of "
                         f"shape {x.shape}; give each axis 0..{x.ndim - 1} exactly once.")
    inverse = tuple(sorted(range(x.ndim), key=lambda i: axes[i]))
    return Tensor._make(x.data.transpose(axes), (x,), lambda g: (g.transpose(inverse),),
                        "transpose")


def getitem(x, index):
    """x[index]: integers, slices, None, ..., boolean masks and integer arrays, as in NumPy.
    dL/dx = zeros with g added at the indexed places; a place picked twice gets both gradients
    (scatter-add). The zeros are left to the engine (see IndexedGrad), so that slicing one tensor
    many times fills a single buffer."""
    if _is_basic(index):  # x[t], x[a:b], z[:, :H]: nothing to convert, no place picked twice
        repeatable = False
    else:
        index = index_on_device(x, index)
        repeatable = _picks_repeatable(index)
    try:
        out = x.data[index]
    except IndexError as error:
        raise index_error("getitem", x, index, error) from None
    return Tensor._make(out, (x,), lambda g: (IndexedGrad(index, g, x.shape, repeatable),),
                        "getitem")


def concat(tensors, axis=0, *, dim=None):
    """Tensors joined along an existing axis (`dim` is PyTorch's name for it).
    dL/d(each) = its slice of g."""
    tensors = _same_kind("concat", tensors)
    xp = tensors[0].xp
    axis = axis_index("concat", axis if dim is None else dim, tensors[0].ndim)
    try:
        out = xp.concatenate([t.data for t in tensors], axis=axis)
    except ValueError:
        raise ShapeError(f"concat: shapes {[t.shape for t in tensors]} cannot be joined along axis "
                         f"{axis}; all other axes must have equal sizes.") from None
    bounds = [0]
    for t in tensors:
        bounds.append(bounds[-1] + t.shape[axis])
    lead = (slice(None),) * axis
    return Tensor._make(out, tuple(tensors), lambda g: tuple(
        g[lead + (slice(start, stop),)] for start, stop in zip(bounds, bounds[1:])), "concat")


def stack(tensors, axis=0, *, dim=None):
    """Tensors of one shape stacked along a new axis (`dim` is PyTorch's name for it).
    dL/d(each) = its slice of g."""
    tensors = _same_kind("stack", tensors)
    axis = axis_index("stack", axis if dim is None else dim, tensors[0].ndim + 1)
    try:
        out = tensors[0].xp.stack([t.data for t in tensors], axis=axis)
    except ValueError:
        raise ShapeError(f"stack: needs tensors of one shape, got {[t.shape for t in tensors]}.") \
            from None
    lead = (slice(None),) * axis
    return Tensor._make(out, tuple(tensors), lambda g: tuple(
        g[lead + (i,)] for i in range(len(tensors))), "stack")


NUMPY_SPLIT = ("minigrad's split follows numpy.split: x.split(n, axis) cuts x into n equal "
               "parts, and x.split([i, j], axis) cuts it at the indices i and j. PyTorch's "
               "x.split(n, dim) means parts of n numbers each: for those, write "
               "x.split(x.shape[axis] // n, axis=axis).")


def split(x, sections, axis=0, *, dim=None):
    """x cut along `axis`, as numpy.split: into `sections` equal parts, or at the given indices.
    (PyTorch's split takes a part's size instead, and refuses here with `dim=`, to say so.)
    Each part is an index of x, so its gradient flows back through getitem."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("split", "x", x)
    if dim is not None:
        raise TypeError(f"split: got dim={dim}, PyTorch's keyword, but the meaning differs. "
                        f"{NUMPY_SPLIT}")
    axis = axis_index("split", axis, x.ndim)
    size = x.shape[axis]
    if isinstance(sections, int):
        if sections <= 0 or size % sections:
            raise ShapeError(f"split: axis {axis} of shape {x.shape} has size {size}, which does not "
                             f"divide into {sections} equal parts; pass split points instead. "
                             f"({NUMPY_SPLIT})")
        cuts = [part * (size // sections) for part in range(sections + 1)]
    else:
        cuts = [0, *(operator.index(cut) for cut in sections), size]
    lead = (slice(None),) * axis
    return [getitem(x, lead + (slice(start, stop),)) for start, stop in zip(cuts, cuts[1:])]


def _same_kind(op, tensors):
    if isinstance(tensors, Tensor):
        raise TypeError(f"{op}: expects a list of tensors, got one Tensor; write "
                        f"{op}([a, b, ...], axis=...).")
    tensors = list(tensors)
    if not tensors:
        raise ValueError(f"{op}: got an empty list; give at least one tensor.")
    for position, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: every item must be a minigrad Tensor, but item {position} is "
                            f"of type {type(t).__name__}; wrap it with minigrad.Tensor(...).")
    first = tensors[0]
    for t in tensors[1:]:
        same_device(op, first, t)
        if t.dtype != first.dtype:
            raise DtypeError(f"{op}: {describe(first)} and {describe(t)} have different dtypes; "
                             f"convert them to one with .to(dtype=...).")
    return tensors


def index_on_device(x, index):
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
    try:
        return operator.index(part)
    except TypeError:
        fix = f"x[{int(part)}]" if isinstance(part, float) and part.is_integer() else \
            "integers, slices, None, ..., boolean masks or integer arrays"
        raise DtypeError(f"getitem: {part!r} ({type(part).__name__}) cannot be an index; "
                         f"use {fix}.") from None


def index_error(op, x, index, error):
    """The error for an index that NumPy refused: float index arrays, or places out of range."""
    parts = index if isinstance(index, tuple) else (index,)
    for part in parts:
        if getattr(getattr(part, "dtype", None), "kind", None) == "f":
            return DtypeError(
                f"{op}: index arrays must hold integers (or booleans, for a mask), got "
                f"{part.dtype}. minigrad.Tensor([0, 2]) is float32, as every tensor made from a "
                f"list is: make indices with dtype='int64', for example "
                f"Tensor([0, 2], dtype='int64'), or convert them with idx.long().")
    return ShapeError(f"{op}: index {_show(index)} does not fit a tensor of shape {x.shape} "
                      f"({error}).")


def _is_basic(index):
    """True for an int, a slice, or a tuple of them: NumPy's basic indexing, which picks each
    place at most once."""
    if type(index) is tuple:
        for part in index:
            if type(part) is not slice and type(part) is not int:
                return False
        return True
    return type(index) is int or type(index) is slice


def _picks_repeatable(index):
    """True if the index contains an integer array, which may pick one place several times."""
    parts = index if isinstance(index, tuple) else (index,)
    return any(getattr(part, "dtype", None) is not None and part.dtype.kind in "iu"
               for part in parts)


def _show(index):
    parts = index if isinstance(index, tuple) else (index,)
    return "[" + ", ".join(f"array of shape {p.shape}" if hasattr(p, "shape") and p.ndim else
                           repr(p) for p in parts) + "]"
