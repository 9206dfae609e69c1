"""Checks at the public boundary of ops and modules, in one place.

Each check costs next to nothing when the input is right and, when it is not, raises an error
written for a learner: the op or layer, the argument, what was expected, what came, and the fix.
Ops run them once per call, never per element, and a sequence layer once per sequence, not per
time step; checks that only matter after NumPy has refused something run in that error branch,
so a correct call pays nothing for them.
"""
import numbers
import operator

from .errors import DeviceError, DtypeError, ShapeError, describe


def axis_index(op, axis, ndim):
    """`axis` (negatives count from the end) as an index in [0, ndim), or a clear error."""
    try:
        axis = operator.index(axis)
    except TypeError:
        raise TypeError(f"{op}: axis must be a whole number, got {axis!r} "
                        f"({type(axis).__name__}).") from None
    if not -ndim <= axis < ndim:
        if ndim == 0:
            raise ShapeError(f"{op}: axis {axis} does not exist: the tensor holds a single number "
                             f"(0 dimensions), so it has no axes. Reshape it first, for example "
                             f"x.reshape(1).")
        raise ShapeError(f"{op}: axis {axis} does not exist in a tensor with {ndim} dimensions; "
                         f"use an axis from {-ndim} to {ndim - 1}.")
    return axis % ndim


def reduced_axes(op, axis, ndim):
    """`axis` (None for all, an int, or a tuple of ints) as a sorted tuple of positive axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        axes = tuple(axis_index(op, a, ndim) for a in axis)
        if len(set(axes)) != len(axes):
            raise ShapeError(f"{op}: axis {tuple(axis)} names the same axis twice; list each "
                             f"axis once.")
        return tuple(sorted(axes))
    return (axis_index(op, axis, ndim),)


def positive_int(owner, name, value):
    """`value` if it is a whole number of at least 1 (a layer's size), or a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{owner}: {name} must be a positive whole number, got {value!r} "
                        f"({type(value).__name__}). Write it as an int, for example {name}=32.")
    if value < 1:
        raise ValueError(f"{owner}: {name} must be at least 1, got {value}.")
    return int(value)


def broadcast_shape(*shapes):
    """The shape that `shapes` broadcast to (NumPy's rule), or None if they do not broadcast."""
    result = []
    for sizes in zip(*(((1,) * (max(map(len, shapes)) - len(s)) + tuple(s)) for s in shapes)):
        others = {n for n in sizes if n != 1}
        if len(others) > 1:
            return None
        result.append(others.pop() if others else 1)
    return tuple(result)


def not_a_tensor(op, name, value):
    """The error for a non-Tensor `value` where `op` needs a Tensor (for its graph)."""
    return TypeError(f"{op}: {name} must be a minigrad Tensor, got {type(value).__name__}, which "
                     f"carries no graph, so no gradient could flow back through it. Pass the "
                     f"model's output, or wrap the numbers: minigrad.Tensor(value).")


def same_device(op, a, b):
    """Two tensors that meet in `op` must live on one device: nothing moves silently."""
    if a._backend is not b._backend:
        raise DeviceError(f"{op}: {describe(a)} and {describe(b)} are on different devices; "
                          f"move one with .to({a.device!r}) or .to({b.device!r}).")


def state_description(state):
    """'a tuple of 3' or 'one ndarray of shape (4, 3)': what came where a state was expected."""
    if isinstance(state, (tuple, list)):
        return f"a {type(state).__name__} of {len(state)}"
    return f"one {type(state).__name__} of shape {getattr(state, 'shape', '?')}"


def same_device_and_dtype(owner, what, tensor, parameter):
    """A layer's input or state must live where the layer's parameters live and, if it holds
    floats, have their dtype (integers are converted by the ops, as class indices need not be)."""
    if tensor._backend is not parameter._backend:
        raise DeviceError(f"{owner}: {what} is {describe(tensor)}, but the layer's parameters are "
                          f"on {parameter.device}; move one of them: .to({parameter.device!r}) on "
                          f"the input, or .to({tensor.device!r}) on the layer.")
    if tensor.dtype != parameter.dtype and tensor.dtype.kind == "f":
        convert = "double" if tensor.dtype.itemsize > parameter.dtype.itemsize else "float"
        raise DtypeError(f"{owner}: {what} is {describe(tensor)}, but the layer's parameters are "
                         f"{parameter.dtype}; convert one of them: .to(dtype='{parameter.dtype}') "
                         f"on the input, or .{convert}() on the layer.")
