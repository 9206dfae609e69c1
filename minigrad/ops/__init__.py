"""Every differentiable operation, each with its forward and its backward side by side.

arithmetic: add sub mul div neg pow    elementwise: abs exp log tanh sigmoid relu clip where
reductions: sum mean max softmax log_softmax (argmax)    matmul: matmul
shaping: reshape transpose getitem concat stack split    conversion: to
"""
from .arithmetic import add, div, mul, neg, pow, sub, unbroadcast
from .conversion import to
from .elementwise import abs, clip, exp, log, relu, sigmoid, tanh, where
from .matmul import matmul
from .reductions import argmax, log_softmax, max, mean, softmax, sum
from .shaping import concat, getitem, reshape, split, stack, transpose

__all__ = ["abs", "add", "argmax", "clip", "concat", "div", "exp", "getitem", "log", "log_softmax",
           "matmul", "max", "mean", "mul", "neg", "pow", "relu", "reshape", "sigmoid", "softmax",
           "split", "stack", "sub", "sum", "tanh", "to", "transpose", "unbroadcast", "where"]
