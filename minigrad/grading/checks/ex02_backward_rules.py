"""Checks for exercises/ex02_backward_rules.py: backward rules of elementwise operations."""
import numpy as np

from ..exercise import Array, Case, Exercise, Mistake, Returns
from .tools import autodiff, sizes

FILE = "ex02_backward_rules.py"


def elementwise_case(rng, count):
    shape = tuple(sizes(rng, 2))
    arrays = [rng.normal(size=shape) * 1.5 for _ in range(count)]
    return [Case(tuple(arrays), f"arrays of shape {shape}")]


def tanh_backward(x, upstream):
    (dx,) = autodiff(lambda t: t.tanh(), [x], upstream)
    return dx


def mul_backward(a, b, upstream):
    return tuple(autodiff(lambda s, t: s * t, [a, b], upstream))


EXERCISES = [
    Exercise(
        name="tanh_backward", file=FILE, chapter="02",
        cases=lambda rng: elementwise_case(rng, 2), reference=tanh_backward,
        answer=Array("dL/dx", "dL/dx = upstream * (1 - tanh(x)^2)"), points=1,
        mistakes=(
            Mistake("dL/dx has the wrong sign everywhere; tanh'(x) = 1 - tanh(x)^2 is positive, so "
                    "dL/dx = upstream * (1 - tanh(x)^2)",
                    computes=lambda x, upstream: -tanh_backward(x, upstream)),
            Mistake("dL/dx is tanh'(x) alone: the chain rule multiplies the local derivative by "
                    "upstream, dL/dx = upstream * (1 - tanh(x)^2)",
                    computes=lambda x, upstream: 1 - np.tanh(x) ** 2),
            Mistake("dL/dx uses 1 - x^2: the derivative is 1 - tanh(x)^2, with tanh(x) the output",
                    computes=lambda x, upstream: upstream * (1 - x ** 2)),
        ),
        hints=(
            "The chain rule: dL/dx = dL/dy * dy/dx, entry by entry, with dL/dy = upstream.",
            "dy/dx for y = tanh(x) is 1 - tanh(x)^2: it is written with tanh(x), the output, not "
            "x.",
            "y = np.tanh(x); return upstream * (1 - y * y).",
        )),
    Exercise(
        name="mul_backward", file=FILE, chapter="02",
        cases=lambda rng: elementwise_case(rng, 3), reference=mul_backward,
        answer=Returns(Array("dL/da", "dL/da = upstream * b"), Array("dL/db", "dL/db = upstream * a")),
        points=1,
        mistakes=(
            Mistake("dL/da uses a where it should use b: the derivative of a*b with respect to a is "
                    "the other factor, dL/da = upstream * b (or the pair is returned in the wrong "
                    "order: it is (dL/da, dL/db))",
                    computes=lambda a, b, upstream: (upstream * a, upstream * b), part="dL/da"),
            Mistake("the gradients forget upstream: dL/da = upstream * b and dL/db = upstream * a",
                    computes=lambda a, b, upstream: (b, a)),
        ),
        hints=(
            "Moving a by a little changes a * b by b times as much.",
            "Each input's gradient is upstream times the other input.",
            "return upstream * b, upstream * a (in that order: dL/da first).",
        )),
]
