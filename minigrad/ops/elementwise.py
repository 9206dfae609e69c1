"""Elementwise functions: each output number depends on one input number, so each backward is
the incoming gradient times the function's ordinary derivative, g * f'(x)."""
from ..tensor import Tensor
from .arithmetic import broadcast, operands, unbroadcast


def exp(x):
    """e^x.   dL/dx = g * e^x  (the output itself)."""
    out = x.xp.exp(x.data)
    return Tensor._make(out, (x,), lambda g: (g * out,), "exp")


def log(x):
    """ln x.   dL/dx = g / x."""
    return Tensor._make(x.xp.log(x.data), (x,), lambda g: (g / x.data,), "log")


def tanh(x):
    """tanh x.   dL/dx = g * (1 - tanh^2 x)."""
    out = x.xp.tanh(x.data)
    return Tensor._make(out, (x,), lambda g: (g * (1 - out * out),), "tanh")


def sigmoid_of(array, xp):
    """σ(x) = 1 / (1 + e^-x) of a raw array, computed as (1 + tanh(x/2)) / 2: one tanh, and it
    never overflows (e^-x does, for x below -88 in float32)."""
    out = xp.tanh(array * 0.5)
    out += 1
    out *= 0.5
    return out


def sigmoid(x):
    """σ(x).   dL/dx = g * σ(x) * (1 - σ(x))."""
    out = sigmoid_of(x.data, x.xp)
    return Tensor._make(out, (x,), lambda g: (g * out * (1 - out),), "sigmoid")


def relu(x):
    """max(x, 0).   dL/dx = g where x > 0, else 0."""
    return Tensor._make(x.xp.maximum(x.data, 0), (x,), lambda g: (g * (x.data > 0),), "relu")


def abs(x):
    """|x|.   dL/dx = g * sign(x)  (0 at x = 0)."""
    return Tensor._make(x.xp.abs(x.data), (x,), lambda g: (g * x.xp.sign(x.data),), "abs")


def clip(x, low=None, high=None):
    """x limited to [low, high].   dL/dx = g where low <= x <= high, else 0."""
    if low is None and high is None:
        raise ValueError("clip: give low, high or both.")
    xp = x.xp
    inside = xp.ones(x.shape, dtype=bool)
    if low is not None:
        inside &= x.data >= low
    if high is not None:
        inside &= x.data <= high
    return Tensor._make(xp.clip(x.data, low, high), (x,), lambda g: (g * inside,), "clip")


def where(condition, a, b):
    """a where condition is true, else b (broadcast together).
    dL/da = g where condition, dL/db = g elsewhere; the condition gets no gradient."""
    a, b = operands("where", a, b)
    xp = a.xp
    condition = condition.data if isinstance(condition, Tensor) else a._lift(condition).data
    condition = condition.astype(bool, copy=False)
    out = broadcast("where", lambda x, y: xp.where(condition, x, y), a, b)
    return Tensor._make(out, (a, b), lambda g: (
        unbroadcast(xp.where(condition, g, 0), a.shape) if a.requires_grad else None,
        unbroadcast(xp.where(condition, 0, g), b.shape) if b.requires_grad else None), "where")
