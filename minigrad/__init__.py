"""minigrad: a small reverse-mode automatic differentiation engine over whole arrays.

    import minigrad as mg
    x = mg.Tensor([[1.0, 2.0]], requires_grad=True)
    loss = (x * x).sum()
    loss.backward()          # x.grad == 2 * x
"""
from . import data, functional, nn, optim
from .backend import cuda_is_available, get_backend, register_backend, set_default_device
from .creation import ones, rand, randn, tensor, zeros
from .errors import DeviceError, DtypeError, ShapeError
from .gradcheck import GradcheckError, gradcheck
from .ops import (abs, add, argmax, clip, concat, div, exp, log, log_softmax, matmul, max, mean, mul,
                  neg, pow, relu, reshape, sigmoid, softmax, split, stack, sub, sum, tanh, to,
                  transpose, where)
from .random import manual_seed
from .runtime import use_course_settings
from .tensor import Tensor, is_grad_enabled, no_grad
from .training import fit
from .viz import draw_graph

__version__ = "0.1.0"

__all__ = [
    "DeviceError", "DtypeError", "GradcheckError", "ShapeError", "Tensor", "abs", "add", "argmax",
    "clip", "concat", "cuda_is_available", "data", "div", "exp", "fit", "functional",
    "get_backend", "gradcheck", "is_grad_enabled", "log", "log_softmax", "manual_seed", "matmul",
    "max", "mean", "mul", "neg", "nn", "no_grad", "ones", "optim", "pow", "rand", "randn",
    "register_backend", "relu", "reshape", "set_default_device", "sigmoid", "softmax", "split",
    "stack", "sub", "sum", "tanh", "tensor", "to", "transpose", "use_course_settings", "where", "zeros",
    "draw_graph",
]
