"""How the graph behaves: deep chains, accumulation, no_grad, intermediate gradients, hooks and
freeing memory after backward."""
import gc
import weakref

import numpy as np
import pytest

import minigrad as mg
from minigrad.gradient_sums import Products

from devices import host

pytestmark = pytest.mark.usefixtures("each_device")


def test_a_5000_op_chain_backpropagates_without_recursion():
    x = mg.Tensor(0.5, requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert host(x.grad) == pytest.approx(1.0001 ** 5000, rel=1e-3)


def test_a_1000_step_tanh_recurrence_backpropagates():
    rng = np.random.default_rng(0)
    w = mg.Tensor(rng.normal(scale=0.3, size=(8, 8)), requires_grad=True)
    h = mg.zeros(2, 8)
    for t in range(1000):
        h = (h @ w + mg.Tensor(rng.normal(size=(2, 8)))).tanh()
    h.sum().backward()
    grad = host(w.grad)
    assert grad.shape == (8, 8) and np.isfinite(grad).all() and np.abs(grad).sum() > 0


def test_gradients_add_up_when_a_tensor_is_used_twice():
    x = mg.Tensor(3.0, requires_grad=True)
    (x * x + x).backward()  # d/dx (x^2 + x) = 2x + 1
    assert host(x.grad) == 7.0


def test_a_diamond_graph_counts_both_paths():
    x = mg.Tensor([1.0, 2.0], requires_grad=True)
    a = x * 2
    b = x.exp()
    (a * b).sum().backward()  # d/dx (2x e^x) = 2 e^x (1 + x)
    np.testing.assert_allclose(host(x.grad), 2 * np.exp([1.0, 2.0]) * np.array([2.0, 3.0]),
                               rtol=1e-6)


def test_gradients_accumulate_across_backward_calls_until_zeroed():
    x = mg.Tensor([1.0, -1.0], requires_grad=True)
    for _ in range(3):
        (x * 2).sum().backward()
    assert host(x.grad).tolist() == [6.0, 6.0]
    x.zero_grad()
    assert x.grad is None


def test_leaf_gradients_never_share_memory():
    # z = x + y hands the same array to both parents; an in-place change to one .grad (as
    # gradient clipping does) must not change the other.
    x, y = mg.Tensor([1.0], requires_grad=True), mg.Tensor([2.0], requires_grad=True)
    (x + y).sum().backward()
    x.grad *= 10
    assert host(y.grad).tolist() == [1.0]


def test_inputs_without_requires_grad_get_no_gradient():
    x, w = mg.Tensor([1.0, 2.0]), mg.Tensor([3.0, 4.0], requires_grad=True)
    (x * w).sum().backward()
    assert x.grad is None and host(w.grad).tolist() == [1.0, 2.0]


def test_no_grad_records_no_graph():
    w = mg.Tensor([1.0], requires_grad=True)
    with mg.no_grad():
        y = w * 2
        assert not mg.is_grad_enabled()
    assert mg.is_grad_enabled() and not y.requires_grad and y.is_leaf


def test_no_grad_as_a_decorator_restores_the_mode():
    @mg.no_grad()
    def evaluate(w):
        """Twice w."""
        return w * 2
    assert not evaluate(mg.Tensor([1.0], requires_grad=True)).requires_grad
    assert mg.is_grad_enabled()
    assert evaluate.__name__ == "evaluate" and evaluate.__doc__ == "Twice w."


def test_detach_cuts_the_graph():
    x = mg.Tensor([2.0], requires_grad=True)
    (x * x.detach()).sum().backward()
    assert host(x.grad).tolist() == [2.0]


def test_retain_grad_keeps_every_hidden_state_gradient():
    w = mg.Tensor([[0.5]], requires_grad=True)
    h = mg.Tensor([[1.0]])
    states = []
    for _ in range(4):
        h = (h @ w).tanh()
        states.append(h.retain_grad())
    states[-1].sum().backward()
    grads = [abs(host(s.grad).item()) for s in states]
    assert grads[-1] == 1.0 and all(a < b for a, b in zip(grads, grads[1:]))
    manual = 1.0
    for s in reversed(states[1:]):
        manual *= (1 - s.item() ** 2) * 0.5
    assert grads[0] == pytest.approx(manual, rel=1e-6)


def test_products_wait_for_at_most_a_batch_of_rows_and_sum_every_product():
    rng = np.random.default_rng(0)
    pieces = [(rng.normal(size=(100, 3)), rng.normal(size=(100, 2))) for _ in range(5)]
    products = Products(*pieces[0], np)
    for first, second in pieces[1:]:
        products.extend(Products(first, second, np))
        assert products.rows < Products.ROWS  # multiplied out once ROWS rows wait
    assert len(products.firsts) == 2  # 500 rows: 300 multiplied out, 200 waiting
    np.testing.assert_allclose(products.value(), sum(a.T @ b for a, b in pieces), rtol=1e-12)


def test_hooks_see_and_can_replace_the_gradient():
    x = mg.Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(host(g)))
    y.register_hook(lambda g: g * 0)
    y.sum().backward()
    assert seen[0].tolist() == [1.0, 1.0] and host(x.grad).tolist() == [0.0, 0.0]


def test_backward_frees_the_graph_so_intermediates_can_be_collected():
    x = mg.Tensor(np.ones(1000), requires_grad=True)
    hidden = x.tanh()
    probe = weakref.ref(hidden)
    loss = (hidden * 2).sum()
    del hidden
    gc.collect()
    assert probe() is not None  # still held by the graph
    loss.backward()
    gc.collect()
    assert probe() is None


def test_graph_memory_does_not_grow_across_training_steps():
    w = mg.Tensor(np.ones((50, 50)), requires_grad=True)
    x = mg.Tensor(np.ones((10, 50)))
    probes = []
    for _ in range(5):
        h = (x @ w).tanh()
        probes.append(weakref.ref(h))
        (h * h).sum().backward()
        del h
    gc.collect()
    assert all(p() is None for p in probes)


def test_a_second_backward_through_a_freed_graph_says_what_to_do():
    x = mg.Tensor([1.0], requires_grad=True)
    y = (x * 2).tanh().sum()
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = mg.Tensor([1.0], requires_grad=True)
    y = (x * 2).tanh().sum()
    y.backward(retain_graph=True)
    first = host(x.grad)
    y.backward()
    np.testing.assert_allclose(host(x.grad), 2 * first)


def test_backward_with_an_explicit_gradient():
    x = mg.Tensor([1.0, 2.0], requires_grad=True)
    (x * x).backward(np.array([1.0, 10.0]))
    assert host(x.grad).tolist() == [2.0, 40.0]
