"""Attention layers: the equations of their docstrings, masking that gives padding no weight and
no gradient, correct gradients, and errors that say what is wrong."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import ShapeError, Tensor, gradcheck
from minigrad.nn import AdditiveAttention, DotProductAttention

from devices import host

pytestmark = pytest.mark.usefixtures("each_device")

B, T, S, D_Q, D_K, D_V = 2, 3, 5, 4, 6, 7


def inputs(seed=0):
    rng = np.random.default_rng(seed)
    return (Tensor(rng.normal(size=(B, T, D_Q)), dtype="float64", requires_grad=True),
            Tensor(rng.normal(size=(B, S, D_K)), dtype="float64", requires_grad=True),
            Tensor(rng.normal(size=(B, S, D_V)), dtype="float64", requires_grad=True))


def padding_mask():
    mask = np.ones((B, S), dtype=bool)
    mask[1, 3:] = False                        # the second source is 3 steps long
    return mask


def expected_scores(layer, queries, keys):
    """The docstring's score, written with NumPy on the host."""
    q, k = host(queries), host(keys)
    if isinstance(layer, DotProductAttention):
        W_q = host(layer.query_projection.weight)
        return np.einsum("btk,bsk->bts", q @ W_q.T, k) / np.sqrt(D_K)
    W_q, W_k = host(layer.query_projection.weight), host(layer.key_projection.weight)
    pre = (q @ W_q.T)[:, :, None, :] + (k @ W_k.T)[:, None, :, :]
    return np.tanh(pre) @ host(layer.v)


def layers():
    mg.manual_seed(0)
    return [DotProductAttention(D_Q, D_K).double(), AdditiveAttention(D_Q, D_K, 8).double()]


@pytest.mark.parametrize("index", [0, 1], ids=["dot_product", "additive"])
def test_attention_is_a_softmax_weighted_average_of_the_values(index):
    layer = layers()[index]
    queries, keys, values = inputs()
    context, weights = layer(queries, keys, values)
    scores = expected_scores(layer, queries, keys)
    alpha = np.exp(scores - scores.max(axis=-1, keepdims=True))
    alpha /= alpha.sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(host(weights), alpha, rtol=1e-10)
    np.testing.assert_allclose(host(context), alpha @ host(values), rtol=1e-10)


@pytest.mark.parametrize("index", [0, 1], ids=["dot_product", "additive"])
def test_masked_keys_get_no_weight_and_no_gradient(index):
    layer = layers()[index]
    queries, keys, values = inputs()
    context, weights = layer(queries, keys, values, padding_mask())
    assert np.all(host(weights)[1, :, 3:] == 0)
    np.testing.assert_allclose(host(weights).sum(axis=-1), 1, rtol=1e-12)
    (context * context).sum().backward()
    assert np.all(host(values.grad)[1, 3:] == 0) and np.all(host(keys.grad)[1, 3:] == 0)
    assert np.abs(host(values.grad)[1, :3]).min() > 0
    # What stands in the padding cannot change the result.
    changed = host(values).copy()
    changed[1, 3:] = 1e3
    again, _ = layer(queries, keys, Tensor(changed, dtype="float64"), padding_mask())
    np.testing.assert_allclose(host(again), host(context), rtol=1e-12)


@pytest.mark.parametrize("index", [0, 1], ids=["dot_product", "additive"])
def test_attention_gradients_match_finite_differences(index):
    layer = layers()[index]
    queries, keys, values = inputs(seed=1)
    mask = padding_mask()
    parameters = layer.parameters()

    def attend(queries, keys, values, *weights):
        return layer(queries, keys, values, mask)[0]
    assert gradcheck(attend, queries, keys, values, *parameters)


def test_a_query_that_matches_one_key_attends_to_it():
    """With the query projection set to the identity, a query equal to a (large) key picks it."""
    layer = DotProductAttention(D_K, D_K).double()
    layer.query_projection.weight.data[...] = layer.query_projection.weight.xp.eye(D_K)
    keys = 4 * np.eye(S, D_K)[None].repeat(B, axis=0)
    queries = keys[:, [2, 0, 4]]
    _, weights = layer(Tensor(queries, dtype="float64"), Tensor(keys, dtype="float64"),
                       Tensor(keys, dtype="float64"))
    np.testing.assert_array_equal(host(weights).argmax(axis=-1), [[2, 0, 4]] * B)


def test_attention_errors_name_the_shapes_and_the_fix():
    layer = layers()[0]
    queries, keys, values = inputs()
    with pytest.raises(ShapeError, match=r"DotProductAttention\(4, 6\): expects queries with 4"):
        layer(keys, keys, values)
    with pytest.raises(ShapeError, match="share the batch size"):
        layer(queries, keys, values[:, :2])
    with pytest.raises(ShapeError, match=r"single query step is a T of 1"):
        layer(queries[:, 0], keys, values)
    with pytest.raises(ShapeError, match=r"mask must have shape \(B, S\) = \(2, 5\)"):
        layer(queries, keys, values, np.ones((B, S + 1), dtype=bool))
    empty = padding_mask()
    empty[0] = False
    with pytest.raises(ValueError, match="nothing to attend to"):
        layer(queries, keys, values, empty)
