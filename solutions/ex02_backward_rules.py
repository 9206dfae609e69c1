"""Exercise set 2.1: backward rules of elementwise operations (chapter 2).

Each function receives the inputs of an operation y = op(...) and upstream = dL/dy, and returns
dL/d(input) for each input, by the chain rule. Elementwise, each entry of y depends on the same
entry of each input only. All arrays are NumPy arrays of one shape.
"""
import numpy as np


def tanh_backward(x, upstream):
    """dL/dx for y = tanh(x), elementwise. The local derivative is tanh'(x) = 1 - tanh(x)^2.

    x, upstream: arrays of one shape. Returns dL/dx, of that shape.
    """
    ### BEGIN SOLUTION
    y = np.tanh(x)
    return upstream * (1 - y * y)
    ### END SOLUTION


def mul_backward(a, b, upstream):
    """The gradients for y = a * b, elementwise, where dy/da = b and dy/db = a.

    a, b, upstream: arrays of one shape. Returns (dL/da, dL/db).
    """
    ### BEGIN SOLUTION
    return upstream * b, upstream * a
    ### END SOLUTION
