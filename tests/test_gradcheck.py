"""gradcheck itself: it passes correct backward rules, and it fails the wrong ones a learner
writes, with a report that says which input and which element is off."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import DtypeError, GradcheckError, Tensor, gradcheck


def leaf(shape, seed=0):
    return Tensor(np.random.default_rng(seed).normal(size=shape), dtype="float64",
                  requires_grad=True)


def tanh_with_backward(scale):
    """tanh whose backward is multiplied by `scale` (1 is correct)."""
    def op(x):
        out = np.tanh(x.data)
        return Tensor._make(out, (x,), lambda g: (g * (1 - out ** 2) * scale,), "my_tanh")
    return op


def test_a_correct_backward_passes_with_a_tiny_error():
    result = gradcheck(tanh_with_backward(1.0), leaf((3, 2)))
    assert result.passed and result.max_relative_error() < 1e-7


def test_a_backward_one_tenth_of_a_percent_off_fails():
    with pytest.raises(GradcheckError, match="FAILED"):
        gradcheck(tanh_with_backward(1.001), leaf((3, 2)))


def test_a_backward_wrong_for_one_element_fails():
    def op(x):
        out = x.data ** 2
        def backward(g):
            grad = 2 * x.data * g
            grad[-1, -1] *= 1.01
            return (grad,)
        return Tensor._make(out, (x,), backward, "square")
    with pytest.raises(GradcheckError, match=r"worst element \[2, 1\]"):
        gradcheck(op, leaf((3, 2)))


def broadcast_add(backward_for_b):
    def op(a, b):
        return Tensor._make(a.data + b.data, (a, b), lambda g: (g, backward_for_b(g)), "my_add")
    return op


def test_forgetting_to_sum_a_broadcast_axis_fails():
    # b has shape (1, 2) and was copied along 3 rows: its gradient must be summed over them.
    a, b = leaf((3, 2), 1), leaf((1, 2), 2)
    assert gradcheck(broadcast_add(lambda g: g.sum(axis=0, keepdims=True)), a, b)
    with pytest.raises(GradcheckError, match=r"shape \(3, 2\) for an input of shape \(1, 2\)"):
        gradcheck(broadcast_add(lambda g: g), a, b)
    with pytest.raises(GradcheckError, match="input 1, shape \\(1, 2\\).*FAILED"):
        gradcheck(broadcast_add(lambda g: g[:1]), a, b)


def test_the_report_names_each_input_and_its_error():
    result = gradcheck(tanh_with_backward(1.5), leaf((2,)), raise_on_failure=False)
    assert not result
    report = str(result)
    assert "gradcheck of op: FAILED" in report
    assert "input 0, shape (2,): max relative error 3.3e-01" in report
    assert "backward gives" in report and "finite differences give" in report


def test_only_inputs_that_require_grad_are_checked():
    constant = Tensor(np.ones((2, 2)), dtype="float64")
    result = gradcheck(lambda x, c: x @ c, leaf((3, 2)), constant)
    assert [r.position for r in result.reports] == [0]


def test_float32_inputs_are_refused_with_the_fix():
    with pytest.raises(DtypeError, match="float64.*double"):
        gradcheck(mg.tanh, Tensor([1.0], requires_grad=True))


def test_nothing_to_check_is_an_error():
    with pytest.raises(ValueError, match="no input requires grad"):
        gradcheck(mg.tanh, Tensor([1.0], dtype="float64"))


def test_inputs_and_existing_gradients_are_left_as_they_were():
    x = leaf((2, 2))
    before = x.data.copy()
    x.grad = np.full((2, 2), 7.0)
    gradcheck(mg.exp, x)
    np.testing.assert_array_equal(x.data, before)
    assert (x.grad == 7.0).all()


def test_inputs_made_by_ops_are_checked_too():
    x = Tensor([0.3, -0.2], requires_grad=True)
    assert gradcheck(mg.sigmoid, x.double())
