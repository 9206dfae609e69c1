"""Exercise set 3: gradients of broadcasting and of the matrix product (chapter 3)."""
import numpy as np


def unbroadcast(grad, shape):
    """Sum `grad` (the gradient of a broadcast result) back down to an operand's `shape`.

    Broadcasting copies an operand along (1) new leading axes and (2) axes where it has size 1.
    Its gradient is the sum of the copies' gradients: sum over the leading axes that were added,
    and over the size-1 axes (keeping them, with keepdims=True). The result has exactly `shape`.

    Example: grad of shape (4, 3) and shape (3,)   -> grad.sum(axis=0), shape (3,)
             grad of shape (4, 3) and shape (4, 1) -> grad.sum(axis=1, keepdims=True)
    Hint: first sum away the extra leading axes, then the size-1 axes.
    """
    ### BEGIN SOLUTION
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)
    return grad.sum(axis=stretched, keepdims=True).reshape(shape)
    ### END SOLUTION


def matmul_backward(A, B, upstream):
    """(dL/dA, dL/dB) for C = A @ B, with A of shape (m, k), B (k, n), upstream = dL/dC (m, n).

    Equations: dL/dA = upstream @ B^T,   dL/dB = A^T @ upstream.
    Hint: check the shapes; (m, n) @ (n, k) is (m, k), the shape of A.
    """
    ### BEGIN SOLUTION
    return upstream @ B.T, A.T @ upstream
    ### END SOLUTION
