"""Arithmetic: + - * / ** and negation, with NumPy broadcasting.

Broadcasting reuses an operand along the axes where it is smaller. Every reuse is a copy that the
loss depends on, so in the backward pass the copies' gradients add up: `unbroadcast` sums the
output's gradient down to the operand's own shape.
"""
import operator

from ..errors import DtypeError, ShapeError, describe
from ..tensor import Tensor
from ..validation import broadcast_shape, not_a_tensor, same_device


def unbroadcast(grad, shape):
    """Sum `grad` down to `shape`: over the leading axes broadcasting added, and over the axes
    where the operand had size 1. d/dx of (x copied n times) is the sum of the n gradients."""
    if grad.shape == shape:
        return grad
    added = grad.ndim - len(shape)
    stretched = tuple(added + i for i, size in enumerate(shape)
                      if size == 1 and grad.shape[added + i] != 1)
    return grad.sum(axis=tuple(range(added)) + stretched).reshape(shape)


def operands(op, a, b):
    """Both operands as tensors on one device with one dtype, or a clear error.

    Python numbers and arrays become constants in the other tensor's dtype. An integer tensor
    meeting a floating one is converted (integers never need a gradient); float32 meeting float64
    is refused, because silently promoting would hide a slow or wrong setup. Two tensors of one
    device and dtype, the usual case, pass three quick tests.
    """
    if not isinstance(a, Tensor) or not isinstance(b, Tensor):
        a, b = _lifted(op, a, b)
    if a._backend is not b._backend:
        same_device(op, a, b)  # raises, naming both devices
    if a.data.dtype != b.data.dtype:
        a, b = _one_dtype(op, a, b)
    return a, b


def _lifted(op, a, b):
    """The operand that is a number or an array, as a constant tensor beside the other one."""
    if isinstance(a, Tensor):
        return a, a._lift(b)
    if isinstance(b, Tensor):
        return b._lift(a), b
    raise TypeError(f"{op}: needs at least one minigrad Tensor, got {type(a).__name__} "
                    f"and {type(b).__name__}; wrap one, for example minigrad.Tensor(a).")


def _one_dtype(op, a, b):
    """An integer or boolean operand converted to the other's float dtype; two floats refused."""
    a_float, b_float = a.dtype.kind == "f", b.dtype.kind == "f"
    if a_float and b_float:
        raise DtypeError(f"{op}: {describe(a)} and {describe(b)} have different float dtypes, and "
                         f"minigrad does not convert silently. Convert one, for example "
                         f"x.to(dtype='{a.dtype}') or x.double().")
    if b_float:
        a = Tensor._constant(a.data.astype(b.dtype), a._backend)
    elif a_float:
        b = Tensor._constant(b.data.astype(a.dtype), b._backend)
    return a, b


def broadcast(op, function, a, b):
    """function(a.data, b.data), with a readable error when the shapes do not broadcast."""
    try:
        return function(a.data, b.data)
    except ValueError as error:
        if broadcast_shape(a.shape, b.shape) is not None:  # NumPy refused something else
            raise ValueError(f"{op}: {describe(a)} and {describe(b)}: {error}") from None
        raise ShapeError(
            f"{op}: shapes {a.shape} and {b.shape} do not broadcast. Compared from the right, each "
            f"pair of sizes must be equal or contain a 1. Reshape or transpose one operand, for "
            f"example x.reshape(...) to add a size-1 axis.") from None


def add(a, b):
    """a + b.   dL/da = g,  dL/db = g   (each summed back to its shape)."""
    a, b = operands("add", a, b)
    return Tensor._make(broadcast("add", operator.add, a, b), (a, b), lambda g: (
        unbroadcast(g, a.data.shape), unbroadcast(g, b.data.shape)), "add")


def sub(a, b):
    """a - b.   dL/da = g,  dL/db = -g."""
    a, b = operands("sub", a, b)
    return Tensor._make(broadcast("sub", operator.sub, a, b), (a, b), lambda g: (
        unbroadcast(g, a.data.shape), unbroadcast(-g, b.data.shape) if b.requires_grad else None),
        "sub")


def mul(a, b):
    """a * b (elementwise).   dL/da = g * b,  dL/db = g * a."""
    a, b = operands("mul", a, b)
    return Tensor._make(broadcast("mul", operator.mul, a, b), (a, b), lambda g: (
        unbroadcast(g * b.data, a.data.shape) if a.requires_grad else None,
        unbroadcast(g * a.data, b.data.shape) if b.requires_grad else None), "mul")


def div(a, b):
    """a / b.   dL/da = g / b,  dL/db = -g * a / b^2 = -g * out / b."""
    a, b = operands("div", a, b)
    out = broadcast("div", operator.truediv, a, b)
    return Tensor._make(out, (a, b), lambda g: (
        unbroadcast(g / b.data, a.shape) if a.requires_grad else None,
        unbroadcast(-g * out / b.data, b.shape) if b.requires_grad else None), "div")


def neg(x):
    """-x.   dL/dx = -g."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("neg", "x", x)
    return Tensor._make(-x.data, (x,), lambda g: (-g,), "neg")


def pow(a, b):
    """a ** b.   dL/da = g * b * a^(b-1),  dL/db = g * a^b * ln(a).
    As in PyTorch, dL/da is 0 where b = 0 (a^0 is constant, even at a = 0), and dL/db is 0 where
    a = 0 and b >= 0 (a^b ln a tends to 0 there), where the formulas alone give NaN."""
    a, b = operands("pow", a, b)
    if a.dtype.kind in "iu" and b.dtype.kind in "iu" and bool((b.data < 0).any()):
        raise DtypeError(f"pow: {describe(a)} raised to a negative integer power would give "
                         f"fractions, which an integer tensor cannot hold; convert the base "
                         f"first, for example x.float() ** -1.")
    out = broadcast("pow", operator.pow, a, b)

    def backward(g):
        xp, grad_a, grad_b = a.xp, None, None
        if a.requires_grad:  # where b = 0 the exponent b - 1 becomes 0, so b * a^0 = 0 exactly
            grad_a = unbroadcast(g * b.data * a.data ** (b.data - 1 + (b.data == 0)), a.shape)
        if b.requires_grad:  # ln 1 = 0 stands in for ln a where a = 0 and b >= 0
            log_a = xp.log(xp.where((a.data == 0) & (b.data >= 0), 1, a.data))
            grad_b = unbroadcast(g * out * log_a, b.shape)
        return grad_a, grad_b
    return Tensor._make(out, (a, b), backward, "pow")
