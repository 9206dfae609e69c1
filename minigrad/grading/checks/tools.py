"""What several checks use: minigrad's autodiff and central differences as references for
gradients, the sigmoid, and the sizes a case is drawn with."""
import numpy as np

from ...tensor import Tensor


def autodiff(function, arrays, upstream):
    """Gradients of sum(function(*tensors) * upstream) with respect to each array, by minigrad in
    float64: the engine the course builds is the reference for every hand-written backward."""
    tensors = [Tensor(a, dtype="float64", requires_grad=True) for a in arrays]
    (function(*tensors) * Tensor(upstream, dtype="float64")).sum().backward()
    return [t.grad for t in tensors]


def central_differences(scalar_function, x, eps=1e-6):
    """d scalar_function / dx for a float64 array x, one element at a time:
    (f(x + eps e_i) - f(x - eps e_i)) / (2 eps). Works on a copy; x is left as it was."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        above = scalar_function(x)
        x[index] = saved - eps
        below = scalar_function(x)
        x[index] = saved
        grad[index] = (above - below) / (2 * eps)
    return grad


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sizes(rng, count, low=2, high=6):
    """`count` different sizes in [low, high): distinct sizes make a transposed or swapped
    argument show up as a shape error instead of passing by accident."""
    return [int(n) for n in rng.choice(np.arange(low, high), size=count, replace=False)]
