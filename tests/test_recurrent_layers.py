"""Sequence layers: the same as running their cells by hand, for stacked, bidirectional and
batch-first layouts, and correct gradients through time."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import ShapeError, Tensor, gradcheck
from minigrad.nn import GRU, LSTM, RNN

from devices import host

pytestmark = pytest.mark.usefixtures("each_device")

LAYERS = {"rnn": RNN, "lstm": LSTM, "gru": GRU}


def sequence(T=5, B=3, F=4, seed=0, dtype="float64"):
    return Tensor(np.random.default_rng(seed).normal(size=(T, B, F)), dtype=dtype)


def hidden_of(state):
    return state[0] if isinstance(state, tuple) else state


def run_by_hand(layer, x):
    """Unroll the layer's cells explicitly: forward cell on t = 0..T-1, reverse on T-1..0."""
    T = x.shape[0]
    steps = [x[t] for t in range(T)]
    finals = []
    for layer_index in range(layer.num_layers):
        outputs = []
        for direction in range(layer.directions):
            cell = layer.cells[layer_index * layer.directions + direction]
            state, hiddens = None, {}
            for t in (range(T) if direction == 0 else range(T - 1, -1, -1)):
                state = cell(steps[t], state)
                hiddens[t] = hidden_of(state)
            outputs.append([hiddens[t] for t in range(T)])
            finals.append(hidden_of(state))
        steps = [mg.concat([o[t] for o in outputs], axis=1) for t in range(T)]
    return mg.stack(steps), mg.stack(finals)


@pytest.mark.parametrize("kind", sorted(LAYERS))
@pytest.mark.parametrize("num_layers,bidirectional", [(1, False), (2, False), (1, True), (2, True)])
def test_layer_equals_its_cells_unrolled_by_hand(kind, num_layers, bidirectional):
    layer = LAYERS[kind](4, 6, num_layers=num_layers, bidirectional=bidirectional).double()
    x = sequence()
    output, state = layer(x)
    expected_output, expected_final = run_by_hand(layer, x)
    directions = 2 if bidirectional else 1
    assert output.shape == (5, 3, 6 * directions)
    assert hidden_of(state).shape == (num_layers * directions, 3, 6)
    np.testing.assert_allclose(output.numpy(), expected_output.numpy(), rtol=1e-12)
    np.testing.assert_allclose(hidden_of(state).numpy(), expected_final.numpy(), rtol=1e-12)


def test_the_last_output_step_is_the_final_state_for_one_direction():
    output, (h, c) = LSTM(4, 6)(sequence(dtype="float32"))
    np.testing.assert_array_equal(output.numpy()[-1], h.numpy()[0])


def test_bidirectional_reverse_half_at_step_0_is_its_final_state():
    output, h = GRU(4, 6, bidirectional=True)(sequence(dtype="float32"))
    np.testing.assert_array_equal(output.numpy()[0, :, 6:], h.numpy()[1])


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_batch_first_is_the_same_computation_transposed(kind):
    mg.manual_seed(0)
    time_first = LAYERS[kind](4, 6)
    mg.manual_seed(0)
    batch_first = LAYERS[kind](4, 6, batch_first=True)
    x = sequence(dtype="float32")
    a, _ = time_first(x)
    b, _ = batch_first(x.transpose(1, 0, 2))
    np.testing.assert_allclose(b.numpy(), a.numpy().transpose(1, 0, 2), rtol=1e-6)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_an_initial_state_is_used(kind):
    layer = LAYERS[kind](4, 6, num_layers=2).double()
    x = sequence()
    h0 = Tensor(np.random.default_rng(1).normal(size=(2, 3, 6)), dtype="float64")
    state = (h0, h0 * 0.5) if kind == "lstm" else h0
    without, _ = layer(x)
    with_state, _ = layer(x, state)
    assert not np.allclose(with_state.numpy(), without.numpy())
    # The first cell's first step must start from slice 0 of the given state.
    first_state = (h0[0], (h0 * 0.5)[0]) if kind == "lstm" else h0[0]
    np.testing.assert_allclose(hidden_of(layer.cells[0](x[0], first_state)).numpy(),
                               layer.hidden_states[0][0].numpy(), rtol=1e-12)


@pytest.mark.parametrize("kind", sorted(LAYERS))
@pytest.mark.parametrize("num_layers,bidirectional", [(1, False), (2, True)])
def test_layer_passes_gradcheck_through_time(kind, num_layers, bidirectional):
    mg.manual_seed(3)
    layer = LAYERS[kind](2, 3, num_layers=num_layers, bidirectional=bidirectional).double()
    x = Tensor(np.random.default_rng(4).normal(size=(4, 2, 2)), dtype="float64",
               requires_grad=True)
    gradcheck(lambda x, *_: layer(x)[0], x, *layer.parameters())


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_sequence_batch_and_hidden_of_size_one(kind):
    layer = LAYERS[kind](1, 1).double()
    x = Tensor([[[0.3]]], dtype="float64", requires_grad=True)
    output, _ = layer(x)
    assert output.shape == (1, 1, 1)
    gradcheck(lambda x, *_: layer(x)[0], x, *layer.parameters())


def test_hidden_states_give_dL_dh_t_including_the_recurrent_path():
    rnn = RNN(3, 4).double()
    output, _ = rnn(sequence(T=6, F=3))
    states = [h.retain_grad() for h in rnn.hidden_states[0]]
    loss = output[-1].sum()
    loss.backward()
    # dL/dh_t = W_hh^T diag(1 - h_{t+1}^2) dL/dh_{t+1}: check the chain rule step by step.
    W_hh = rnn.cells[0].W_hh.numpy()
    for t in range(5):
        upstream = host(states[t + 1].grad) * (1 - states[t + 1].numpy() ** 2)
        np.testing.assert_allclose(host(states[t].grad), upstream @ W_hh, rtol=1e-10)


def test_wrong_input_shapes_are_explained():
    with pytest.raises(ShapeError, match=r"LSTM: expects x of shape \(T, B, features\) with 4 "
                                         r"features, got \(5, 3, 2\)"):
        LSTM(4, 6)(np.zeros((5, 3, 2)))
    with pytest.raises(ShapeError, match=r"GRU: the initial state h_0 must have shape .* = \(2, 3, 6\)"):
        GRU(4, 6, num_layers=2)(np.zeros((5, 3, 4)), Tensor(np.zeros((1, 3, 6))))


def test_a_1000_step_lstm_backpropagates():
    layer = LSTM(2, 8)
    x = Tensor(np.random.default_rng(0).normal(size=(1000, 2, 2)))
    output, _ = layer(x)
    output[-1].sum().backward()
    assert all(np.isfinite(host(p.grad)).all() for p in layer.parameters())


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_initial_states_may_be_plain_arrays(kind):
    layer = LAYERS[kind](4, 6).double()
    x = sequence()
    h0 = np.random.default_rng(2).normal(size=(1, 3, 6))
    as_arrays = layer(x, (h0, h0) if kind == "lstm" else h0)[0].numpy()
    as_tensors = layer(x, (Tensor(h0, dtype="float64"),) * 2 if kind == "lstm"
                       else Tensor(h0, dtype="float64"))[0].numpy()
    np.testing.assert_allclose(as_arrays, as_tensors, rtol=1e-12)
