"""Comparisons (== != < <= > >=) and logic (& | ^ ~, any, all).

Their results are boolean tensors: masks, and counts such as the accuracy
(pred.argmax(axis=1) == y).mean(). A comparison is a step function, whose derivative is 0
wherever it exists, so these ops record no graph (as in PyTorch).
"""
import numbers
import operator

import numpy as np

from ..backend import backend_of
from ..errors import DtypeError, describe
from ..tensor import Tensor
from ..validation import reduced_axes, same_device
from .arithmetic import broadcast

COMPARISONS = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le,
               "gt": operator.gt, "ge": operator.ge}
LOGICAL = {"and": "logical_and", "or": "logical_or", "xor": "logical_xor"}


def compare(op, a, b):
    """a (op) b elementwise, with broadcasting, as a bool tensor that needs no gradient.
    Returns NotImplemented for things that are not numbers (None, text), so that `x == None` is
    False, as in Python and PyTorch."""
    if not _numeric(b):
        return NotImplemented
    b = _on_same_device(op, a, b)
    return Tensor._make(broadcast(op, COMPARISONS[op], a, b), (), None, op, a._backend)


def logical(op, a, b):
    """a & b, a | b or a ^ b for boolean tensors (masks), with broadcasting; no gradient."""
    tensor = a if isinstance(a, Tensor) else b
    if not (_numeric(a) and _numeric(b)):
        return NotImplemented
    a, b = _on_same_device(op, tensor, a), _on_same_device(op, tensor, b)
    for operand in (a, b):
        _require_bool(op, operand)
    function = getattr(a.xp, LOGICAL[op])
    return Tensor._make(broadcast(op, function, a, b), (), None, op, a._backend)


def logical_not(x):
    """~x for a boolean tensor: True where x is False; no gradient."""
    _require_bool("not", x)
    return Tensor._make(x.xp.logical_not(x.data), (), None, "not", x._backend)


def any(x, axis=None):
    """True where any entry along `axis` is true (nonzero); no gradient."""
    axes = reduced_axes("any", axis, x.ndim)
    return Tensor._make(x.data.any(axis=axes), (), None, "any", x._backend)


def all(x, axis=None):
    """True where every entry along `axis` is true (nonzero); no gradient."""
    axes = reduced_axes("all", axis, x.ndim)
    return Tensor._make(x.data.all(axis=axes), (), None, "all", x._backend)


def _numeric(value):
    return (isinstance(value, (Tensor, numbers.Real, list, tuple, np.ndarray, np.generic))
            or backend_of(value) is not None)


def _on_same_device(op, tensor, value):
    """`value` as a tensor on `tensor`'s device; tensors on another device are refused."""
    value = tensor._lift(value)
    same_device(op, tensor, value)
    return value


def _require_bool(op, x):
    if x.dtype.kind != "b":
        raise DtypeError(f"{op}: logical operators (& | ^ ~) need boolean tensors (masks), got "
                         f"{describe(x)}. Compare first, for example (x > 0) & (y < 1).")
