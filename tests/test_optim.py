"""Optimizers take the steps their formulas say, computed here by hand; clipping bounds norms."""
import math

import numpy as np
import pytest

from minigrad import Tensor
from minigrad.nn import Parameter
from minigrad.optim import SGD, Adagrad, Adam, clip_grad_norm_, clip_grad_value_

from devices import host, on_device

pytestmark = pytest.mark.usefixtures("each_device")


def parameter_with_grad(values, grad):
    p = Parameter(np.array(values, dtype=np.float64), dtype="float64")
    p.grad = on_device(grad)
    return p


def test_plain_sgd_step():
    p = parameter_with_grad([1.0, 2.0], [0.5, -1.0])
    SGD([p], lr=0.1).step()
    np.testing.assert_allclose(p.numpy(), [0.95, 2.1])


def test_sgd_with_momentum_and_weight_decay_over_two_steps():
    p = parameter_with_grad([1.0], [0.5])
    optimizer = SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01)
    optimizer.step()                  # g = 0.5 + 0.01*1 = 0.51; v = 0.51; w = 1 - 0.051
    assert p.item() == pytest.approx(0.949)
    p.grad = on_device([0.5])
    optimizer.step()                  # g = 0.5 + 0.00949; v = 0.9*0.51 + g; w -= 0.1 v
    velocity = 0.9 * 0.51 + 0.5 + 0.01 * 0.949
    assert p.item() == pytest.approx(0.949 - 0.1 * velocity)


def test_adagrad_divides_by_the_root_of_the_summed_squares():
    p = parameter_with_grad([1.0], [2.0])
    optimizer = Adagrad([p], lr=0.5)
    optimizer.step()                  # s = 4; w = 1 - 0.5 * 2 / 2
    assert p.item() == pytest.approx(0.5)
    p.grad = on_device([1.0])
    optimizer.step()                  # s = 5; w = 0.5 - 0.5 / sqrt(5)
    assert p.item() == pytest.approx(0.5 - 0.5 / math.sqrt(5))


def test_adam_matches_its_bias_corrected_formula():
    p = parameter_with_grad([1.0, -1.0], [0.2, -0.4])
    optimizer = Adam([p], lr=0.01)
    expected = np.array([1.0, -1.0])
    mean = square = np.zeros(2)
    for step, grad in enumerate([[0.2, -0.4], [0.1, 0.3], [-0.5, 0.0]], start=1):
        p.grad = on_device(grad)
        optimizer.step()
        mean = 0.9 * mean + 0.1 * np.array(grad)
        square = 0.999 * square + 0.001 * np.array(grad) ** 2
        expected -= 0.01 * (mean / (1 - 0.9 ** step)) / (np.sqrt(square / (1 - 0.999 ** step))
                                                         + 1e-8)
        np.testing.assert_allclose(p.numpy(), expected, rtol=1e-12)


def test_the_first_adam_step_moves_each_weight_by_about_lr():
    p = parameter_with_grad([0.0, 0.0], [1e-3, -50.0])
    Adam([p], lr=0.1).step()
    np.testing.assert_allclose(p.numpy(), [-0.1, 0.1], rtol=1e-4)


def test_parameters_without_gradients_are_left_alone_and_zero_grad_clears():
    a, b = parameter_with_grad([1.0], [1.0]), Parameter(np.array([5.0]))
    optimizer = SGD([a, b], lr=1.0)
    optimizer.step()
    assert b.item() == 5.0 and a.item() == 0.0
    optimizer.zero_grad()
    assert a.grad is None


def test_optimizer_input_errors():
    with pytest.raises(ValueError, match="got no parameters"):
        SGD([], lr=0.1)
    with pytest.raises(ValueError, match="learning rate must be positive"):
        Adam([Parameter([1.0])], lr=0)


def test_clip_grad_norm_bounds_the_joint_norm_and_returns_the_norm_before():
    a, b = parameter_with_grad([0.0, 0.0], [3.0, 0.0]), parameter_with_grad([0.0], [4.0])
    before = clip_grad_norm_([a, b], max_norm=1.0)
    assert before == pytest.approx(5.0)
    after = math.sqrt((host(a.grad) ** 2).sum() + (host(b.grad) ** 2).sum())
    assert after == pytest.approx(1.0, rel=1e-5)
    np.testing.assert_allclose(host(a.grad) / host(b.grad)[0], [0.75, 0.0])  # direction kept


def test_clip_grad_norm_leaves_small_gradients_unchanged():
    a = parameter_with_grad([0.0], [0.3])
    assert clip_grad_norm_([a], max_norm=1.0) == pytest.approx(0.3)
    assert host(a.grad).tolist() == [0.3]


def test_clip_grad_value_clips_each_entry():
    a = parameter_with_grad([0.0, 0.0, 0.0], [-5.0, 0.2, 9.0])
    clip_grad_value_([a], 1.0)
    assert host(a.grad).tolist() == [-1.0, 0.2, 1.0]


def test_a_training_step_through_the_graph():
    w = Parameter(np.array([2.0]))
    x = Tensor([3.0])
    ((w * x - 3.0) ** 2).sum().backward()     # d/dw (3w - 3)^2 = 6 (3w - 3) = 18
    SGD([w], lr=0.01).step()
    assert w.item() == pytest.approx(2.0 - 0.18)
