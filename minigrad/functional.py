"""Losses. Cross-entropy is fused: its forward is a stable log-softmax and its backward the short
formula softmax - one_hot, instead of a chain of separate ops."""
import numpy as np

from .backend import CPU, backend_of
from .errors import DeviceError, DtypeError, ShapeError, describe
from .ops.elementwise import sigmoid_of
from .tensor import Tensor

REDUCTIONS = ("mean", "sum")


def cross_entropy(logits, targets, reduction="mean"):
    """-log softmax(logits)[target], averaged (or summed) over every position.

    logits: (..., C) scores; targets: (...) integer class indices in [0, C).
    dL/dlogits = (softmax(logits) - one_hot(targets)) / N   (N positions, for the mean).
    """
    _check_reduction("cross_entropy", reduction)
    xp = logits.xp
    classes = logits.shape[-1] if logits.ndim else 0
    targets = _class_indices(logits, targets, classes)
    scores = logits.data.reshape(-1, classes)
    picked = targets.reshape(-1)
    rows = xp.arange(picked.shape[0])
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))
    losses = -log_probs[rows, picked]
    scale, shape = (1 / len(rows) if reduction == "mean" else 1), logits.shape

    def backward(g):
        grad = xp.exp(log_probs)
        grad[rows, picked] -= 1
        grad *= g * scale
        return (grad.reshape(shape),)
    return Tensor._make(losses.sum() * scale, (logits,), backward, "cross_entropy")


def binary_cross_entropy_with_logits(logits, targets, reduction="mean"):
    """-[y log σ(x) + (1-y) log(1-σ(x))] for targets y in [0, 1], computed from the logits x as
    max(x, 0) - x*y + log(1 + e^-|x|), which never overflows.
    dL/dx = (σ(x) - y) / N   (N elements, for the mean)."""
    _check_reduction("binary_cross_entropy_with_logits", reduction)
    xp = logits.xp
    y = _same_shape("binary_cross_entropy_with_logits", logits, targets)
    x = logits.data
    losses = xp.maximum(x, 0) - x * y + xp.log1p(xp.exp(-xp.abs(x)))
    scale = 1 / x.size if reduction == "mean" else 1

    def backward(g):
        return ((sigmoid_of(x, xp) - y) * (g * scale),)
    return Tensor._make(losses.sum() * scale, (logits,), backward,
                        "binary_cross_entropy_with_logits")


def mse_loss(prediction, target, reduction="mean"):
    """Σ (prediction - target)^2, averaged (or summed). Built from ops, so autodiff does the rest."""
    _check_reduction("mse_loss", reduction)
    _same_shape("mse_loss", prediction, target)
    squared = (prediction - target) ** 2
    return squared.mean() if reduction == "mean" else squared.sum()


def _check_reduction(op, reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"{op}: reduction must be one of {REDUCTIONS}, got {reduction!r}.")


def _same_shape(op, prediction, target):
    """The target as an array in the prediction's dtype; shapes must match exactly, because
    broadcasting (N, 1) against (N,) would silently compare every pair."""
    target = prediction._lift(target)
    if target.shape != prediction.shape:
        raise ShapeError(f"{op}: the prediction has shape {prediction.shape} but the target has "
                         f"shape {target.shape}; they must be equal (a reshape, such as "
                         f"target.reshape({', '.join(map(str, prediction.shape))}), may be missing).")
    return target.data


def _class_indices(logits, targets, classes):
    if not isinstance(targets, Tensor):
        source = backend_of(targets)
        # Host labels (lists, NumPy) follow the logits to their device, as other host data does.
        targets = Tensor._constant(targets, source) if source not in (None, CPU) else Tensor(
            np.asarray(targets), device=logits.device)
    if targets._backend is not logits._backend:
        raise DeviceError(f"cross_entropy: the targets are on {targets.device} but the logits are "
                         f"{describe(logits)}; move the targets with .to({logits.device!r}).")
    if targets.dtype.kind not in "iu":
        raise DtypeError(f"cross_entropy: targets must be integer class indices, got "
                         f"{describe(targets)}. Pass an integer array, for example "
                         f"Tensor(labels, dtype='int64').")
    if logits.ndim == 0 or targets.shape != logits.shape[:-1]:
        raise ShapeError(f"cross_entropy: logits of shape {logits.shape} need targets of shape "
                         f"{logits.shape[:-1]} (one class index per row of scores), got "
                         f"{targets.shape}.")
    if targets.size and (int(targets.data.min()) < 0 or int(targets.data.max()) >= classes):
        raise ValueError(f"cross_entropy: class indices must lie in [0, {classes - 1}] for "
                         f"{classes} classes, got values from {int(targets.data.min())} to "
                         f"{int(targets.data.max())}.")
    return targets.data
