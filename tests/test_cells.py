"""Recurrent cells: each forward equals an independent NumPy transcription of the course's
equations, each backward passes gradcheck, and the fused cells equal cells built gate by gate."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import ShapeError, Tensor, gradcheck
from minigrad.nn import GRUCell, LSTMCell, RNNCell

from devices import host

pytestmark = pytest.mark.usefixtures("each_device")


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def weights(cell):
    return {name: host(p).astype(np.float64) for name, p in cell.named_parameters()}


def numpy_rnn_step(w, x, h):
    return np.tanh(w["W_xh"] @ x.T + w["W_hh"] @ h.T + w["b"][:, None]).T


def numpy_lstm_step(w, x, h, c):
    """The equations with one column vector per batch item: W [h, x] + b per gate."""
    hidden = h.shape[1]
    gate = {}
    for k, name in enumerate("ifgo"):
        rows = slice(k * hidden, (k + 1) * hidden)
        W = np.concatenate([w["W_h"][rows], w["W_x"][rows]], axis=1)   # W acting on [h, x]
        gate[name] = W @ np.concatenate([h, x], axis=1).T + w["b"][rows, None]
    i, f, o = sigmoid(gate["i"]), sigmoid(gate["f"]), sigmoid(gate["o"])
    g = np.tanh(gate["g"])
    c_next = f * c.T + i * g
    return (o * np.tanh(c_next)).T, c_next.T


def numpy_gru_step(w, x, h, reset_after=False):
    hidden = h.shape[1]
    rows = [slice(k * hidden, (k + 1) * hidden) for k in range(3)]
    z = sigmoid(w["W_x"][rows[0]] @ x.T + w["W_h"][rows[0]] @ h.T + w["b"][rows[0], None])
    r = sigmoid(w["W_x"][rows[1]] @ x.T + w["W_h"][rows[1]] @ h.T + w["b"][rows[1], None])
    if reset_after:
        recurrent = r * (w["W_hc"] @ h.T + w["b_hc"][:, None])
    else:
        recurrent = w["W_hc"] @ (r * h.T)
    candidate = np.tanh(w["W_x"][rows[2]] @ x.T + w["b"][rows[2], None] + recurrent)
    return ((1 - z) * h.T + z * candidate).T


@pytest.fixture
def inputs():
    rng = np.random.default_rng(0)
    return rng.normal(size=(3, 4)), rng.normal(size=(3, 5)), rng.normal(size=(3, 5))


def test_rnn_cell_matches_equations(inputs):
    x, h, _ = inputs
    cell = RNNCell(4, 5).double()
    out = cell(Tensor(x, dtype="float64"), Tensor(h, dtype="float64"))
    np.testing.assert_allclose(out.numpy(), numpy_rnn_step(weights(cell), x, h), rtol=1e-12)


def test_rnn_cell_relu_variant():
    cell = RNNCell(2, 3, nonlinearity="relu")
    x = np.array([[1.0, -2.0]], dtype=np.float32)
    w = weights(cell)
    expected = np.maximum(x @ w["W_xh"].T + w["b"], 0)
    np.testing.assert_allclose(cell(x).numpy(), expected, rtol=1e-6)


def test_lstm_cell_matches_equations(inputs):
    x, h, c = inputs
    cell = LSTMCell(4, 5).double()
    h_next, c_next = cell(Tensor(x, dtype="float64"), (Tensor(h, dtype="float64"),
                                                      Tensor(c, dtype="float64")))
    expected_h, expected_c = numpy_lstm_step(weights(cell), x, h, c)
    np.testing.assert_allclose(c_next.numpy(), expected_c, rtol=1e-12)
    np.testing.assert_allclose(h_next.numpy(), expected_h, rtol=1e-12)


@pytest.mark.parametrize("reset_after", [False, True])
def test_gru_cell_matches_equations(inputs, reset_after):
    x, h, _ = inputs
    cell = GRUCell(4, 5, reset_after=reset_after).double()
    out = cell(Tensor(x, dtype="float64"), Tensor(h, dtype="float64"))
    expected = numpy_gru_step(weights(cell), x, h, reset_after)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12)


def test_the_two_gru_reset_placements_differ(inputs):
    x, h, _ = inputs
    mg.manual_seed(1)
    before = GRUCell(4, 5).double()
    w = weights(before)
    assert not np.allclose(numpy_gru_step(w, x, h), numpy_gru_step({**w, "b_hc": 0 * w["b"][:5]},
                                                                   x, h, reset_after=True))


CELLS = {
    "rnn": lambda: RNNCell(3, 4), "lstm": lambda: LSTMCell(3, 4), "gru": lambda: GRUCell(3, 4),
    "gru_reset_after": lambda: GRUCell(3, 4, reset_after=True),
}


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_cell_passes_gradcheck_for_inputs_state_and_every_weight(kind):
    mg.manual_seed(2)
    cell = CELLS[kind]().double()
    rng = np.random.default_rng(3)
    x = Tensor(rng.normal(size=(2, 3)), dtype="float64", requires_grad=True)
    h = Tensor(rng.normal(size=(2, 4)), dtype="float64", requires_grad=True)
    if kind == "lstm":
        c = Tensor(rng.normal(size=(2, 4)), dtype="float64", requires_grad=True)
        gradcheck(lambda x, h, c, *_: mg.concat(cell(x, (h, c)), axis=1), x, h, c,
                  *cell.parameters())
    else:
        gradcheck(lambda x, h, *_: cell(x, h), x, h, *cell.parameters())


def unfused_lstm_step(cell, x, h, c):
    """The LSTM written gate by gate, each with its own matmuls on slices of the weights."""
    hidden = cell.hidden_size
    gate = []
    for k in range(4):
        rows = slice(k * hidden, (k + 1) * hidden)
        gate.append(x @ cell.W_x[rows].T + h @ cell.W_h[rows].T + cell.b[rows])
    i, f, g, o = gate[0].sigmoid(), gate[1].sigmoid(), gate[2].tanh(), gate[3].sigmoid()
    c_next = f * c + i * g
    return o * c_next.tanh(), c_next


def unfused_gru_step(cell, x, h):
    hidden = cell.hidden_size
    rows = [slice(k * hidden, (k + 1) * hidden) for k in range(3)]
    z = (x @ cell.W_x[rows[0]].T + h @ cell.W_h[rows[0]].T + cell.b[rows[0]]).sigmoid()
    r = (x @ cell.W_x[rows[1]].T + h @ cell.W_h[rows[1]].T + cell.b[rows[1]]).sigmoid()
    if cell.reset_after:
        recurrent = r * (h @ cell.W_hc.T + cell.b_hc)
    else:
        recurrent = (r * h) @ cell.W_hc.T
    candidate = (x @ cell.W_x[rows[2]].T + recurrent + cell.b[rows[2]]).tanh()
    return (1 - z) * h + z * candidate


def gradients_after(loss, cell):
    cell.zero_grad()
    loss.backward()
    return [host(p.grad) for p in cell.parameters()]


def test_fused_lstm_cell_equals_the_gate_by_gate_cell(inputs):
    x, h, c = (Tensor(a, dtype="float64") for a in inputs)
    cell = LSTMCell(4, 5).double()
    fused_h, fused_c = cell(x, (h, c))
    plain_h, plain_c = unfused_lstm_step(cell, x, h, c)
    np.testing.assert_allclose(fused_h.numpy(), plain_h.numpy(), rtol=1e-12)
    np.testing.assert_allclose(fused_c.numpy(), plain_c.numpy(), rtol=1e-12)
    for fused, plain in zip(gradients_after((fused_h * fused_c).sum(), cell),
                            gradients_after((plain_h * plain_c).sum(), cell)):
        np.testing.assert_allclose(fused, plain, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("read", ["h", "c"])
def test_fused_lstm_step_sends_gradients_when_only_one_output_is_read(inputs, read):
    """The fused step has two outputs; backward must work when no gradient reaches the other."""
    x, h, c = (Tensor(a, dtype="float64", requires_grad=True) for a in inputs)
    cell = LSTMCell(4, 5).double()
    which = 0 if read == "h" else 1
    results = []
    for step in (lambda: cell(x, (h, c)), lambda: unfused_lstm_step(cell, x, h, c)):
        for tensor in (x, h, c):
            tensor.zero_grad()
        (step()[which] ** 2).sum().backward()
        results.append([host(t.grad) for t in (x, h, c)])
    for fused, plain in zip(*results):
        np.testing.assert_allclose(fused, plain, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("reset_after", [False, True])
def test_fused_gru_cell_equals_the_gate_by_gate_cell(inputs, reset_after):
    x, h, _ = (Tensor(a, dtype="float64") for a in inputs)
    cell = GRUCell(4, 5, reset_after=reset_after).double()
    fused, plain = cell(x, h), unfused_gru_step(cell, x, h)
    np.testing.assert_allclose(fused.numpy(), plain.numpy(), rtol=1e-12)
    for a, b in zip(gradients_after((fused ** 2).sum(), cell),
                    gradients_after((plain ** 2).sum(), cell)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def unrolled_loss(cell, xs, step, extras):
    """Σ_t Σ h_t^2 over the unrolled cell, plus W_h used elementwise (an ordinary gradient) and
    indexed (a partial one), one before the steps and one after, so that they reach W_h's sum of
    per-step products (the fused steps' `Products`) first, last, or not at all."""
    uses = {"dense": lambda: (cell.W_h * cell.W_h).sum(), "indexed": lambda: cell.W_h[1].sum() * 3}
    loss = sum(uses[name]() for name in extras[:1])
    state = cell.zeros(xs.shape[1])
    if isinstance(cell, LSTMCell):
        state = (state, cell.zeros(xs.shape[1]))
    for t in range(xs.shape[0]):
        state = step(cell, xs[t], *(state if isinstance(state, tuple) else (state,)))
        h = state[0] if isinstance(state, tuple) else state
        loss = loss + (h * h).sum()
    return loss + sum(uses[name]() for name in extras[1:])


FUSED_AND_PLAIN = {"lstm": (lambda cell, x, h, c: cell(x, (h, c)), unfused_lstm_step),
                   "gru": (lambda cell, x, h: cell(x, h), unfused_gru_step)}


@pytest.mark.parametrize("kind", ["lstm", "gru", "gru, reset after"])
@pytest.mark.parametrize("steps", [1, 7, 40])  # 40 steps of 8 rows: 256 rows multiplied out, a rest
@pytest.mark.parametrize("extras", [(), ("dense", "indexed"), ("indexed", "dense")])
def test_unrolled_fused_cells_sum_the_weight_gradients_of_every_step(kind, steps, extras):
    cell = (LSTMCell(4, 5) if kind == "lstm" else
            GRUCell(4, 5, reset_after=kind.endswith("after"))).double()
    xs = Tensor(np.random.default_rng(steps).normal(size=(steps, 8, 4)), dtype="float64")
    fused, plain = FUSED_AND_PLAIN[kind.split(",")[0]]
    for got, want in zip(gradients_after(unrolled_loss(cell, xs, fused, extras), cell),
                         gradients_after(unrolled_loss(cell, xs, plain, extras), cell)):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_a_batched_weight_gradient_reaches_hooks_and_shares_no_array():
    cell = GRUCell(3, 4).double()
    seen = []
    cell.W_h.register_hook(lambda g: seen.append(host(g).copy()))
    twin = Tensor(np.zeros(cell.W_h.shape), dtype="float64", requires_grad=True)
    xs = Tensor(np.random.default_rng(0).normal(size=(70, 4, 3)), dtype="float64")  # 280 rows

    def loss(step):  # W_h + twin, added last, hands one array to both: W_h's first arrival
        return unrolled_loss(cell, xs, step, ()) + (cell.W_h + twin).sum()
    plain = gradients_after(loss(unfused_gru_step), cell)
    seen.clear()
    twin.zero_grad()
    fused = gradients_after(loss(FUSED_AND_PLAIN["gru"][0]), cell)
    names = [name for name, _ in cell.named_parameters()]
    assert len(seen) == 1
    np.testing.assert_allclose(seen[0], fused[names.index("W_h")], rtol=0, atol=0)
    for got, want in zip(fused, plain):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert np.all(host(twin.grad) == 1)  # the steps' products were added into W_h's own copy


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_size_one_batch_and_hidden_work(kind):
    cell = {"rnn": RNNCell, "lstm": LSTMCell, "gru": GRUCell}[kind](1, 1).double()
    x = Tensor([[0.5]], dtype="float64", requires_grad=True)
    out = cell(x)
    hidden = out[0] if kind == "lstm" else out
    assert hidden.shape == (1, 1)
    gradcheck(lambda x, *_: cell(x)[0] if kind == "lstm" else cell(x), x, *cell.parameters())


def test_a_missing_state_starts_from_zeros(inputs):
    x = inputs[0]
    cell = LSTMCell(4, 5)
    zeros = Tensor(np.zeros((3, 5)))
    for a, b in zip(cell(x), cell(x, (zeros, zeros))):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_forget_bias_initialisation():
    cell = LSTMCell(2, 3, forget_bias=1.0)
    assert (cell.b.numpy()[3:6] == 1.0).all() and not (cell.b.numpy()[:3] == 1.0).all()


def test_initialisation_is_uniform_in_one_over_sqrt_hidden_and_seeded():
    mg.manual_seed(7)
    first = LSTMCell(10, 16)
    mg.manual_seed(7)
    second = LSTMCell(10, 16)
    for a, b in zip(first.parameters(), second.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        assert np.abs(a.numpy()).max() <= 0.25 and np.abs(a.numpy()).max() > 0.2


def test_a_step_with_the_wrong_input_size_is_explained():
    with pytest.raises(ShapeError, match=r"LSTMCell\(4, 5\): one step takes x of shape \(batch, 4\)"
                                         r", got \(3, 7\)"):
        LSTMCell(4, 5)(np.zeros((3, 7)))
