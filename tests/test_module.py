"""Module: parameters found by attribute, modes, devices and dtypes, saving and loading; and the
feed-forward layers."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import DtypeError, ShapeError, Tensor, gradcheck
from minigrad.nn import (LSTM, Dropout, Embedding, Linear, Module, Parameter, ReLU, Sequential,
                         Sigmoid, Tanh)

pytestmark = pytest.mark.usefixtures("each_device")


class Classifier(Module):
    def __init__(self):
        self.encoder = LSTM(3, 4)
        self.heads = [Linear(4, 2), Linear(4, 5)]
        self.extra = {"scale": Parameter(np.ones(1))}
        self.shared = self.heads[0]
        self.dropout = Dropout(0.5)
        self.not_a_parameter = Tensor([1.0])

    def forward(self, x):
        _, (h, _) = self.encoder(x)
        return self.heads[0](self.dropout(h[0])) * self.extra["scale"]


def test_parameters_are_found_in_attributes_lists_and_dicts_once_each():
    model = Classifier()
    names = [name for name, _ in model.named_parameters()]
    assert names == ["encoder.cells.0.W_x", "encoder.cells.0.W_h", "encoder.cells.0.b",
                     "heads.0.weight", "heads.0.bias", "heads.1.weight", "heads.1.bias",
                     "extra.scale"]
    assert model.num_parameters() == 4 * 4 * 3 + 4 * 4 * 4 + 16 + 4 * 2 + 2 + 4 * 5 + 5 + 1


def test_train_and_eval_reach_every_submodule():
    model = Classifier().eval()
    assert all(not m.training for m in model.modules())
    model.train()
    assert model.dropout.training and model.heads[1].training


def test_zero_grad_clears_every_gradient():
    model = Classifier()
    model(np.ones((2, 1, 3))).sum().backward()
    assert all(p.grad is not None for p in model.encoder.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_state_dict_round_trips_exactly_through_a_file(tmp_path):
    mg.manual_seed(0)
    saved = Classifier()
    saved.save(tmp_path / "model.npz")
    mg.manual_seed(1)
    loaded = Classifier().load(tmp_path / "model.npz")
    for (name, a), (_, b) in zip(saved.named_parameters(), loaded.named_parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=name)
        assert b.dtype == np.float32


def test_loading_a_mismatched_state_changes_nothing(tmp_path):
    small, big = Sequential(Linear(2, 3)), Sequential(Linear(2, 4))
    big.save(tmp_path / "big.npz")
    before = small.state_dict()
    with pytest.raises(ShapeError, match=r"layers.0.weight has shape \(4, 2\) in the state but "
                                         r"\(3, 2\) in the model"):
        small.load(tmp_path / "big.npz")
    state = big.state_dict()
    state["layers.0.weight"] = before["layers.0.weight"] * 0  # right shape, but the bias is wrong
    with pytest.raises(ShapeError):
        small.load_state_dict(state)
    for name, value in small.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_loading_a_state_of_another_model_names_the_missing_and_unexpected_keys():
    with pytest.raises(KeyError, match=r"missing \['layers.1.bias', 'layers.1.weight'\], "
                                       r"unexpected nothing"):
        Sequential(Linear(2, 3), Linear(3, 1)).load_state_dict(Sequential(Linear(2, 3))
                                                               .state_dict())


def test_to_float64_converts_every_parameter_in_place():
    model = Sequential(Linear(2, 3), Tanh(), Linear(3, 1)).double()
    assert all(p.dtype == np.float64 for p in model.parameters())
    x = Tensor(np.random.default_rng(0).normal(size=(4, 2)), dtype="float64", requires_grad=True)
    gradcheck(lambda x, *_: model(x), x, *model.parameters())


def test_linear_is_x_times_w_transposed_plus_b():
    layer = Linear(3, 2)
    x = np.random.default_rng(0).normal(size=(5, 3)).astype(np.float32)
    expected = x @ layer.weight.numpy().T + layer.bias.numpy()
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-6)
    assert Linear(3, 2, bias=False).num_parameters() == 6
    with pytest.raises(ShapeError, match=r"Linear\(3, 2\): expects inputs whose last axis has "
                                         r"size 3, got shape \(5, 4\)"):
        layer(np.zeros((5, 4)))


def test_embedding_picks_rows_and_scatter_adds_their_gradients():
    table = Embedding(5, 2)
    tokens = np.array([[1, 3], [1, 1]])
    out = table(tokens)
    np.testing.assert_array_equal(out.numpy(), table.weight.numpy()[tokens])
    out.sum().backward()
    assert table.weight.grad[:, 0].tolist() == [0, 3, 0, 1, 0]
    with pytest.raises(DtypeError, match="integer token indices"):
        table(np.array([0.5]))
    with pytest.raises(ValueError, match=r"must lie in \[0, 4\], got 0 to 7"):
        table(np.array([0, 7]))


def test_dropout_scales_in_training_and_is_the_identity_in_eval():
    mg.manual_seed(0)
    dropout = Dropout(0.25)
    x = mg.ones(1000, 10)
    out = dropout(x).numpy()
    assert set(np.unique(out)) == {0.0, np.float32(1 / 0.75)}
    assert abs((out == 0).mean() - 0.25) < 0.02
    dropout.eval()
    assert dropout(x) is x
    with pytest.raises(ValueError, match="0 <= p < 1"):
        Dropout(1.0)


def test_activation_modules_and_sequential():
    x = Tensor([-1.0, 0.5])
    assert ReLU()(x).numpy().tolist() == [0.0, 0.5]
    np.testing.assert_allclose(Sigmoid()(x).numpy(), 1 / (1 + np.exp([1.0, -0.5])), rtol=1e-6)
    model = Sequential(Linear(2, 3), Tanh())
    assert len(model) == 2 and isinstance(model[1], Tanh)
    assert "Linear(2, 3, bias=True)" in repr(model)


def test_a_module_without_forward_says_so():
    with pytest.raises(NotImplementedError, match="Module has no forward"):
        Module()(1)
