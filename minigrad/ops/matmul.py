"""Matrix multiplication, the op that does almost all of a network's arithmetic."""
from ..errors import ShapeError
from ..tensor import Tensor
from .arithmetic import operands, unbroadcast


def matmul(a, b):
    """a @ b: matrices, vectors, or stacks of matrices (leading axes broadcast), as numpy.matmul.
    For C = A B:   dL/dA = G B^T,   dL/dB = A^T G   (summed over broadcast stack axes)."""
    a, b = operands("matmul", a, b)
    try:
        out = a.data @ b.data
    except ValueError:
        raise _mismatch(a, b) from None
    if a.data.ndim == 2 and b.data.ndim == 2:  # two matrices: the formulas as written
        return Tensor._make(out, (a, b), lambda g: (
            g @ b.data.T if a.requires_grad else None,
            a.data.T @ g if b.requires_grad else None), "matmul")

    def backward(g):
        # A vector operand acts as a 1-row (left) or 1-column (right) matrix; give g that axis back.
        left = a.data if a.ndim > 1 else a.data[None, :]
        right = b.data if b.ndim > 1 else b.data[:, None]
        if b.ndim == 1:
            g = g[..., None]
        if a.ndim == 1:
            g = g[..., None, :]
        grad_a = grad_b = None
        if a.requires_grad:
            grad_a = unbroadcast(g @ right.swapaxes(-1, -2), left.shape).reshape(a.shape)
        if b.requires_grad:
            grad_b = unbroadcast(left.swapaxes(-1, -2) @ g, right.shape).reshape(b.shape)
        return grad_a, grad_b
    return Tensor._make(out, (a, b), backward, "matmul")


def _mismatch(a, b):
    """Which sizes of a @ b do not fit: a number (0-d) where a matrix or vector must be, the
    inner sizes, or the stacks' leading (batch) axes."""
    if a.ndim == 0 or b.ndim == 0:
        return ShapeError(f"matmul: needs at least 1-D operands, got shapes {a.shape} and "
                          f"{b.shape}; use * to multiply by a scalar.")
    inner = b.shape[0] if b.ndim == 1 else b.shape[-2]
    if a.shape[-1] != inner:
        return ShapeError(
            f"matmul: shapes {a.shape} @ {b.shape} do not fit: the last axis of the left operand "
            f"({a.shape[-1]}) must equal the {'only' if b.ndim == 1 else 'second-to-last'} axis of "
            f"the right one ({inner}). Did you mean to transpose one of them (x.T)?")
    return ShapeError(
        f"matmul: shapes {a.shape} @ {b.shape}: the matrices fit, but the batch (leading) axes "
        f"{a.shape[:-2]} and {b.shape[:-2]} do not broadcast; compared from the right, each "
        f"pair of sizes must be equal or contain a 1.")
