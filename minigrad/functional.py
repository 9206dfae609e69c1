"""Losses. Cross-entropy is fused: its forward is a stable log-softmax and its backward the short
formula softmax - one_hot, instead of a chain of separate ops."""
import numpy as np

from .backend import CPU, backend_of
from .errors import DeviceError, DtypeError, ShapeError, describe
from .ops.elementwise import sigmoid_of
from .tensor import Tensor
from .validation import not_a_tensor

REDUCTIONS = ("mean", "sum")


def cross_entropy(logits, targets, reduction="mean"):
    """-log softmax(logits)[target], averaged (or summed) over every position.

    logits: (..., C) scores, classes on the last axis (PyTorch's cross_entropy wants them on axis
    1, (N, C, ...)); targets: (...) integer class indices in [0, C).
    dL/dlogits = (softmax(logits) - one_hot(targets)) / N   (N positions, for the mean).
    With no positions at all (an empty batch) the mean is NaN and the sum 0, as in PyTorch.
    """
    _check_reduction("cross_entropy", reduction)
    _check_scores("cross_entropy", "logits", logits)
    xp = logits.xp
    classes = logits.shape[-1] if logits.ndim else 0
    targets = _class_indices(logits, targets, classes)
    scores = logits.data.reshape(-1, classes)
    picked = targets.reshape(-1)
    rows = xp.arange(picked.shape[0])
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))
    losses = -log_probs[rows, picked]
    scale, shape = _scale(reduction, len(rows)), logits.shape

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
    _check_scores("binary_cross_entropy_with_logits", "logits", logits)
    xp = logits.xp
    y = _same_shape("binary_cross_entropy_with_logits", logits, targets)
    x = logits.data
    losses = xp.maximum(x, 0) - x * y + xp.log1p(xp.exp(-xp.abs(x)))
    scale = _scale(reduction, x.size)

    def backward(g):
        return ((sigmoid_of(x, xp) - y) * (g * scale),)
    return Tensor._make(losses.sum() * scale, (logits,), backward,
                        "binary_cross_entropy_with_logits")


def mse_loss(prediction, target, reduction="mean"):
    """Σ (prediction - target)^2, averaged (or summed). Built from ops, so autodiff does the rest."""
    _check_reduction("mse_loss", reduction)
    _check_scores("mse_loss", "prediction", prediction)
    _same_shape("mse_loss", prediction, target)
    squared = (prediction - target) ** 2
    return squared.mean() if reduction == "mean" else squared.sum()


def _check_reduction(op, reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"{op}: reduction must be one of {REDUCTIONS}, got {reduction!r}.")


def _scale(reduction, count):
    """What the summed loss is multiplied by: 1/count for the mean, which over no numbers at all
    (an empty batch) is NaN, as in PyTorch."""
    if reduction == "sum":
        return 1
    return 1 / count if count else float("nan")


def _check_scores(op, name, value):
    """The model's output must be a floating-point Tensor: a NumPy array has no graph."""
    if not isinstance(value, Tensor):
        raise not_a_tensor(op, name, value)
    if value.dtype.kind != "f":
        raise DtypeError(f"{op}: {name} must be floating-point scores, got {describe(value)}; "
                         f"pass the model's output, or convert with .float().")


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
                         f"Tensor(labels, dtype='int64'), or convert with targets.long().")
    if logits.ndim == 0 or targets.shape != logits.shape[:-1]:
        torch_layout = logits.ndim >= 3 and targets.shape == logits.shape[:1] + logits.shape[2:]
        raise ShapeError(f"cross_entropy: logits of shape {logits.shape} need targets of shape "
                         f"{logits.shape[:-1]} (one class index per row of scores), got "
                         f"{targets.shape}." + (
                             " These logits look like PyTorch's layout, classes on axis 1; "
                             "minigrad takes them on the last axis: move them there, for example "
                             "logits.transpose(0, 2, 1) for (N, C, T)." if torch_layout else ""))
    if targets.size and (int(targets.data.min()) < 0 or int(targets.data.max()) >= classes):
        raise ValueError(f"cross_entropy: class indices must lie in [0, {classes - 1}] for "
                         f"{classes} classes, got values from {int(targets.data.min())} to "
                         f"{int(targets.data.max())}.")
    return targets.data
