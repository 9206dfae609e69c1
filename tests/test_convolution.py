"""Convolution and pooling over time: the sums of their docstrings, correct gradients, and
errors that name the layer and the shapes."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import ShapeError, Tensor, gradcheck
from minigrad.nn import Conv1d, MaxPool1d

from devices import host

pytestmark = pytest.mark.usefixtures("each_device")


def signal(T=9, B=2, C=3, seed=0):
    return Tensor(np.random.default_rng(seed).normal(size=(T, B, C)), dtype="float64",
                  requires_grad=True)


def test_conv1d_is_the_same_small_linear_layer_at_every_window():
    mg.manual_seed(0)
    conv = Conv1d(3, 4, kernel_size=3).double()
    x = signal()
    y = host(conv(x))
    W, b, xs = host(conv.weight), host(conv.bias), host(x)
    expected = np.stack([b + sum(xs[t + j] @ W[:, :, j].T for j in range(3)) for t in range(7)])
    assert y.shape == (7, 2, 4)
    np.testing.assert_allclose(y, expected, rtol=1e-12)


def test_conv1d_finds_the_shape_it_was_built_for():
    """A kernel equal to a shape answers most strongly where the shape starts."""
    shape = np.array([1.0, -1.0, 1.0, 1.0])
    conv = Conv1d(1, 1, kernel_size=4).double()
    conv.weight.data[...] = conv.weight.xp.asarray(shape.reshape(1, 1, 4))
    conv.bias.data[...] = 0
    x = np.zeros((20, 1, 1))
    x[11:15, 0, 0] = shape
    assert int(host(conv(Tensor(x, dtype="float64"))).argmax()) == 11


def test_conv1d_and_max_pool_gradients_match_finite_differences():
    mg.manual_seed(1)
    conv = Conv1d(3, 2, kernel_size=4).double()
    pool = MaxPool1d(2)
    x = signal(T=10, seed=3)
    assert gradcheck(lambda x, W, b: pool(conv(x)), x, conv.weight, conv.bias)


def test_max_pool_takes_the_largest_of_each_window_and_drops_the_rest():
    x = np.arange(7.0).reshape(7, 1, 1) * np.array([1.0, -1.0]).reshape(1, 1, 2)
    pooled = host(MaxPool1d(3)(Tensor(x, dtype="float64")))
    np.testing.assert_array_equal(pooled[:, 0], [[2, 0], [5, -3]])


def test_conv_and_pool_errors_name_the_layer_and_the_shapes():
    conv = Conv1d(3, 2, kernel_size=5)
    with pytest.raises(ShapeError, match=r"Conv1d\(3, 2, kernel_size=5\): expects x of shape "
                                         r"\(T, B, 3\) with T >= kernel_size = 5"):
        conv(np.zeros((4, 1, 3), dtype=np.float32))
    with pytest.raises(ShapeError, match=r"\(T, B, 3\)"):
        conv(np.zeros((8, 1, 2), dtype=np.float32))
    with pytest.raises(ShapeError, match=r"MaxPool1d\(kernel_size=4\)"):
        MaxPool1d(4)(np.zeros((3, 1, 1), dtype=np.float32))
    with pytest.raises(ValueError, match="kernel_size must be at least 1"):
        Conv1d(1, 1, kernel_size=0)
