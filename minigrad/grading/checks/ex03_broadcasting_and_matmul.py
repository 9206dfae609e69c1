"""Checks for exercises/ex03_broadcasting_and_matmul.py: the gradients of broadcasting and of
the matrix product."""
import numpy as np

from ...tensor import Tensor
from ..exercise import Array, Case, Exercise, Mistake, Returns
from .tools import autodiff, sizes


def unbroadcast_cases(rng):
    """One case per way of broadcasting: new leading axes, size-1 axes, both, a scalar, none."""
    p, q, r = sizes(rng, 3)
    patterns = [((p, q), (q,)), ((p, q), (1, q)), ((p, q), (p, 1)), ((r, p, q), (p, 1)),
                ((p,), ()), ((q, p), (q, p)), ((r, 1, q), (1, 1))]
    return [Case((rng.normal(size=grad_shape), shape),
                  f"grad of shape {grad_shape}, operand shape {shape}")
            for grad_shape, shape in patterns]


def unbroadcast(grad, shape):
    """minigrad's answer: broadcast an operand of `shape` and send `grad` back through it."""
    operand = Tensor(np.zeros(shape), dtype="float64", requires_grad=True)
    (operand + Tensor(np.zeros(grad.shape), dtype="float64")).backward(grad)
    return operand.grad


def matmul_cases(rng):
    m, k, n = sizes(rng, 3)
    A, B, upstream = rng.normal(size=(m, k)), rng.normal(size=(k, n)), rng.normal(size=(m, n))
    return [Case((A, B, upstream), f"A ({m}, {k}), B ({k}, {n}), upstream ({m}, {n})")]


def matmul_backward(A, B, upstream):
    return tuple(autodiff(lambda a, b: a @ b, [A, B], upstream))


EXERCISES = [
    Exercise(
        name="unbroadcast", file="ex03_broadcasting_and_matmul.py", chapter="03",
        cases=unbroadcast_cases, reference=unbroadcast,
        answer=Array("the unbroadcast gradient",
                     "sum over the added leading axes and over the size-1 axes (keepdims)"),
        points=2,
        mistakes=(
            Mistake("the result has the broadcast shape, not the operand's shape: the gradient was "
                    "not summed over the broadcast axes",
                    matches=lambda value, args: (np.shape(value) == args[0].shape
                                                 and args[0].shape != tuple(args[1]))),
            Mistake("the size-1 axes were summed away: keep them (keepdims=True), so that the "
                    "result has exactly the operand's shape",
                    matches=lambda value, args: (np.size(value) == int(np.prod(args[1]))
                                                 and np.ndim(value) < len(args[1]))),
        ),
        hints=(
            "Every entry of the operand was copied to several entries of the result; its gradient "
            "is the sum of theirs.",
            "Two kinds of copies: the leading axes broadcasting added (grad.ndim - len(shape) of "
            "them), and the axes where the operand has size 1 but grad does not.",
            "Sum the added leading axes away: grad.sum(axis=tuple(range(extra))). Then sum the "
            "size-1 axes with keepdims=True, so they stay, with size 1.",
        )),
    Exercise(
        name="matmul_backward", file="ex03_broadcasting_and_matmul.py", chapter="03",
        cases=matmul_cases, reference=matmul_backward,
        answer=Returns(Array("dL/dA", "dL/dA = upstream @ B^T"),
                       Array("dL/dB", "dL/dB = A^T @ upstream")),
        points=2,
        mistakes=(
            Mistake("returned (dL/dB, dL/dA): the order is (dL/dA, dL/dB)",
                    computes=lambda A, B, upstream: tuple(reversed(matmul_backward(A, B, upstream)))),
        ),
        hints=(
            "Write one entry: C_ij = sum_k A_ik B_kj, so dC_ij/dA_ik = B_kj.",
            "dL/dA_ik = sum_j upstream_ij B_kj: a matrix product of upstream with B transposed.",
            "Let the shapes guide you: dL/dA = upstream @ B.T is (m, k); dL/dB = A.T @ upstream is"
            " (k, n).",
        )),
]
