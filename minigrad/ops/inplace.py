"""Changing a tensor's numbers in place: x += v, x -= v, x *= v, x /= v and x[index] = v.

minigrad records no in-place op in a graph, so a change is allowed only where no graph needs
the old numbers or the link: on a tensor you made (a leaf: the result of an op may share its
numbers with other tensors), and, while gradients are recorded, only on one that does not
require grad (update parameters inside `with minigrad.no_grad():`, as an optimizer does).
Every change is recorded on the tensor, so that a later backward through an op that read the
old numbers is refused instead of giving a wrong gradient (see Tensor._changed_in_place).
"""
import operator

import numpy as np

from ..errors import DtypeError, ShapeError, describe
from ..tensor import is_grad_enabled
from ..validation import broadcast_shape, same_device
from .shaping import index_error, index_on_device

UPDATES = {"+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv}


def update_in_place(op, x, value):
    """x (op) value, changing x's numbers; returns x (Python then keeps the name on x)."""
    value = _checked_change(op, x, value)
    if broadcast_shape(x.shape, value.shape) != x.shape:
        raise ShapeError(f"{op}: a value of shape {value.shape} cannot update {describe(x)} in "
                         f"place: the result must keep x's shape. Write x = x {op[0]} value for "
                         f"a new tensor of the broadcast shape.")
    if op == "/=" and x.dtype.kind != "f":
        raise DtypeError(f"{op}: dividing {describe(x)} gives fractions, which it cannot hold; "
                         f"write x = x / value, or convert first with x.float().")
    UPDATES[op](x.data, value.data)
    x._changed_in_place()
    return x


def setitem(x, index, value):
    """x[index] = value, changing x's numbers in place."""
    value = _checked_change("setitem", x, value)
    index = index_on_device(x, index)
    try:
        x.data[index] = value.data
    except IndexError as error:
        raise index_error("setitem", x, index, error) from None
    except ValueError:
        raise ShapeError(f"setitem: a value of shape {value.shape} does not fit the places that "
                         f"the index picks in a tensor of shape {x.shape}; compared from the "
                         f"right, each size must be equal or 1.") from None
    x._changed_in_place()


def _checked_change(op, x, value):
    """`value` as a tensor on x's device, once the change is known to be safe."""
    rewrite = f"write x = x {op[0]} value" if op != "setitem" else "build a new tensor instead"
    if is_grad_enabled() and x.requires_grad:
        raise RuntimeError(
            f"{op}: {describe(x)} requires grad, so changing it in place would break the gradient "
            f"of everything computed from it. Update parameters inside `with minigrad.no_grad():`"
            f" (as an optimizer does), or {rewrite}.")
    if x._op != "leaf":
        made = "made by detach(), which shares its numbers" if x._op == "detach" else \
            f"the result of {x._op}, which may share its numbers with other tensors"
        raise RuntimeError(f"{op}: {describe(x)} is {made}; minigrad changes in place only the "
                           f"tensors you made. {rewrite[0].upper()}{rewrite[1:]}, or copy it "
                           f"into a tensor of your own first: x = minigrad.Tensor(x).")
    value = x._lift(value)
    same_device(op, x, value)
    if is_grad_enabled() and value.requires_grad:
        raise RuntimeError(f"{op}: the value requires grad, but an in-place change records no "
                           f"graph, so its gradient would be lost; {rewrite} to keep it.")
    if not np.can_cast(value.dtype, x.dtype, "same_kind"):
        raise DtypeError(f"{op}: {describe(x)} cannot hold {value.dtype} values without changing "
                         f"them; convert x first (x = x.float()), or the value.")
    return value
