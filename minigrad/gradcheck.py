"""Gradient checking: compare backward() with central finite differences.

For each input element x_i:   dL/dx_i ≈ (L(x_i + ε) - L(x_i - ε)) / 2ε,   with an error of order ε².
A non-scalar output y is reduced to L = Σ y * r with a fixed random r, so every output entry
counts (a backward that is only wrong for some entries still fails).
"""
import numpy as np

from .errors import DtypeError, ShapeError
from .tensor import Tensor, no_grad


class GradcheckError(AssertionError):
    """Raised by gradcheck when backward() disagrees with finite differences."""


class InputReport:
    """How one input's analytic gradient compares with the numerical one."""

    def __init__(self, position, shape, analytic, numeric, atol, rtol):
        self.position, self.shape = position, shape
        self.analytic, self.numeric = analytic, numeric
        difference = np.abs(analytic - numeric)
        scale = max(np.abs(analytic).max(initial=0), np.abs(numeric).max(initial=0))
        self.max_abs_error = difference.max(initial=0)
        self.relative_error = self.max_abs_error / scale if scale > 0 else 0.0
        self.worst = np.unravel_index(difference.argmax(), shape) if difference.size else ()
        self.passed = self.max_abs_error <= atol + rtol * scale

    def __str__(self):
        verdict = "ok" if self.passed else "FAILED"
        line = (f"  input {self.position}, shape {self.shape}: max relative error "
                f"{self.relative_error:.1e} (max abs error {self.max_abs_error:.1e})  {verdict}")
        if not self.passed:
            where = list(map(int, self.worst))
            line += (f"\n    worst element {where}: backward gives {self.analytic[self.worst]:.6g}, "
                     f"finite differences give {self.numeric[self.worst]:.6g}")
        return line


class GradcheckResult:
    """The verdict of gradcheck: truthy when every checked input passed; prints as a report."""

    def __init__(self, name, reports, problem=None):
        self.name, self.reports, self.problem = name, reports, problem

    @property
    def passed(self):
        return self.problem is None and all(report.passed for report in self.reports)

    def __bool__(self):
        return self.passed

    def max_relative_error(self):
        return max((report.relative_error for report in self.reports), default=0.0)

    def __str__(self):
        lines = [f"gradcheck of {self.name}: {'passed' if self.passed else 'FAILED'}"]
        if self.problem:
            lines.append(f"  {self.problem}")
        lines.extend(str(report) for report in self.reports)
        return "\n".join(lines)

    __repr__ = __str__


def gradcheck(function, *inputs, eps=1e-6, atol=1e-6, rtol=1e-5, seed=0, raise_on_failure=True):
    """Check function's backward() against central differences, for every input that requires
    grad. Those inputs must be float64 (float32 keeps only ~7 digits, too few for differences);
    they are perturbed in place and restored.

    Returns a GradcheckResult (print it for the per-input report). If a check fails, raises
    GradcheckError with that report unless raise_on_failure=False. An input passes when
    max |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|).
    """
    name = getattr(function, "__name__", "function")
    # An input made by an op (x.double(), say) keeps no .grad; check a leaf with the same numbers.
    inputs = [x.detach().requires_grad_() if isinstance(x, Tensor) and x.requires_grad
              and not x.is_leaf else x for x in inputs]
    checked = [(i, x) for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad, so there is nothing to check; create "
                         "the inputs with requires_grad=True.")
    for i, x in checked:
        if x.dtype != np.float64:
            raise DtypeError(f"gradcheck: input {i} is {x.dtype}; finite differences need float64 "
                             f"to be accurate. Pass x.double(), or create it with dtype='float64'.")

    output = function(*inputs)
    projection = _projection(output, seed)
    saved = [x.grad for _, x in checked]
    problem = None
    try:
        for _, x in checked:
            x.grad = None
        _projected(output, projection).backward()
        analytic = [_host_or_zeros(x) for _, x in checked]
    except (ShapeError, RuntimeError) as error:
        problem = f"backward() failed: {error}"
        analytic = None
    finally:
        for (_, x), grad in zip(checked, saved):
            x.grad = grad
    if problem:
        result = GradcheckResult(name, [], problem)
    else:
        reports = [InputReport(i, x.shape, a, _numeric_gradient(function, inputs, x, projection, eps),
                               atol, rtol) for (i, x), a in zip(checked, analytic)]
        result = GradcheckResult(name, reports)
    if raise_on_failure and not result.passed:
        raise GradcheckError(str(result))
    return result


def _projection(output, seed):
    if not isinstance(output, Tensor):
        raise TypeError(f"gradcheck: the function must return a Tensor, got {type(output).__name__}.")
    weights = np.random.default_rng(seed).standard_normal(output.shape)
    return output._backend.from_numpy(weights.astype(output.dtype))


def _projected(output, projection):
    """The scalar L = Σ output * r that both gradients are taken of."""
    return (output * Tensor._constant(projection, output._backend)).sum()


def _host_or_zeros(x):
    return x._backend.to_numpy(x.grad) if x.grad is not None else np.zeros(x.shape)


@no_grad()
def _numeric_gradient(function, inputs, x, projection, eps):
    grad = np.zeros(x.shape)
    for index in np.ndindex(*x.shape):
        original = float(x.data[index])
        x.data[index] = original + eps
        above = _projected(function(*inputs), projection).item()
        x.data[index] = original - eps
        below = _projected(function(*inputs), projection).item()
        x.data[index] = original
        grad[index] = (above - below) / (2 * eps)
    return grad
