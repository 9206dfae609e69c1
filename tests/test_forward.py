"""Each op's forward pass computes what NumPy computes, in the tensor's dtype."""
import numpy as np
import pytest

import minigrad as mg


pytestmark = pytest.mark.usefixtures("each_device")

rng = np.random.default_rng(0)
A = rng.normal(size=(3, 4)).astype(np.float32)
B = rng.normal(size=(4,)).astype(np.float32)


@pytest.mark.parametrize("name,minigrad_op,numpy_op", [
    ("add", lambda a, b: a + b, np.add), ("sub", lambda a, b: a - b, np.subtract),
    ("mul", lambda a, b: a * b, np.multiply), ("div", lambda a, b: a / b, np.divide),
    ("pow", lambda a, b: abs(a) ** b, lambda a, b: np.abs(a) ** b),
])
def test_binary_forward_matches_numpy(name, minigrad_op, numpy_op):
    out = minigrad_op(mg.Tensor(A), mg.Tensor(B))
    assert out.dtype == np.float32 and out.shape == (3, 4)
    np.testing.assert_allclose(out.numpy(), numpy_op(A, B), rtol=1e-6)


@pytest.mark.parametrize("name,reference", [
    ("exp", np.exp), ("tanh", np.tanh), ("relu", lambda x: np.maximum(x, 0)),
    ("sigmoid", lambda x: 1 / (1 + np.exp(-x))),
    ("softmax", lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True)),
    ("log_softmax", lambda x: x - np.log(np.exp(x).sum(-1, keepdims=True))),
])
def test_unary_forward_matches_numpy(name, reference):
    np.testing.assert_allclose(getattr(mg.Tensor(A), name)().numpy(), reference(A), rtol=1e-5,
                               atol=1e-7)


def test_log_and_abs_free_ops():
    np.testing.assert_allclose(mg.Tensor(np.abs(A)).log().numpy(), np.log(np.abs(A)), rtol=1e-6)
    np.testing.assert_allclose(mg.Tensor(A).clip(-0.5, 0.5).numpy(), np.clip(A, -0.5, 0.5))


def test_sigmoid_and_softmax_do_not_overflow_on_huge_inputs():
    x = mg.Tensor([-1000.0, 0.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_allclose(mg.sigmoid(x).numpy(), [0.0, 0.5, 1.0], rtol=0, atol=1e-38)
        np.testing.assert_allclose(mg.softmax(x).numpy(), [0, 0, 1])
        np.testing.assert_allclose(mg.log_softmax(x).numpy(), [-2000, -1000, 0])


def test_reductions_match_numpy():
    x = mg.Tensor(A)
    np.testing.assert_allclose(x.sum().item(), A.sum(), rtol=1e-6)
    np.testing.assert_allclose(x.mean(axis=0).numpy(), A.mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(x.max(axis=1, keepdims=True).numpy(), A.max(1, keepdims=True))
    assert x.argmax(axis=1).numpy().tolist() == A.argmax(1).tolist()
    assert x.sum().shape == () and x.sum(axis=(0, 1), keepdims=True).shape == (1, 1)


def test_matmul_and_shapes_match_numpy():
    x = mg.Tensor(A)
    np.testing.assert_allclose((x @ x.T).numpy(), A @ A.T, rtol=1e-5)
    np.testing.assert_allclose((x @ mg.Tensor(B)).numpy(), A @ B, rtol=1e-5)
    assert x.reshape(2, 6).shape == (2, 6) and x.reshape((12,)).shape == (12,)
    assert x.transpose(1, 0).shape == (4, 3) and x.T.shape == (4, 3)
    np.testing.assert_array_equal(x[1:, ::2].numpy(), A[1:, ::2])
    np.testing.assert_array_equal(mg.concat([x, x], axis=1).numpy(), np.concatenate([A, A], 1))
    np.testing.assert_array_equal(mg.stack([x, x]).numpy(), np.stack([A, A]))
    parts = x.split(2, axis=1)
    assert [p.shape for p in parts] == [(3, 2), (3, 2)]
    np.testing.assert_array_equal(parts[1].numpy(), A[:, 2:])


def test_where_picks_elementwise():
    out = mg.where(np.array([True, False, True]), mg.Tensor([1.0, 2, 3]), 0.0)
    assert out.numpy().tolist() == [1.0, 0.0, 3.0]


class TestDtypes:
    def test_default_dtype_is_float32_even_from_float64_data(self):
        assert mg.Tensor(np.zeros(3)).dtype == np.float32
        assert mg.Tensor([1, 2]).dtype == np.float32
        assert mg.Tensor(2.5).shape == ()

    def test_float64_on_request_and_kept_through_ops(self):
        x = mg.Tensor([1.0, 2.0], dtype="float64")
        assert (x * 2 + 1).dtype == np.float64 and x.exp().sum().dtype == np.float64

    def test_python_numbers_do_not_promote_float32(self):
        x = mg.Tensor([1.0, 2.0])
        for y in (x * 2.5, 2.5 - x, x / 3, x ** 2, 2.0 ** x, x + np.float64(1.0)):
            assert y.dtype == np.float32

    def test_integer_arrays_keep_their_dtype_and_mix_with_floats(self):
        labels = mg.Tensor(np.array([0, 2, 1]))
        assert labels.dtype == np.int64
        assert (mg.Tensor([1.0, 1.0, 1.0]) * labels).dtype == np.float32

    def test_the_tensor_copies_its_data(self):
        array = np.ones(3, dtype=np.float32)
        x = mg.Tensor(array)
        array[0] = 5
        assert x.numpy()[0] == 1

    def test_numpy_returns_a_copy_and_item_a_number(self):
        x = mg.Tensor([[3.0]])
        x.numpy()[0, 0] = 7
        assert x.item() == 3.0 and isinstance(x.item(), float)


def test_repr_shows_values_and_grad_state():
    assert repr(mg.Tensor([1.0, 2.0])).startswith("tensor([1., 2.]")
    x = mg.Tensor([1.0], requires_grad=True)
    assert repr(x).endswith("requires_grad=True)") and "grad_fn=mul" in repr(x * 2)


def test_iteration_goes_over_the_first_axis():
    x = mg.Tensor(A)
    assert len(x) == 3 and [row.shape for row in x] == [(4,)] * 3
