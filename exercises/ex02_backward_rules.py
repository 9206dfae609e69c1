"""Exercise set 2: backward rules of elementwise operations (chapter 2).

Each function receives the inputs of an operation and `upstream` = dL/d(output), and returns
dL/d(input) for each input: the local derivative times the upstream gradient (chain rule).
All arrays are NumPy arrays of one shape.
"""
import numpy as np


def tanh_backward(x, upstream):
    """dL/dx for y = tanh(x).

    Equation: dy/dx = 1 - tanh(x)^2, so dL/dx = upstream * (1 - tanh(x)^2).
    Hint: compute tanh(x) once and reuse it.
    """
    raise NotImplementedError("exercise `tanh_backward` in exercises/ex02_backward_rules.py: replace this line with your code")


def mul_backward(a, b, upstream):
    """(dL/da, dL/db) for y = a * b (elementwise).

    Equation: dy/da = b and dy/db = a.
    Hint: each input's gradient uses the *other* input.
    """
    raise NotImplementedError("exercise `mul_backward` in exercises/ex02_backward_rules.py: replace this line with your code")
