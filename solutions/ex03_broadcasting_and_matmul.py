"""Exercise set 3: gradients of broadcasting and of the matrix product (chapter 3)."""
import numpy as np


def unbroadcast(grad, shape):
    """The gradient of an operand that broadcasting stretched, from the gradient of the result.

    Broadcasting an operand of `shape` to grad's shape makes copies of its entries, along new
    leading axes and along the axes where it has size 1. Each copy was used once, so the
    operand's gradient is the sum of its copies' gradients (chapter 2: uses add up).

    grad: the result's gradient; shape: the operand's shape (grad's shape broadcasts from it,
    a scalar's shape is ()). Returns an array of exactly `shape`.
    """
    ### BEGIN SOLUTION
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)
    return grad.sum(axis=stretched, keepdims=True).reshape(shape)
    ### END SOLUTION


def matmul_backward(A, B, upstream):
    """The gradients of C = A B, where C_ij = sum_k A_ik B_kj, given upstream = dL/dC.

    A: (m, k), B: (k, n), upstream: (m, n). Returns (dL/dA (m, k), dL/dB (k, n)).
    """
    ### BEGIN SOLUTION
    return upstream @ B.T, A.T @ upstream
    ### END SOLUTION
