"""Every differentiable operation, each with its forward and its backward side by side.

arithmetic: add sub mul div neg pow    elementwise: abs exp log tanh sigmoid relu clip where
reductions: sum mean max softmax log_softmax (argmax)    matmul: matmul
shaping: reshape transpose getitem concat stack split unsqueeze squeeze flatten
conversion: to    comparison (no gradient): == != < <= > >= & | ^ ~ any all
inplace (no graph): += -= *= /= and x[index] = value, where no graph needs the old numbers
"""
from .arithmetic import add, div, mul, neg, pow, sub, unbroadcast
from .comparison import all, any, compare, logical, logical_not
from .conversion import to
from .elementwise import abs, clip, exp, log, relu, sigmoid, tanh, where
from .inplace import setitem, update_in_place
from .matmul import matmul
from .reductions import argmax, log_softmax, max, mean, softmax, sum
from .shaping import concat, flatten, getitem, reshape, split, squeeze, stack, transpose, unsqueeze

__all__ = ["abs", "add", "all", "any", "argmax", "clip", "compare", "concat", "div", "exp",
           "flatten", "getitem", "log", "log_softmax", "logical", "logical_not", "matmul", "max",
           "mean", "mul", "neg", "pow", "relu", "reshape", "setitem", "sigmoid", "softmax", "split",
           "squeeze", "stack", "sub", "sum", "tanh", "to", "transpose", "unbroadcast", "unsqueeze",
           "update_in_place", "where"]
