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
    raise NotImplementedError("exercise `tanh_backward` in exercises/ex02_backward_rules.py: replace this line with your code")


def mul_backward(a, b, upstream):
    """The gradients for y = a * b, elementwise, where dy/da = b and dy/db = a.

    a, b, upstream: arrays of one shape. Returns (dL/da, dL/db).
    """
    raise NotImplementedError("exercise `mul_backward` in exercises/ex02_backward_rules.py: replace this line with your code")
