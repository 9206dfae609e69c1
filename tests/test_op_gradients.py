"""Every op's backward agrees with central finite differences in float64, on shapes that include
scalars, size-1 axes and every broadcasting pairing of (), (2,), (3, 2), (1, 2)."""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import minigrad as mg
from minigrad import gradcheck

from devices import host

pytestmark = pytest.mark.usefixtures("each_device")

SHAPES = [(), (2,), (3, 2), (1, 2)]


def leaf(shape, low=-2.0, high=2.0, seed=0):
    values = np.random.default_rng(seed).uniform(low, high, size=shape)
    return mg.Tensor(values, dtype="float64", requires_grad=True)


# Every pair of these shapes broadcasts: () and (2,) against anything, (1, 2) against (3, 2).
PAIRS = list(itertools.product(SHAPES, SHAPES))


BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a ** b,
    "where": lambda a, b: mg.where(np.array([True, False]), a, b),
}


@pytest.mark.parametrize("shape_a,shape_b", PAIRS, ids=str)
@pytest.mark.parametrize("op", sorted(BINARY))
def test_binary_op_gradient_with_broadcasting(op, shape_a, shape_b):
    # pow needs a positive base for a real gradient with respect to the exponent.
    a = leaf(shape_a, 0.5, 2.0, seed=1) if op in ("pow", "div") else leaf(shape_a, seed=1)
    b = leaf(shape_b, 0.5, 2.0, seed=2) if op in ("pow", "div") else leaf(shape_b, seed=2)
    gradcheck(BINARY[op], a, b)


@pytest.mark.parametrize("make", [
    lambda x: 3.0 + x, lambda x: x + 3, lambda x: 3.0 - x, lambda x: x - 1.5, lambda x: 2.5 * x,
    lambda x: x * -2, lambda x: 1.0 / x, lambda x: x / 4.0, lambda x: -x, lambda x: x ** 3,
    lambda x: x ** 0.5, lambda x: 2.0 ** x, lambda x: np.full((3, 2), 2.0) * x,
    lambda x: np.ones(2) - x,
], ids=["radd", "add_int", "rsub", "sub", "rmul", "mul_neg", "rdiv", "div", "neg", "cube",
        "sqrt", "rpow", "ndarray_mul", "ndarray_rsub"])
def test_python_numbers_and_arrays_on_either_side(make):
    gradcheck(make, leaf((3, 2), 0.5, 2.0))


UNARY = {
    "abs": abs, "exp": mg.exp, "log": mg.log, "tanh": mg.tanh, "sigmoid": mg.sigmoid,
    "relu": mg.relu, "clip": lambda t: t.clip(-1.0, 1.5), "softmax": mg.softmax,
    "log_softmax": mg.log_softmax,
}
UNARY_CASES = [(op, shape) for op in UNARY for shape in [(), (5,), (3, 4), (2, 1, 3)]
               if not (op in ("softmax", "log_softmax") and shape == ())]  # softmax needs an axis


@pytest.mark.parametrize("op,shape", UNARY_CASES, ids=str)
def test_unary_op_gradient(op, shape):
    x = leaf(shape, 0.2 if op == "log" else -3.0, 3.0, seed=3)
    gradcheck(UNARY[op], x)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_and_log_softmax_along_any_axis(axis):
    x = leaf((3, 4, 2), seed=4)
    gradcheck(lambda t: mg.softmax(t, axis=axis), x)
    gradcheck(lambda t: mg.log_softmax(t, axis=axis), x)


@pytest.mark.parametrize("op", ["sum", "mean", "max"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)], ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction_gradient(op, axis, keepdims):
    x = leaf((3, 4, 2), seed=5)
    gradcheck(lambda t: getattr(t, op)(axis=axis, keepdims=keepdims), x)


@pytest.mark.parametrize("op", ["sum", "mean", "max"])
def test_reductions_of_a_scalar_and_a_vector(op):
    gradcheck(lambda t: getattr(t, op)(), leaf((), seed=6))
    gradcheck(lambda t: getattr(t, op)(axis=0), leaf((7,), seed=6))


def test_max_shares_the_gradient_between_ties():
    x = mg.Tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    x.max().backward()
    assert host(x.grad).tolist() == [0.0, 0.5, 0.5, 0.0]


@pytest.mark.parametrize("shape_a,shape_b", [
    ((3, 4), (4, 2)), ((1, 4), (4, 1)), ((4,), (4, 3)), ((3, 4), (4,)), ((4,), (4,)),
    ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)), ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)),
    ((4,), (2, 4, 3)), ((2, 3, 4), (4,)),
], ids=str)
def test_matmul_gradient_for_matrices_vectors_and_stacks(shape_a, shape_b):
    gradcheck(lambda a, b: a @ b, leaf(shape_a, seed=7), leaf(shape_b, seed=8))


def test_matmul_with_a_constant_operand():
    weights = leaf((4, 3), seed=9)
    inputs = np.random.default_rng(1).normal(size=(5, 4))
    gradcheck(lambda w: inputs @ w, weights)
    gradcheck(lambda w: w.T @ inputs.T, weights)


@pytest.mark.parametrize("shape", [(6,), (3, 2), (1, 6), (2, 3, 1), (-1,), (3, -1)], ids=str)
def test_reshape_gradient(shape):
    # Weighting each output position differently makes a backward that mixes positions up fail.
    weights = mg.Tensor(np.arange(1.0, 7.0).reshape(shape), dtype="float64")
    gradcheck(lambda t: t.reshape(shape) * weights, leaf((2, 3), seed=10))


@pytest.mark.parametrize("axes", [(), (1, 0, 2), (2, 0, 1), (0, 2, 1), (-1, 0, 1)], ids=str)
def test_transpose_gradient(axes):
    gradcheck(lambda t: t.transpose(*axes), leaf((2, 3, 4), seed=11))


def test_T_of_a_matrix():
    gradcheck(lambda t: t.T @ t, leaf((3, 2), seed=12))


@pytest.mark.parametrize("index", [
    1, -1, slice(1, 3), (slice(None), 0), (Ellipsis, 1), (None, 1), (1, slice(None, None, -1)),
    np.array([0, 2, 2, 0]), (np.array([0, 1, 1]), np.array([1, 1, 1])),
    np.array([True, False, True, True]), [3, 3, 1],
], ids=["int", "negative", "slice", "column", "ellipsis", "newaxis", "reversed", "int_array",
        "pairs_repeated", "bool_mask", "list"])
def test_indexing_gradient_scatter_adds_repeated_picks(index):
    gradcheck(lambda t: t[index], leaf((4, 3), seed=13))


def test_repeated_index_accumulates_instead_of_overwriting():
    x = mg.Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[np.array([0, 0, 2, 0])].sum().backward()
    assert host(x.grad).tolist() == [3.0, 0.0, 1.0]


def test_indexing_with_an_integer_tensor():
    rows = mg.Tensor(np.array([2, 0]))
    gradcheck(lambda t: t[rows], leaf((3, 2), seed=14))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concat_gradient(axis):
    shapes = {0: [(1, 3), (2, 3), (3, 3)], 1: [(2, 1), (2, 4), (2, 2)],
              -1: [(2, 1), (2, 4), (2, 2)]}[axis]
    tensors = [leaf(shape, seed=15 + i) for i, shape in enumerate(shapes)]
    gradcheck(lambda *ts: mg.concat(ts, axis=axis), *tensors)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack_gradient(axis):
    tensors = [leaf((2, 3), seed=20 + i) for i in range(3)]
    gradcheck(lambda *ts: mg.stack(ts, axis=axis), *tensors)


@pytest.mark.parametrize("sections,axis", [(4, 1), (2, 0), ([1, 3], 1), ([2], -1)], ids=str)
def test_split_gradient(sections, axis):
    x = leaf((2, 4), seed=23)
    weights = [mg.Tensor(np.full((1, 1), i + 1.0), dtype="float64") for i in range(5)]
    gradcheck(lambda t: mg.concat([p * w for p, w in zip(t.split(sections, axis=axis), weights)],
                                  axis=axis), x)


def test_to_float64_and_back_passes_the_gradient():
    x = mg.Tensor([1.0, 2.0], requires_grad=True)
    y = x.double() * 3
    y.float().sum().backward()
    assert x.grad.dtype == np.float32 and host(x.grad).tolist() == [3.0, 3.0]


def test_a_composite_expression():
    def two_layer(x, w1, b1, w2):
        return ((x @ w1 + b1).tanh() @ w2).sigmoid().log().mean()
    gradcheck(two_layer, leaf((5, 3), seed=24), leaf((3, 4), seed=25), leaf((4,), seed=26),
              leaf((4, 2), seed=27))


@settings(max_examples=40, deadline=None)
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
def test_mul_gradient_is_summed_back_for_any_broadcastable_shapes(shapes):
    shape_a, shape_b = shapes.input_shapes
    a, b = leaf(shape_a, seed=30), leaf(shape_b, seed=31)
    (a * b).sum().backward()
    # d/da Σ (a*b) = b broadcast to the output, summed over the axes a was broadcast along.
    full_b = np.broadcast_to(host(b), shapes.result_shape)
    expected = full_b.sum(axis=tuple(range(len(shapes.result_shape) - len(shape_a))))
    expected = expected.sum(axis=tuple(i for i, n in enumerate(shape_a) if n == 1), keepdims=True)
    np.testing.assert_allclose(host(a.grad), expected.reshape(shape_a))
    assert b.grad.shape == shape_b
