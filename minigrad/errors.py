"""Errors written for a learner: which op, what came in, and what to try."""


class ShapeError(ValueError):
    """Shapes that an op cannot combine (broadcasting, matmul, reshape, gradients)."""


class DtypeError(TypeError):
    """A dtype an op does not accept, or two dtypes minigrad will not mix silently."""


class DeviceError(RuntimeError):
    """Tensors on different devices meeting in one op."""


def describe(tensor):
    """'a float32 tensor of shape (3, 2) on cpu': the words every error message uses."""
    article = "an" if str(tensor.dtype).startswith("i") else "a"
    return f"{article} {tensor.dtype} tensor of shape {tensor.shape} on {tensor.device}"
