"""What a learner coming from PyTorch writes, and the result minigrad gives: PyTorch's result
wherever minigrad has one (the bad inputs, and their errors, are in test_errors.py). Values are
checked against NumPy or the math here; test_torch_parity.py compares with PyTorch itself when
it is installed."""
import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad import Tensor, gradcheck, nn, optim
from minigrad import functional as F
from minigrad.nn.fused import lstm_step
from minigrad.ops.elementwise import sigmoid_of

from devices import host

pytestmark = pytest.mark.usefixtures("each_device")

rng = np.random.default_rng(0)
A = rng.normal(size=(3, 4)).astype(np.float32)


class TestComparisons:
    @pytest.mark.parametrize("symbol", ["==", "!=", "<", "<=", ">", ">="])
    def test_each_comparison_is_elementwise_with_broadcasting(self, symbol):
        row = A[1]
        compare = eval(f"lambda a, b: a {symbol} b")
        out = compare(Tensor(A), Tensor(row))
        assert out.dtype == np.bool_ and out.shape == (3, 4)
        np.testing.assert_array_equal(out.numpy(), compare(A, row))
        np.testing.assert_array_equal(compare(Tensor(A), 0.5).numpy(), compare(A, 0.5))

    def test_comparisons_record_no_gradient(self):
        x = Tensor(A, requires_grad=True)
        assert not (x > 0).requires_grad and (x > 0).is_leaf

    def test_the_accuracy_idiom(self):
        predictions = Tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
        labels = np.array([1, 0, 0, 0])
        correct = predictions.argmax(axis=1) == labels
        assert correct.tolist() == [True, True, False, True]
        assert correct.sum().item() == 3 and correct.sum().dtype == np.int64
        accuracy = correct.mean()
        assert accuracy.dtype == np.float32 and accuracy.item() == 0.75
        assert correct.float().mean().item() == 0.75
        assert (predictions.argmax(axis=1) == mg.Tensor(labels)).mean().item() == 0.75

    def test_a_numpy_array_on_the_left(self):
        assert (np.array([1.0, 5.0]) < Tensor([2.0, 2.0])).tolist() == [True, False]

    def test_comparing_with_none_or_text_is_false_as_in_python(self):
        x = Tensor([1.0])
        assert (x == None) is False and (x != "a") is True  # noqa: E711

    def test_logic_on_masks(self):
        x = Tensor([-2.0, -0.5, 0.5, 2.0])
        inside = (x > -1) & (x < 1)
        assert inside.tolist() == [False, True, True, False]
        assert ((x < -1) | (x > 1)).tolist() == [True, False, False, True]
        assert ((x > 0) ^ (x > 1)).tolist() == [False, False, True, False]
        assert (~inside).tolist() == [True, False, False, True]
        assert (np.array([True, False, True, True]) & inside).tolist() == [False, False, True, False]
        assert inside.any().item() and not inside.all().item()
        assert (x > -3).all(axis=0).item()

    def test_a_mask_indexes_and_its_gradient_goes_to_the_picked_places(self):
        x = Tensor([-1.0, 2.0, -3.0, 4.0], requires_grad=True)
        x[x > 0].sum().backward()
        assert host(x.grad).tolist() == [0, 1, 0, 1]

    def test_hashing_stays_by_identity(self):
        a, b = Tensor([1.0]), Tensor([1.0])
        table = {a: "a", b: "b"}
        assert table[a] == "a" and table[b] == "b" and len({a, b, a}) == 2
        assert a in [a] and hash(a) != hash(b)


class TestOneNumberConversions:
    def test_float_int_bool_and_item(self):
        loss = Tensor([[2.75]])
        assert float(loss) == 2.75 and isinstance(float(loss), float)
        assert int(Tensor(-2.7)) == -2 and int(Tensor(2.7)) == 2          # toward zero, as torch
        assert bool(Tensor([0.0])) is False and bool(Tensor(3.0)) is True
        if Tensor(1.0) > Tensor(0.5):
            assert loss.item() == 2.75

    def test_format_spec_formats_the_number(self):
        loss = Tensor(0.123456)
        assert f"{loss:.4f}" == "0.1235" and f"{loss:>8.2f}" == "    0.12"
        assert f"{Tensor([1.0, 2.0])}" == str(Tensor([1.0, 2.0]))

    def test_an_integer_tensor_is_an_index(self):
        assert [10, 20, 30][Tensor(np.array(2))] == 30
        assert list(range(Tensor(np.array([3])))) == [0, 1, 2]

    def test_tolist_numel_and_size(self):
        x = Tensor(A)
        assert x.numel() == 12 and Tensor([[1.0, 2.0]]).tolist() == [[1.0, 2.0]]
        assert x.size == 12 and x.size + 1 == 13                  # NumPy's count of elements
        assert x.size() == (3, 4) and x.size(1) == 4 and x.size(-2) == 3   # PyTorch's calls

    def test_fit_takes_the_loss_tensor_or_a_number(self):
        w = Tensor([3.0], requires_grad=True)
        optimizer = optim.SGD([w], lr=0.25)

        def step():
            loss = (w * w).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            return loss
        losses = mg.fit(step, steps=3)
        assert losses == [9.0, 2.25, 0.5625] and all(type(v) is float for v in losses)
        assert mg.fit(lambda: 1, steps=2) == [1.0, 1.0]


def test_a_hook_may_return_a_tensor_as_in_pytorch():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.register_hook(lambda g: Tensor(g) * 0.5)
    y.sum().backward()
    assert host(x.grad).tolist() == [1.5, 1.5]


class TestTensorMethods:
    def test_pytorch_names_give_numpys_results(self):
        x = Tensor(A)
        np.testing.assert_array_equal(x.abs().numpy(), np.abs(A))
        np.testing.assert_array_equal(x.clamp(min=-0.5, max=0.5).numpy(), np.clip(A, -0.5, 0.5))
        np.testing.assert_array_equal(x.clamp(max=0.0).numpy(), np.minimum(A, 0))
        assert x.unsqueeze(0).shape == (1, 3, 4) and x.unsqueeze(-1).shape == (3, 4, 1)
        assert x.view(4, 3).shape == (4, 3) and x.view(-1).shape == (12,)
        np.testing.assert_array_equal(x.permute(1, 0).numpy(), A.T)
        assert x.flatten().shape == (12,) and Tensor(np.ones((2, 3, 4))).flatten(1).shape == (2, 12)
        assert Tensor(np.ones((2, 3, 4, 5))).flatten(1, 2).shape == (2, 12, 5)
        assert Tensor(2.0).flatten().shape == (1,)
        assert x.long().dtype == np.int64 and x.long().tolist() == A.astype(np.int64).tolist()

    def test_squeeze_as_pytorch_does(self):
        x = Tensor(np.ones((1, 3, 1, 2)))
        assert x.squeeze().shape == (3, 2)
        assert x.squeeze(0).shape == (3, 1, 2) and x.squeeze((0, 2)).shape == (3, 2)
        assert x.squeeze(1).shape == (1, 3, 1, 2)        # not of size 1: left as it is

    def test_gradients_flow_through_the_new_shape_methods(self):
        x = Tensor(rng.normal(size=(2, 1, 3)), dtype="float64", requires_grad=True)
        gradcheck(lambda x: x.squeeze(1).unsqueeze(0).permute(2, 1, 0).flatten().view(3, 2)
                  .clamp(-0.5, 0.5).abs(), x)

    def test_dim_and_keepdim_are_accepted_as_in_pytorch(self):
        x = Tensor(A)
        np.testing.assert_allclose(x.sum(dim=1, keepdim=True).numpy(), A.sum(1, keepdims=True),
                                   rtol=1e-6)
        np.testing.assert_allclose(x.mean(dim=0).numpy(), A.mean(0), rtol=1e-6)
        assert x.argmax(dim=1).tolist() == A.argmax(1).tolist()
        np.testing.assert_allclose(x.softmax(dim=0).numpy().sum(0), np.ones(4), rtol=1e-6)
        np.testing.assert_allclose(mg.log_softmax(x, dim=0).numpy(),
                                   x.log_softmax(axis=0).numpy())
        assert mg.concat([x, x], dim=1).shape == (3, 8) and mg.stack([x, x], dim=2).shape == (3, 4, 2)

    def test_to_takes_a_dtype_first_as_pytorch_does(self):
        assert Tensor([1.0]).to("float64").dtype == np.float64
        assert Tensor([1.5]).to("int64").tolist() == [1]

    def test_where_with_two_numbers(self):
        x = Tensor([-1.0, 2.0])
        assert mg.where(x > 0, 1.0, 0.0).tolist() == [0.0, 1.0]

    def test_an_integer_tensor_meeting_a_float_gives_float32(self):
        counts = Tensor(np.array([1, 4]))
        assert (counts ** 0.5).dtype == np.float32 and (counts * 0.5).dtype == np.float32
        assert (counts ** 0.5).tolist() == [1.0, 2.0]


class TestInPlaceChanges:
    def test_manual_sgd_inside_no_grad_updates_the_model(self):
        mg.manual_seed(0)
        by_hand = nn.Linear(3, 2)
        mg.manual_seed(0)
        by_optimizer = nn.Linear(3, 2)
        optimizer = optim.SGD(by_optimizer.parameters(), lr=0.1)
        for model in (by_hand, by_optimizer):
            model(np.ones((4, 3))).tanh().sum().backward()
        with mg.no_grad():
            for p in by_hand.parameters():
                p -= 0.1 * Tensor(p.grad)
        optimizer.step()
        for a, b in zip(by_hand.parameters(), by_optimizer.parameters()):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)

    def test_a_tensor_you_made_changes_in_place(self):
        x = mg.zeros(4)
        x[1] = 5.0
        x[Tensor(np.array([2, 3]))] = Tensor([1.0, 2.0])
        x += 1
        x *= 2
        assert x.tolist() == [2.0, 12.0, 4.0, 6.0]

    def test_training_steps_in_the_right_order_raise_nothing(self):
        lstm, head = nn.LSTM(2, 4), nn.Linear(4, 1)
        optimizer = optim.Adam(lstm.parameters() + head.parameters(), lr=0.01)
        state = None
        for _ in range(3):
            output, state = lstm(np.ones((5, 2, 2)), state)
            state = nn.detach_state(state)
            loss = F.mse_loss(head(output[-1]), np.zeros((2, 1)))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    def test_a_graph_older_than_a_step_is_fine_when_nothing_it_used_changed(self):
        """The check looks at the tensors each op used, not at the clock alone: w1's product
        was computed before w2's update, and nothing it used has changed."""
        w1, w2 = mg.ones(2, requires_grad=True), mg.ones(2, requires_grad=True)
        early = w1 * Tensor([3.0, 4.0])
        w2.grad = w2.xp.ones(2, dtype=w2.dtype)
        optimizer = optim.SGD([w2], lr=0.5)
        optimizer.step()
        optimizer.zero_grad()
        (early * w2).sum().backward()
        assert host(w1.grad).tolist() == [1.5, 2.0] and host(w2.grad).tolist() == [3.0, 4.0]

    def test_moving_a_model_where_it_already_is_changes_nothing(self):
        layer = nn.Linear(3, 2)
        loss = layer(np.ones((1, 3))).sum()
        layer.to(mg.get_backend(layer.weight.device).device)
        loss.backward()


class TestNumerics:
    def test_sigmoid_keeps_full_precision_for_large_negative_inputs(self):
        z = np.array([-17.0, -30.0, -87.0, 0.0, 5.0, 30.0])
        exact = np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))           # float64
        np.testing.assert_allclose(mg.sigmoid(Tensor(z)).numpy(), exact, rtol=1e-6)
        assert mg.sigmoid(Tensor(z)).numpy()[0] == pytest.approx(4.1399377e-8, rel=1e-6)
        below = mg.sigmoid(Tensor([-100.0, -1e4])).numpy()  # σ below the smallest normal float:
        assert below.tolist() == [mg.sigmoid(Tensor(-88.0)).item()] * 2 and below[0] < 1e-38

    def test_sigmoid_never_overflows_in_either_dtype(self):
        for dtype in ("float32", "float64"):
            x = Tensor([-1e4, -1000.0, 1000.0, 1e4], dtype=dtype)
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                out = x.sigmoid()
            assert out.dtype == dtype and out.tolist()[2:] == [1.0, 1.0]
            np.testing.assert_allclose(out.numpy()[:2], 0.0, rtol=0, atol=1e-38)

    def test_log_of_sigmoid_has_a_finite_gradient_far_below_zero(self):
        x = Tensor([-50.0, -80.0], requires_grad=True)
        x.sigmoid().log().sum().backward()
        np.testing.assert_allclose(host(x.grad), [1.0, 1.0], rtol=1e-6)   # d/dx log σ = 1 - σ

    def test_the_fused_lstm_step_uses_the_precise_sigmoid(self):
        """With every gate's pre-activation at -30, c_t = i * g = σ(-30) tanh(-30) ≈ -9.4e-14,
        which the old (1 + tanh(z/2)) / 2 rounded to 0 in float32."""
        hidden = 2
        zeros = Tensor(np.zeros((1, hidden)))
        bias_only = Tensor(np.full(4 * hidden, -30.0))  # zero weights: z is the bias
        _, c = lstm_step(zeros, zeros, zeros, Tensor(np.zeros((4 * hidden, hidden))),
                         Tensor(np.zeros((4 * hidden, hidden))), bias_only)
        expected = np.exp(-30.0) / (1 + np.exp(-30.0)) * np.tanh(-30.0)
        np.testing.assert_allclose(c.numpy(), np.full((1, hidden), expected), rtol=1e-6)
        np.testing.assert_allclose(host(sigmoid_of(Tensor([-30.0]).data, Tensor([0.0]).xp)),
                                   [np.exp(-30.0) / (1 + np.exp(-30.0))], rtol=1e-6)

    def test_pow_gradients_at_zero_are_pytorchs(self):
        x = Tensor([0.0, 2.0], requires_grad=True)
        (x ** 0).sum().backward()
        assert host(x.grad).tolist() == [0.0, 0.0]
        base = Tensor([0.0, 0.0, 0.0, 0.0], requires_grad=True)
        exponent = Tensor([0.0, 2.0, -1.0, 0.5], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # 0 ** -2 is a true infinity
            (base ** exponent).sum().backward()
        assert host(base.grad).tolist() == [0.0, 0.0, -np.inf, np.inf]
        assert host(exponent.grad).tolist() == [0.0, 0.0, -np.inf, 0.0]

    def test_pow_gradients_elsewhere_are_unchanged(self):
        a = Tensor(rng.uniform(0.5, 2.0, size=(2, 3)), dtype="float64", requires_grad=True)
        b = Tensor(rng.normal(size=(3,)), dtype="float64", requires_grad=True)
        gradcheck(lambda a, b: a ** b, a, b)


class TestEmptyBatches:
    def test_losses_of_an_empty_batch_are_pytorchs(self):
        logits = mg.zeros(0, 3, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            mean = F.cross_entropy(logits, np.zeros(0, dtype=int))
            total = F.cross_entropy(logits, np.zeros(0, dtype=int), reduction="sum")
            mse = F.mse_loss(mg.zeros(0, 2, requires_grad=True), np.zeros((0, 2)))
            mean.backward()
        assert np.isnan(mean.item()) and total.item() == 0.0 and np.isnan(mse.item())
        assert host(logits.grad).shape == (0, 3)

    def test_shaping_and_reducing_an_empty_batch(self):
        empty = mg.zeros(0, 4)
        assert empty.softmax().shape == (0, 4) and empty.log_softmax(axis=0).shape == (0, 4)
        assert [part.shape for part in empty.split(2, axis=1)] == [(0, 2), (0, 2)]
        assert [part.shape for part in empty.split(2, axis=0)] == [(0, 4), (0, 4)]
        assert empty.max(axis=1).shape == (0,) and empty.sum().item() == 0.0
        assert empty.argmax(axis=1).shape == (0,)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert np.isnan(empty.mean(axis=0).numpy()).all() and empty.mean(axis=0).shape == (4,)


class TestRecurrentStates:
    @pytest.mark.parametrize("make", [lambda: nn.LSTM(2, 3), lambda: nn.LSTMCell(2, 3)],
                             ids=["LSTM", "LSTMCell"])
    def test_a_list_state_is_a_tuple_and_keeps_the_gradient(self, make):
        mg.manual_seed(0)
        model = make().double()
        is_layer = isinstance(model, nn.LSTM)
        x = rng.normal(size=(4, 2, 2) if is_layer else (2, 2))
        start = rng.normal(size=(2, 1, 2, 3) if is_layer else (2, 2, 3))
        results = {}
        for form in (tuple, list):
            h0, c0 = (Tensor(part, dtype="float64", requires_grad=True) for part in start)
            out = model(x, form([h0, c0]))
            out = out[0] if is_layer else out[1]
            (out ** 2).sum().backward()
            results[form] = (out.numpy(), host(h0.grad), host(c0.grad))
        for as_tuple, as_list in zip(results[tuple], results[list]):
            np.testing.assert_array_equal(as_list, as_tuple)
        assert np.abs(results[list][2]).min() > 0           # the gradient reached c0

    @pytest.mark.parametrize("layer_type", [nn.RNN, nn.GRU])
    @pytest.mark.parametrize("num_layers", [1, 2])
    def test_chapter_6s_truncated_bptt_loop_runs_with_rnn_and_gru(self, layer_type, num_layers):
        """The loop chapter 6 writes for an LSTM, with nn.RNN swapped in as it suggests."""
        layer = layer_type(3, 4, num_layers=num_layers)
        optimizer, state = optim.Adam(layer.parameters(), lr=0.01), None
        outputs = []
        for _ in range(3):
            output, state = layer(np.ones((5, 2, 3)), state)
            state = tuple(s.detach() for s in state)            # truncated BPTT
            optimizer.zero_grad()
            output.sum().backward()
            optimizer.step()
            outputs.append(output.numpy())
        assert isinstance(state, tuple) and [s.shape for s in state] == [(2, 4)] * num_layers

    @pytest.mark.parametrize("layer_type", [nn.RNN, nn.GRU])
    def test_per_cell_slices_give_the_same_result_as_the_stacked_state(self, layer_type):
        layer = layer_type(3, 4, num_layers=2, bidirectional=True).double()
        x = Tensor(rng.normal(size=(5, 2, 3)), dtype="float64")
        h0 = Tensor(rng.normal(size=(4, 2, 4)), dtype="float64")
        stacked, _ = layer(x, h0)
        sliced, _ = layer(x, [h0[k] for k in range(4)])
        np.testing.assert_array_equal(stacked.numpy(), sliced.numpy())

    def test_detach_state_keeps_the_form_and_cuts_the_graph(self):
        h = Tensor(np.ones((1, 2, 3)), requires_grad=True) * 2
        assert nn.detach_state(None) is None
        assert not nn.detach_state(h).requires_grad
        pair = nn.detach_state((h, h))
        assert isinstance(pair, tuple) and not any(part.requires_grad for part in pair)
        as_list = nn.detach_state([h, (h, h)])
        assert isinstance(as_list, list) and isinstance(as_list[1], tuple)
        np.testing.assert_array_equal(pair[0].numpy(), h.numpy())

    def test_a_linear_layer_takes_a_list(self):
        layer = nn.Linear(2, 3)
        expected = np.array([1.0, 2.0]) @ layer.weight.numpy().T + layer.bias.numpy()
        np.testing.assert_allclose(layer([1.0, 2.0]).numpy(), expected, rtol=1e-6)


class TestModules:
    def test_a_module_that_refers_to_itself(self):
        model = nn.Sequential(nn.Linear(2, 3), nn.Tanh())
        model.me = model
        model.layers.append(model)
        assert [name for name, _ in model.named_parameters()] == ["layers.0.weight",
                                                                  "layers.0.bias"]
        assert len(model.modules()) == 3 and len(model.state_dict()) == 2
        assert "<the Sequential above>" in repr(model)
        model.eval()
        assert not model.layers[0].training

    def test_save_and_load_use_the_name_given(self, tmp_path):
        saved = nn.Linear(2, 3)
        saved.save(tmp_path / "model")
        assert (tmp_path / "model").exists() and not (tmp_path / "model.npz").exists()
        loaded = nn.Linear(2, 3).load(tmp_path / "model")
        np.testing.assert_array_equal(loaded.weight.numpy(), saved.weight.numpy())
        saved.save(str(tmp_path / "model.npz"))
        np.testing.assert_array_equal(nn.Linear(2, 3).load(tmp_path / "model.npz").bias.numpy(),
                                      saved.bias.numpy())
