"""Backends: each tensor computes with its own array module, and nothing falls back to NumPy.

The engine and nn suites already run on every backend (see conftest.py); these tests cover what
is specific to devices: moving between them, refusing to mix them, and the stand-in itself.
"""
import subprocess
import sys

import numpy as np
import pytest

import minigrad as mg
from minigrad import DeviceError, Tensor, nn, optim
from minigrad import functional as F
from minigrad.data import adding_problem

from devices import host
from strict_backend import StrictArray


def test_the_stand_in_catches_an_op_that_falls_back_to_numpy():
    """A backward that builds its zeros with np. instead of x.xp, as a learner might write."""
    def leaky_relu(x):
        out = x.xp.maximum(x.data, 0.01 * x.data)
        def backward(g):
            slope = np.where(x.data > 0, 1.0, 0.01)   # the hidden NumPy call
            return (g * slope,)
        return Tensor._make(out, (x,), backward, "leaky_relu")

    on_cpu = Tensor([-1.0, 2.0], requires_grad=True)
    leaky_relu(on_cpu).sum().backward()
    assert host(on_cpu.grad).tolist() == pytest.approx([0.01, 1.0])
    on_device = Tensor([-1.0, 2.0], requires_grad=True, device="strict")
    with pytest.raises(TypeError, match="StrictArray"):
        leaky_relu(on_device).sum().backward()


def test_tensors_keep_their_device_through_every_op_and_gradient():
    x = Tensor(np.ones((2, 3)), device="strict", requires_grad=True)
    y = (x @ x.T).softmax().log().mean()
    y.backward()
    assert y.device == "strict" and isinstance(y.data, StrictArray)
    assert isinstance(x.grad, StrictArray)


def test_numpy_copies_back_to_the_host_and_implicit_conversion_is_refused():
    x = Tensor([1.0, 2.0], device="strict")
    assert isinstance(x.numpy(), np.ndarray) and x.numpy().tolist() == [1.0, 2.0]
    with pytest.raises(TypeError, match=r"call \.numpy\(\) to copy it to the host"):
        np.asarray(x)


def test_to_moves_a_tensor_and_its_gradient_comes_back_to_where_it_started():
    x = Tensor([1.0, 2.0], requires_grad=True)
    on_device = x.to("strict")
    assert on_device.device == "strict"
    (on_device * on_device).sum().backward()
    assert isinstance(x.grad, np.ndarray) and x.grad.tolist() == [2.0, 4.0]


def test_tensors_on_two_devices_cannot_meet():
    with pytest.raises(DeviceError, match="on cpu and .* on strict are on different devices"):
        Tensor([1.0]) + Tensor([1.0], device="strict")


def test_host_data_follows_the_tensor_it_meets():
    x = Tensor([1.0, 2.0], device="strict")
    assert (x * np.array([3.0, 4.0])).device == "strict"
    assert host(F.cross_entropy(Tensor(np.zeros((2, 3)), device="strict"), [0, 2]).data) == \
        pytest.approx(np.log(3))


def test_a_model_moved_with_module_to_trains_on_the_device():
    mg.manual_seed(0)
    on_cpu = nn.LSTM(2, 8)
    mg.manual_seed(0)
    moved = nn.LSTM(2, 8).to("strict")
    assert all(p.device == "strict" for p in moved.parameters())
    inputs, targets = adding_problem(4, 6, seed=0)
    losses = {}
    for name, model in (("cpu", on_cpu), ("strict", moved)):
        optimizer = optim.Adam(model.parameters(), lr=1e-2)
        for _ in range(3):
            loss = F.mse_loss(model(inputs)[0][-1].sum(axis=1, keepdims=True), targets)
            optimizer.zero_grad()
            loss.backward()
            optim.clip_grad_norm_(optimizer.parameters, 1.0)
            optimizer.step()
        losses[name] = loss.item()
    assert losses["strict"] == pytest.approx(losses["cpu"], rel=1e-5)


def test_a_seed_draws_the_same_weights_on_every_device():
    mg.manual_seed(3)
    a = mg.randn(3, 2)
    mg.manual_seed(3)
    b = mg.randn(3, 2, device="strict")
    np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_set_default_device_checks_the_name():
    with pytest.raises(ValueError, match="unknown device 'gpu'"):
        mg.set_default_device("gpu")


def test_importing_minigrad_does_not_import_cupy():
    code = "import sys, minigrad; print('cupy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.skipif(not mg.cuda_is_available(), reason="CuPy with a GPU is not available")
def test_an_lstm_step_on_cuda_matches_numpy():
    mg.manual_seed(0)
    on_cpu = nn.LSTM(16, 32).double()
    mg.manual_seed(0)
    on_gpu = nn.LSTM(16, 32).double().to("cuda")
    x = np.random.default_rng(0).normal(size=(10, 4, 16))
    out_cpu, out_gpu = on_cpu(x)[0], on_gpu(x)[0]
    np.testing.assert_allclose(out_gpu.numpy(), out_cpu.numpy(), rtol=1e-10)
    (out_cpu ** 2).sum().backward()
    (out_gpu ** 2).sum().backward()
    for a, b in zip(on_cpu.parameters(), on_gpu.parameters()):
        np.testing.assert_allclose(host(b.grad), a.grad, rtol=1e-8)
