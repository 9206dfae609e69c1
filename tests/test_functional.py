"""Losses: values against NumPy, gradients against finite differences, stability, bad input."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import DtypeError, ShapeError, Tensor, gradcheck
from minigrad.functional import binary_cross_entropy_with_logits, cross_entropy, mse_loss

from devices import host

pytestmark = pytest.mark.usefixtures("each_device")

rng = np.random.default_rng(0)


def reference_cross_entropy(logits, targets):
    flat = logits.reshape(-1, logits.shape[-1])
    log_probs = flat - np.log(np.exp(flat).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(flat)), targets.reshape(-1)].mean()


@pytest.mark.parametrize("shape", [(5, 3), (4, 2, 6), (1, 1)], ids=str)
def test_cross_entropy_matches_the_definition_for_any_leading_dims(shape):
    logits = rng.normal(size=shape)
    targets = rng.integers(0, shape[-1], size=shape[:-1])
    loss = cross_entropy(Tensor(logits, dtype="float64"), targets)
    assert loss.shape == ()
    assert loss.item() == pytest.approx(reference_cross_entropy(logits, targets), rel=1e-12)
    gradcheck(lambda x: cross_entropy(x, targets), Tensor(logits, dtype="float64",
                                                          requires_grad=True))


def test_cross_entropy_sum_and_integer_tensor_targets():
    logits = Tensor(rng.normal(size=(4, 3)), dtype="float64", requires_grad=True)
    targets = Tensor(np.array([0, 2, 1, 1]))
    total = cross_entropy(logits, targets, reduction="sum")
    assert total.item() == pytest.approx(4 * cross_entropy(logits, targets).item())
    gradcheck(lambda x: cross_entropy(x, targets, reduction="sum"), logits)


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    logits = Tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    cross_entropy(logits, [2]).backward()
    expected = np.exp([1.0, 2, 3]) / np.exp([1.0, 2, 3]).sum() - np.array([0, 0, 1])
    np.testing.assert_allclose(host(logits.grad)[0], expected, rtol=1e-6)


def test_cross_entropy_is_stable_for_huge_logits():
    logits = Tensor([[1e4, 0.0, -1e4]], requires_grad=True)
    loss = cross_entropy(logits, [1])
    loss.backward()
    assert loss.item() == pytest.approx(1e4) and np.isfinite(host(logits.grad)).all()


def test_cross_entropy_rejects_bad_targets():
    logits = mg.ones(4, 3)
    with pytest.raises(DtypeError, match="integer class indices.*float32"):
        cross_entropy(logits, Tensor([0.0, 1, 2, 0]))
    with pytest.raises(ShapeError, match=r"logits of shape \(4, 3\) need targets of shape \(4,\)"):
        cross_entropy(logits, np.array([0, 1]))
    with pytest.raises(ValueError, match=r"\[0, 2\] for 3 classes, got values from 0 to 3"):
        cross_entropy(logits, np.array([0, 1, 2, 3]))
    with pytest.raises(ValueError, match="reduction must be one of"):
        cross_entropy(logits, np.array([0, 1, 2, 0]), reduction="none")


def test_binary_cross_entropy_with_logits_matches_the_definition_and_is_stable():
    x = rng.normal(size=(6,)) * 3
    y = rng.integers(0, 2, size=6).astype(float)
    p = 1 / (1 + np.exp(-x))
    expected = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()
    loss = binary_cross_entropy_with_logits(Tensor(x, dtype="float64"), y)
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    gradcheck(lambda t: binary_cross_entropy_with_logits(t, y),
              Tensor(x, dtype="float64", requires_grad=True))
    huge = binary_cross_entropy_with_logits(Tensor([1000.0, -1000.0]), [0.0, 1.0])
    assert huge.item() == pytest.approx(1000.0)


def test_mse_loss_matches_the_definition_and_refuses_silent_broadcasting():
    prediction, target = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    loss = mse_loss(Tensor(prediction, dtype="float64"), target)
    assert loss.item() == pytest.approx(((prediction - target) ** 2).mean())
    gradcheck(lambda p: mse_loss(p, target), Tensor(prediction, dtype="float64",
                                                    requires_grad=True))
    with pytest.raises(ShapeError, match=r"prediction has shape \(5, 1\) but the target has "
                                         r"shape \(5,\)"):
        mse_loss(mg.ones(5, 1), np.ones(5))
