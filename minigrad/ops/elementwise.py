"""Elementwise functions: each output number depends on one input number, so each backward is
the incoming gradient times the function's ordinary derivative, g * f'(x).

At NaN, minigrad's derivatives follow the formulas, which PyTorch does not everywhere: relu's is
0 at NaN (PyTorch: 1) and abs's is NaN (PyTorch: 0); the values agree (NaN).
"""
from ..backend import CPU, backend_of
from ..errors import DtypeError, ShapeError, describe
from ..tensor import Tensor, _host_array
from ..validation import broadcast_shape, not_a_tensor, same_device
from .arithmetic import broadcast, operands, unbroadcast


def exp(x):
    """e^x.   dL/dx = g * e^x  (the output itself)."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("exp", "x", x)
    out = x.xp.exp(x.data)
    return Tensor._make(out, (x,), lambda g: (g * out,), "exp")


def log(x):
    """ln x.   dL/dx = g / x."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("log", "x", x)
    return Tensor._make(x.xp.log(x.data), (x,), lambda g: (g / x.data,), "log")


def tanh(x):
    """tanh x.   dL/dx = g * (1 - tanh^2 x)."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("tanh", "x", x)
    out = x.xp.tanh(x.data)
    return Tensor._make(out, (x,), lambda g: (g * (1 - out * out),), "tanh")


def sigmoid_of(array, xp):
    """σ(x) = 1 / (1 + e^-x) of a raw array, as a new array, computed as written, so it keeps full
    relative precision for negative x (σ(-17) = 4.14e-8 in float32, where (1 + tanh(x/2)) / 2
    cancels to 5.96e-8, and to 0 below -17). So that e^-x cannot overflow, x is first raised to
    `sigmoid_floor` (-88 in float32), where σ is already below the smallest normal float: further
    down, σ stays at that bound's value (6e-39 in float32) instead of reaching 0 (PyTorch: 0)."""
    e = xp.asarray(xp.maximum(array, sigmoid_floor(array.dtype)))
    xp.negative(e, out=e)  # in place from here on: e is this function's own array
    return _one_over_one_plus_exp(e, xp)


def sigmoid_floor(dtype):
    """The lowest input σ is computed at: -88 in float32, -708 in float64 (e^-x overflows
    below)."""
    return -88.0 if dtype.itemsize <= 4 else -708.0


def sigmoid_of_raised(array, xp):
    """σ of an array that the caller has already raised to `sigmoid_floor` (a fused step raises
    all of its gates' inputs in one call), as a new array."""
    return _one_over_one_plus_exp(xp.negative(array), xp)


def _one_over_one_plus_exp(a, xp):
    """1 / (1 + exp(a)), computed in a's own array (the caller's to give)."""
    xp.exp(a, out=a)
    a += 1
    return xp.reciprocal(a, out=a)


def sigmoid(x):
    """σ(x).   dL/dx = g * σ(x) * (1 - σ(x))."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("sigmoid", "x", x)
    out = sigmoid_of(x.data, x.xp)
    return Tensor._make(out, (x,), lambda g: (g * out * (1 - out),), "sigmoid")


def relu(x):
    """max(x, 0).   dL/dx = g where x > 0, else 0."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("relu", "x", x)
    return Tensor._make(x.xp.maximum(x.data, 0), (x,), lambda g: (g * (x.data > 0),), "relu")


def abs(x):
    """|x|.   dL/dx = g * sign(x)  (0 at x = 0)."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("abs", "x", x)
    return Tensor._make(x.xp.abs(x.data), (x,), lambda g: (g * x.xp.sign(x.data),), "abs")


def clip(x, low=None, high=None):
    """x limited to [low, high] (PyTorch: clamp).   dL/dx = g where low <= x <= high, else 0."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("clip", "x", x)
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
    """a where condition is true, else b (all three broadcast together).
    dL/da = g where condition, dL/db = g elsewhere; the condition (a boolean mask, such as x > 0)
    gets no gradient."""
    if isinstance(condition, Tensor) and not isinstance(a, Tensor) and not isinstance(b, Tensor):
        a = Tensor(a, device=condition.device)  # where(x > 0, 1.0, 0.0), as in PyTorch
    a, b = operands("where", a, b)
    xp = a.xp
    condition = _mask("where", condition, a)
    if broadcast_shape(condition.shape, a.shape, b.shape) is None:
        raise ShapeError(f"where: the condition {condition.shape}, a {a.shape} and b {b.shape} "
                         f"do not broadcast together. Compared from the right, each size must be "
                         f"equal to the others or 1.")
    out = broadcast("where", lambda x, y: xp.where(condition, x, y), a, b)
    return Tensor._make(out, (a, b), lambda g: (
        unbroadcast(xp.where(condition, g, 0), a.shape) if a.requires_grad else None,
        unbroadcast(xp.where(condition, 0, g), b.shape) if b.requires_grad else None), "where")


def _mask(op, condition, like):
    """`condition` as a boolean array on `like`'s device; numbers are refused, not guessed at."""
    if not isinstance(condition, Tensor):
        on_host = backend_of(condition) in (None, CPU)
        condition = Tensor(_host_array(condition) if on_host else condition,
                           device=like.device if on_host else None)
    same_device(op, condition, like)
    if condition.dtype.kind != "b":
        raise DtypeError(f"{op}: the condition must be a boolean mask, got {describe(condition)}. "
                         f"Compare first, for example where(x > 0, a, b).")
    return condition.data
