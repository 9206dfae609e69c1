"""What a check says: a Result per exercise, and the Mismatch a check raises to explain the gap
between a learner's answer and the expected one."""
import traceback
from dataclasses import asdict, dataclass

import numpy as np

STATUSES = ("passed", "failed", "not started", "error", "timeout", "import error", "grader error")


@dataclass
class Result:
    """The verdict on one exercise for one learner."""
    exercise: str
    file: str
    points: float
    max_points: float
    status: str
    message: str = ""
    output: str = ""           # what the learner's code printed (the start of it)

    def line(self):
        text = f"{self.exercise:<28} {self.points:g}/{self.max_points:g}  {self.status}"
        if self.status == "passed":
            return text
        return f"{text} [edit {self.file}]: {self.message}"

    def to_dict(self):
        return asdict(self)


class Mismatch(Exception):
    """A learner's answer is wrong; the message says what, by how much, and where to look."""


class NotStarted(Exception):
    """The learner's function still raises NotImplementedError."""


class LearnerError(Exception):
    """The learner's code raised; the message names the exception and the line."""


def call(function, *args):
    """Run a learner's function, telling 'not started' and 'crashed' apart from wrong answers."""
    try:
        return function(*args)
    except NotImplementedError:
        raise NotStarted() from None
    except Exception as error:  # the learner's code, whatever it raises, is reported, not fatal
        code = getattr(function, "__code__", None)
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if code is not None and f.filename == code.co_filename]
        where = f" (line {frames[-1].lineno}: {frames[-1].line})" if frames else ""
        raise LearnerError(f"{function.__name__} raised {type(error).__name__}: {error}{where}") \
            from None


def preview(array):
    """A short picture of an array for a message."""
    array = np.asarray(array, dtype=float)
    text = np.array2string(array.ravel()[:6], precision=4, separator=", ")
    return f"{text[:-1]}, ...]" if array.size > 6 else text


def expect_close(quantity, actual, expected, equation, inputs, rtol=1e-5, atol=1e-7):
    """Raise Mismatch unless `actual` equals `expected` in shape and, within tolerance, values."""
    if actual is None:
        raise Mismatch(f"{quantity} is None: is a `return` missing? Expected an array of shape "
                       f"{np.shape(expected)}; {inputs}.")
    actual = np.asarray(actual)
    if actual.shape != np.shape(expected):
        raise Mismatch(f"{quantity} has shape {actual.shape}, expected {np.shape(expected)}; "
                       f"check {equation}. {inputs}.")
    error = float(np.max(np.abs(actual - expected), initial=0))
    if not np.allclose(actual, expected, rtol=rtol, atol=atol):
        raise Mismatch(f"{quantity} differs from expected, max abs error {error:.3g}; check "
                       f"{equation}. {inputs}; expected {preview(expected)}, got {preview(actual)}.")
