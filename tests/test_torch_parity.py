"""Where PyTorch is installed (it is optional), minigrad's cells and layers give the same outputs
and gradients as torch.nn with the same weights, in float64."""
import warnings

import numpy as np
import pytest

from minigrad import Tensor
from minigrad import functional as F
from minigrad.nn import GRUCell, LSTM, LSTMCell, RNNCell

torch = pytest.importorskip("torch")
TOLERANCE = dict(rtol=1e-5, atol=1e-8)


def to_torch(array):
    return torch.tensor(np.asarray(array), dtype=torch.float64)


def inputs(shape, seed=0):
    data = np.random.default_rng(seed).normal(size=shape)
    return Tensor(data, dtype="float64", requires_grad=True), to_torch(data).requires_grad_()


def assert_same(minigrad_value, torch_value):
    np.testing.assert_allclose(minigrad_value, torch_value.detach().numpy(), **TOLERANCE)


def assert_same_values_and_gradients(output, torch_output, gradient_pairs):
    """Compare the outputs, backpropagate Σ output² through both, then compare each
    (minigrad gradient, torch gradient) pair that gradient_pairs() lists."""
    assert_same(output.numpy(), torch_output)
    (output ** 2).sum().backward()
    (torch_output ** 2).sum().backward()
    for mine, theirs in gradient_pairs():
        assert_same(mine, theirs)


def copy_into(pairs):
    with torch.no_grad():
        for target, value in pairs:
            target.copy_(to_torch(value))


def test_rnn_cell_matches_torch():
    cell = RNNCell(3, 4).double()
    reference = torch.nn.RNNCell(3, 4).double()
    copy_into([(reference.weight_ih, cell.W_xh.data), (reference.weight_hh, cell.W_hh.data),
               (reference.bias_ih, cell.b.data), (reference.bias_hh, np.zeros(4))])
    (x, tx), (h, th) = inputs((2, 3)), inputs((2, 4), 1)
    assert_same_values_and_gradients(cell(x, h), reference(tx, th), lambda: [
        (x.grad, tx.grad), (h.grad, th.grad), (cell.W_hh.grad, reference.weight_hh.grad),
        (cell.b.grad, reference.bias_ih.grad)])


def copy_lstm_cell(cell, weight_ih, weight_hh, bias_ih, bias_hh):
    copy_into([(weight_ih, cell.W_x.data), (weight_hh, cell.W_h.data), (bias_ih, cell.b.data),
               (bias_hh, np.zeros(cell.b.shape))])


def test_lstm_cell_matches_torch():
    cell = LSTMCell(3, 4).double()
    reference = torch.nn.LSTMCell(3, 4).double()
    copy_lstm_cell(cell, reference.weight_ih, reference.weight_hh, reference.bias_ih,
                   reference.bias_hh)
    (x, tx), (h, th), (c, tc) = inputs((2, 3)), inputs((2, 4), 1), inputs((2, 4), 2)
    (h1, c1), (th1, tc1) = cell(x, (h, c)), reference(tx, (th, tc))
    assert_same(h1.numpy(), th1)
    assert_same(c1.numpy(), tc1)
    (h1 * c1).sum().backward()
    (th1 * tc1).sum().backward()
    for mine, theirs in [(x.grad, tx.grad), (h.grad, th.grad), (c.grad, tc.grad),
                         (cell.W_x.grad, reference.weight_ih.grad),
                         (cell.W_h.grad, reference.weight_hh.grad),
                         (cell.b.grad, reference.bias_ih.grad)]:
        assert_same(mine, theirs)


def test_stacked_bidirectional_lstm_layer_matches_torch():
    layer = LSTM(3, 4, num_layers=2, bidirectional=True).double()
    reference = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True).double()
    for k, cell in enumerate(layer.cells):
        suffix = f"l{k // 2}" + ("_reverse" if k % 2 else "")
        copy_lstm_cell(cell, *(getattr(reference, f"{name}_{suffix}")
                               for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")))
    x, tx = inputs((6, 2, 3))
    output, (h, c) = layer(x)
    t_output, (th, tc) = reference(tx)
    assert_same(h.numpy(), th)
    assert_same(c.numpy(), tc)
    assert_same_values_and_gradients(output, t_output, lambda: [
        (x.grad, tx.grad), (layer.cells[3].W_h.grad, reference.weight_hh_l1_reverse.grad)])


def test_gru_cell_matches_torch_once_the_conventions_are_mapped():
    """torch stacks its gates as (reset, update, new) where we use (update, reset, candidate),
    and its update gate is our 1 - z: since 1 - σ(a) = σ(-a), its z-weights are our negated ones.
    With reset_after=True our reset placement is torch's, so the rest copies over."""
    cell = GRUCell(3, 4, reset_after=True).double()
    reference = torch.nn.GRUCell(3, 4).double()
    H = 4
    z, r, n = slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)
    copy_into([
        (reference.weight_ih, np.concatenate([cell.W_x.data[r], -cell.W_x.data[z],
                                              cell.W_x.data[n]])),
        (reference.bias_ih, np.concatenate([cell.b.data[r], -cell.b.data[z], cell.b.data[n]])),
        (reference.weight_hh, np.concatenate([cell.W_h.data[r], -cell.W_h.data[z],
                                              cell.W_hc.data])),
        (reference.bias_hh, np.concatenate([np.zeros(2 * H), cell.b_hc.data])),
    ])
    (x, tx), (h, th) = inputs((2, 3)), inputs((2, 4), 1)
    assert_same_values_and_gradients(cell(x, h), reference(tx, th), lambda: [
        (x.grad, tx.grad), (h.grad, th.grad), (cell.W_hc.grad, reference.weight_hh.grad[n]),
        (cell.W_x.grad[r], reference.weight_ih.grad[z]),
        (-cell.W_x.grad[z], reference.weight_ih.grad[r])])


# ----- issue 13: the results PyTorch habits give, compared with PyTorch itself -------------------
def test_sigmoid_in_float32_matches_torch_far_below_zero():
    z = np.linspace(-88, 88, 1761).astype(np.float32)
    ours = Tensor(z).sigmoid().numpy()
    theirs = torch.sigmoid(torch.tensor(z)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=2e-6, atol=0)


def test_pow_gradients_at_zero_match_torch():
    bases, exponents = np.zeros(5), np.array([0.0, 1.0, 2.0, 0.5, 3.0])
    a, ta = Tensor(bases, dtype="float64", requires_grad=True), to_torch(bases).requires_grad_()
    b, tb = Tensor(exponents, dtype="float64", requires_grad=True), \
        to_torch(exponents).requires_grad_()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)    # 0 ** -0.5 is a true infinity
        (a ** b).sum().backward()
    (ta ** tb).sum().backward()
    assert_same(a.grad, ta.grad)
    assert_same(b.grad, tb.grad)
    x, tx = inputs((4,))
    (x ** 0).sum().backward()
    (tx ** 0).sum().backward()
    assert_same(x.grad, tx.grad)


def test_comparisons_conversions_and_shape_methods_match_torch():
    data = np.random.default_rng(1).normal(size=(2, 1, 3))
    x, tx = Tensor(data), torch.tensor(data)
    for compare in (lambda a: a > 0, lambda a: a <= a[0], lambda a: a == a[:, :, :1]):
        np.testing.assert_array_equal(compare(x).numpy(), compare(tx).numpy())
    for reshape in (lambda a: a.unsqueeze(1), lambda a: a.squeeze(), lambda a: a.squeeze(1),
                    lambda a: a.squeeze(2), lambda a: a.flatten(1), lambda a: a.permute(2, 0, 1),
                    lambda a: a.view(3, 2), lambda a: a.clamp(-0.5, 0.5), lambda a: a.abs()):
        np.testing.assert_allclose(reshape(x).numpy(), reshape(tx).numpy(), rtol=1e-6)
    for value in (2.7, -2.7):
        assert int(Tensor(value)) == int(torch.tensor(value))
        assert float(Tensor([value])) == pytest.approx(float(torch.tensor([value])))
        assert f"{Tensor(value):.3f}" == f"{torch.tensor(value):.3f}"


def test_accuracy_and_empty_batches_match_torch():
    logits = np.random.default_rng(2).normal(size=(6, 3))
    labels = np.array([0, 1, 2, 0, 1, 2])
    ours = Tensor(logits).argmax(axis=1) == labels
    theirs = torch.tensor(logits).argmax(1) == torch.tensor(labels)
    assert ours.sum().item() == theirs.sum().item()
    assert ours.float().mean().item() == pytest.approx(theirs.float().mean().item())
    empty, t_empty = Tensor(np.zeros((0, 3)), dtype="float64"), torch.zeros(0, 3, dtype=torch.float64)
    no_labels = np.zeros(0, dtype=np.int64)
    for reduction in ("mean", "sum"):
        ours = F.cross_entropy(empty, no_labels, reduction=reduction).item()
        theirs = torch.nn.functional.cross_entropy(t_empty, torch.tensor(no_labels),
                                                   reduction=reduction).item()
        assert ours == theirs or (np.isnan(ours) and np.isnan(theirs))
    assert np.isnan(empty.mean().item()) and np.isnan(t_empty.mean().item())
    assert empty.softmax().shape == tuple(t_empty.softmax(-1).shape)
