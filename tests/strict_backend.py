"""A stand-in for a GPU array library, to prove on a CPU-only machine that minigrad never falls
back to NumPy inside an op.

StrictArray wraps a NumPy array and behaves like a CuPy array in the ways that matter: it has the
usual operators, methods and attributes, and its own array module (`strict_numpy`) with NumPy's
functions; but, like CuPy, it refuses implicit conversion to a NumPy array (np.asarray, np.exp,
np.concatenate on it raise) and refuses to be mixed with NumPy arrays. An op that creates an
array with `np.` instead of its tensor's `xp`, or hands device data to NumPy, fails under it.
"""
import operator

import numpy as np

from minigrad.backend import Backend


class StrictArray:
    __slots__ = ("array",)
    # NumPy must not take over `ndarray (op) StrictArray`: it defers to our reflected operators,
    # which refuse host arrays, and its ufuncs (np.exp(strict)) raise.
    __array_ufunc__ = None

    def __init__(self, array):
        self.array = array

    def __array__(self, dtype=None, copy=None):
        raise TypeError("StrictArray: implicit conversion to a NumPy array is not allowed (as in "
                        "CuPy); an op must use its tensor's array module, or backend.to_numpy.")

    def __array_function__(self, function, types, args, kwargs):
        raise TypeError(f"StrictArray: numpy.{function.__name__} was called on a device array; "
                        f"use the tensor's array module (tensor.xp) instead.")

    # ----- attributes and methods, forwarded to the wrapped array and wrapped again -----------
    shape = property(lambda self: self.array.shape)
    dtype = property(lambda self: self.array.dtype)
    ndim = property(lambda self: self.array.ndim)
    size = property(lambda self: self.array.size)
    T = property(lambda self: wrap(self.array.T))

    def __getattr__(self, name):
        if name not in ARRAY_METHODS:
            raise AttributeError(f"StrictArray has no attribute {name!r}")
        method = getattr(self.array, name)
        return lambda *args, **kwargs: wrap(method(*unwrap(args), **unwrap(kwargs)))

    def __len__(self):
        return len(self.array)

    def __float__(self):
        return float(self.array)

    def __int__(self):
        return int(self.array)

    def __bool__(self):
        return bool(self.array)

    def __getitem__(self, index):
        return wrap(self.array[unwrap_index(index)])

    def __setitem__(self, index, value):
        self.array[unwrap_index(index)] = operand(value)

    def __repr__(self):
        return f"StrictArray({self.array!r})"


ARRAY_METHODS = {"reshape", "transpose", "swapaxes", "sum", "mean", "max", "min", "argmax",
                 "astype", "copy", "item", "tolist", "ravel", "fill", "any", "all"}


def operand(value):
    """What a StrictArray may meet: another one, or a Python or NumPy scalar; never host arrays."""
    if isinstance(value, StrictArray):
        return value.array
    if isinstance(value, (int, float, bool, np.generic)):
        return value
    raise TypeError(f"StrictArray: cannot combine a device array with {type(value).__name__} "
                    f"(as in CuPy); move the data to the device first.")


def _binary(function):
    return lambda self, other: wrap(function(self.array, operand(other)))


def _reflected(function):
    return lambda self, other: wrap(function(operand(other), self.array))


def _in_place(function):
    def method(self, other):
        self.array = function(self.array, operand(other))
        return self
    return method


for _name in ("add", "sub", "mul", "truediv", "pow", "matmul", "and", "or"):
    _function = getattr(operator, _name + "_" if _name in ("and", "or") else _name)
    setattr(StrictArray, f"__{_name}__", _binary(_function))
    setattr(StrictArray, f"__r{_name}__", _reflected(_function))
    setattr(StrictArray, f"__i{_name}__", _in_place(getattr(operator, "i" + _name)))
for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    setattr(StrictArray, f"__{_name}__", _binary(getattr(operator, _name)))
for _name in ("neg", "abs", "invert"):
    setattr(StrictArray, f"__{_name}__",
            (lambda function: lambda self: wrap(function(self.array)))(getattr(operator, _name)))


def wrap(value):
    """NumPy results as StrictArrays (scalars become 0-d arrays, as CuPy returns them)."""
    if isinstance(value, (np.ndarray, np.generic)):
        return StrictArray(np.asarray(value))
    if isinstance(value, tuple):
        return tuple(wrap(v) for v in value)
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value


def unwrap(value):
    if isinstance(value, StrictArray):
        return value.array
    if isinstance(value, np.ndarray):
        raise TypeError("StrictArray: a host NumPy array reached a device function; move it to "
                        "the device first (backend.from_numpy).")
    if isinstance(value, (tuple, list)):
        return type(value)(unwrap(v) for v in value)
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    return value


def unwrap_index(index):
    return unwrap(index) if isinstance(index, (tuple, StrictArray, np.ndarray)) else index


class StrictNumpy:
    """The stand-in's array module: NumPy's functions on StrictArrays. Only asarray and array
    accept host data, as cupy.asarray does."""

    __name__ = "strict_numpy"

    def __getattr__(self, name):
        attribute = getattr(np, name)
        if isinstance(attribute, type) or not callable(attribute):
            return attribute  # dtypes (np.float32), constants, np.dtype itself
        if name in ("asarray", "array"):
            return lambda data, *args, **kwargs: wrap(attribute(
                data.array if isinstance(data, StrictArray) else data, *args, **kwargs))
        return lambda *args, **kwargs: wrap(attribute(*unwrap(args), **unwrap(kwargs)))


strict_numpy = StrictNumpy()


def _scatter_add(target, index, values):
    np.add.at(target.array, unwrap_index(index), values.array)


STRICT = Backend("strict", strict_numpy, StrictArray,
                 to_numpy=lambda a: a.array.copy(),
                 from_numpy=lambda a: StrictArray(np.array(a)),
                 scatter_add=_scatter_add)
