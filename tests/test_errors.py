"""Bad input gets an error that names the op, the shapes or dtypes, and what to do."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import DeviceError, DtypeError, ShapeError, nn, optim
from minigrad import functional as F
from minigrad.backend import Backend, register_backend


def test_shapes_that_do_not_broadcast():
    with pytest.raises(ShapeError, match=r"add: shapes \(3, 2\) and \(3,\) do not broadcast"):
        mg.ones(3, 2) + mg.ones(3)


def test_matmul_with_mismatched_inner_sizes_suggests_a_transpose():
    with pytest.raises(ShapeError, match=r"matmul: shapes \(3, 2\) @ \(3, 2\).*\(x\.T\)"):
        mg.ones(3, 2) @ mg.ones(3, 2)


def test_matmul_of_a_scalar():
    with pytest.raises(ShapeError, match="use \\* to multiply by a scalar"):
        mg.ones(3) @ mg.Tensor(2.0)


def test_backward_on_a_non_scalar_without_a_gradient():
    x = mg.ones(3, requires_grad=True)
    with pytest.raises(ShapeError, match=r"shape \(3,\).*\.sum\(\)"):
        (x * 2).backward()


def test_backward_with_a_gradient_of_the_wrong_shape():
    x = mg.ones(3, requires_grad=True)
    with pytest.raises(ShapeError, match=r"gradient has shape \(2,\), but the tensor has shape \(3,\)"):
        (x * 2).backward(np.ones(2))


def test_backward_on_a_tensor_without_a_graph():
    with pytest.raises(RuntimeError, match="requires_grad=True"):
        mg.ones(2).sum().backward()


def test_requires_grad_on_an_integer_tensor():
    with pytest.raises(DtypeError, match="int64 tensor of shape \\(2,\\).*dtype='float32'"):
        mg.Tensor(np.array([1, 2]), requires_grad=True)


def test_mixing_float32_and_float64_is_refused_with_the_fix():
    with pytest.raises(DtypeError, match="mul: a float32 tensor.*float64.*double"):
        mg.ones(2) * mg.ones(2, dtype="float64")


def test_a_backward_that_returns_the_wrong_shape_is_caught():
    x = mg.ones(2, 3, requires_grad=True)
    bad = mg.Tensor._make(x.data.sum(axis=0), (x,), lambda g: (g,), "my_sum")
    with pytest.raises(ShapeError, match=r"backward of my_sum: .*shape \(3,\).*\(2, 3\).*sum"):
        bad.sum().backward()


def test_reshape_to_an_impossible_shape():
    with pytest.raises(ShapeError, match=r"reshape: cannot arrange the 6 numbers of shape \(2, 3\)"):
        mg.ones(2, 3).reshape(4, 2)


def test_reduction_over_a_missing_axis():
    with pytest.raises(ShapeError, match="sum: axis 2 does not exist.*2 dimensions"):
        mg.ones(2, 3).sum(axis=2)


def test_index_out_of_range():
    with pytest.raises(ShapeError, match=r"getitem: .*shape \(2, 3\)"):
        mg.ones(2, 3)[5]


def test_transpose_with_a_bad_permutation():
    with pytest.raises(ShapeError, match="transpose"):
        mg.ones(2, 3).transpose(0, 0)


def test_split_into_unequal_parts():
    with pytest.raises(ShapeError, match="split: .*size 5.*3 equal parts"):
        mg.ones(2, 5).split(3, axis=1)


def test_concat_of_mismatched_shapes():
    with pytest.raises(ShapeError, match=r"concat: shapes \[\(2, 3\), \(3, 3\)\].*axis 1"):
        mg.concat([mg.ones(2, 3), mg.ones(3, 3)], axis=1)


def test_item_of_many_numbers():
    with pytest.raises(ShapeError, match="item: needs a tensor with exactly one element"):
        mg.ones(2).item()


def test_unknown_device():
    with pytest.raises(ValueError, match="unknown device 'tpu'"):
        mg.ones(2, device="tpu")


def test_cuda_without_cupy_or_gpu_says_so_plainly():
    if mg.cuda_is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(RuntimeError, match="(CuPy|GPU)"):
        mg.ones(2, device="cuda")


class _OtherArray(np.ndarray):
    """A NumPy array subclass standing for a second device's arrays."""


def test_tensors_on_different_devices_cannot_meet():
    other = Backend("other", np, _OtherArray, to_numpy=np.array,
                    from_numpy=lambda a: np.asarray(a).view(_OtherArray), scatter_add=np.add.at)
    register_backend(other)
    on_other = mg.Tensor([1.0, 2.0], device="other")
    assert on_other.device == "other"
    with pytest.raises(DeviceError, match="add: .*on cpu and .*on other.*are on different devices"):
        mg.ones(2) + on_other


# ----- issue 13: every bad input a learner tried, on every backend --------------------------------
# Each case asserts the exact error type and the words that name the op or layer, the argument,
# what came, and the fix. The results that PyTorch habits now give are in test_pytorch_habits.py.
on_each_device = pytest.mark.usefixtures("each_device")


@on_each_device
class TestOneNumberConversions:
    def test_bool_of_many_numbers_is_ambiguous_and_says_any_or_all(self):
        with pytest.raises(ShapeError, match=r"bool: the truth value of a tensor with 2 elements is "
                                             r"ambiguous.*\.any\(\) or .*\.all\(\)"):
            bool(mg.Tensor([1.0, 2.0]))

    @pytest.mark.parametrize("convert,name", [(float, r"float\(\)"), (int, r"int\(\)"),
                                              (lambda x: f"{x:.4f}", "format ':.4f'")])
    def test_numbers_from_many_elements_say_how_to_reduce(self, convert, name):
        with pytest.raises(ShapeError, match=name + r": needs a tensor with exactly one element, "
                                                    r"got shape \(3,\).*\.mean\(\)"):
            convert(mg.ones(3))

    def test_a_float_tensor_is_not_an_index(self):
        with pytest.raises(TypeError, match=r"only integer tensors can be used as an index.*"
                                            r"x\.long\(\)"):
            [10, 20][mg.Tensor(1.0)]

    def test_len_of_a_single_number(self):
        with pytest.raises(TypeError, match=r"len\(\) of a 0-d tensor.*\.item\(\)"):
            len(mg.Tensor(2.0))

    @pytest.mark.parametrize("returned", [None, "loss", mg.ones(3)], ids=["None", "text", "many"])
    def test_fit_needs_the_loss_back(self, returned):
        with pytest.raises(TypeError, match=r"fit: step\(\) must return the loss, one number.*"
                                            r"return loss\.item\(\)"):
            mg.fit(lambda: returned, steps=2)


@on_each_device
class TestConstructorInputs:
    @pytest.mark.parametrize("data,words", [
        (None, "got None"), ("1.5", r"got text \('1\.5'\).*float\('1\.5'\)"),
        (1 + 2j, r"complex numbers.*z\.real"), (np.array([1 + 2j]), "complex numbers"),
        ([1.0, None], "holding object items"), (np.array(["a"]), "got text"),
    ])
    def test_what_is_not_real_numbers_is_refused_not_guessed(self, data, words):
        with pytest.raises(DtypeError, match="Tensor: expects numbers.*" + words):
            mg.Tensor(data)

    def test_ragged_lists(self):
        with pytest.raises(ShapeError, match="Tensor: the nested lists have different lengths"):
            mg.Tensor([[1, 2], [3]])

    @pytest.mark.parametrize("dtype,words", [("flaot32", "unknown dtype 'flaot32'"),
                                             ("complex64", "complex64 is not supported")])
    def test_bad_dtypes(self, dtype, words):
        with pytest.raises(DtypeError, match=words + ".*'float64'"):
            mg.Tensor([1.0], dtype=dtype)

    def test_a_list_of_tensors_that_require_grad_would_lose_the_gradient(self):
        h = mg.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError, match=r"cut them from the graph.*minigrad\.stack"):
            mg.Tensor([h, h])

    @pytest.mark.parametrize("shape", [(2.5,), ("3",), (-1,), ((2, None),)])
    def test_creation_sizes(self, shape):
        with pytest.raises(TypeError, match=r"sizes must be whole numbers >= 0.*zeros\(2, 3\)"):
            mg.zeros(*shape)

    def test_to_something_that_is_neither_a_device_nor_a_dtype(self):
        with pytest.raises(ValueError, match="to: 'tpu' is neither a device .* nor a dtype"):
            mg.ones(2).to("tpu")


AXIS_OPS = {
    "softmax": lambda x: x.softmax(2), "log_softmax": lambda x: x.log_softmax(axis=-3),
    "argmax": lambda x: x.argmax(2), "sum": lambda x: x.sum(axis=(0, 2)),
    "mean": lambda x: x.mean(dim=5), "max": lambda x: x.max(axis=2), "split": lambda x: x.split(3, 2),
    "transpose": lambda x: x.transpose(0, 2), "concat": lambda x: mg.concat([x, x], axis=2),
    "stack": lambda x: mg.stack([x, x], axis=3), "unsqueeze": lambda x: x.unsqueeze(4),
    "squeeze": lambda x: x.squeeze(2), "flatten": lambda x: x.flatten(0, 2),
    "any": lambda x: (x > 0).any(axis=2),
}


@on_each_device
class TestAxes:
    @pytest.mark.parametrize("op", sorted(AXIS_OPS))
    def test_an_axis_out_of_range_names_the_op_and_the_valid_range(self, op):
        with pytest.raises(ShapeError, match=rf"{op}: axis -?\d does not exist in a tensor with "
                                             rf"\d dimensions; use an axis from -\d to \d"):
            AXIS_OPS[op](mg.ones(2, 3))

    def test_a_negative_axis_beyond_the_start_does_not_wrap_around(self):
        with pytest.raises(ShapeError, match="transpose: axis -3 does not exist"):
            mg.ones(2, 3).transpose(0, -3)

    def test_an_axis_that_is_not_a_whole_number(self):
        with pytest.raises(TypeError, match=r"sum: axis must be a whole number, got 1\.0"):
            mg.ones(2, 3).sum(axis=1.0)

    def test_an_axis_named_twice(self):
        with pytest.raises(ShapeError, match=r"sum: axis \(0, -2\) names the same axis twice"):
            mg.ones(2, 3).sum(axis=(0, -2))

    def test_a_single_number_has_no_axes(self):
        with pytest.raises(ShapeError, match="softmax: axis -1 does not exist: the tensor holds a "
                                             "single number"):
            mg.Tensor(1.0).softmax()

    def test_flatten_needs_start_before_end(self):
        with pytest.raises(ShapeError, match="flatten: start_dim 2 comes after end_dim 1"):
            mg.ones(2, 3, 4).flatten(2, 1)


@on_each_device
class TestOpInputs:
    def test_batched_matmul_with_mismatched_batches_blames_the_batch_axes(self):
        with pytest.raises(ShapeError, match=r"the matrices fit, but the batch \(leading\) axes "
                                             r"\(2,\) and \(3,\) do not broadcast"):
            mg.ones(2, 3, 4) @ mg.ones(3, 4, 5)

    def test_where_names_all_three_shapes(self):
        x = mg.ones(3)
        with pytest.raises(ShapeError, match=r"where: the condition \(3,\), a \(3,\) and b \(2,\) "
                                             r"do not broadcast"):
            mg.where(x > 0, x, mg.ones(2))

    def test_where_needs_a_boolean_mask(self):
        with pytest.raises(DtypeError, match=r"where: the condition must be a boolean mask, got a "
                                             r"float32 tensor.*where\(x > 0, a, b\)"):
            mg.where(mg.ones(3), mg.ones(3), 0.0)

    def test_an_integer_to_a_negative_power(self):
        with pytest.raises(DtypeError, match=r"pow: an int64 tensor .* negative integer power.*"
                                             r"x\.float\(\) \*\* -1"):
            mg.Tensor(np.array([2])) ** -1

    def test_a_float_index_tensor_says_how_to_make_integer_indices(self):
        with pytest.raises(DtypeError, match=r"getitem: index arrays must hold integers.*float32.*"
                                             r"dtype='int64'.*idx\.long\(\)"):
            mg.ones(3)[mg.Tensor([0, 2])]

    @pytest.mark.parametrize("index,fix", [(1.0, r"use x\[1\]"), (1.5, "use integers, slices"),
                                           ("a", "use integers, slices")])
    def test_a_number_that_is_not_an_index(self, index, fix):
        with pytest.raises(DtypeError, match=rf"getitem: .* cannot be an index; {fix}"):
            mg.ones(3)[index]

    def test_comparisons_that_do_not_broadcast(self):
        with pytest.raises(ShapeError, match=r"lt: shapes \(3,\) and \(2,\) do not broadcast"):
            mg.ones(3) < mg.ones(2)

    def test_logic_needs_masks(self):
        with pytest.raises(DtypeError, match=r"and: logical operators .* need boolean tensors.*"
                                             r"\(x > 0\) & \(y < 1\)"):
            mg.ones(2) & mg.ones(2)

    def test_split_with_pytorchs_dim_explains_the_numpy_meaning(self):
        with pytest.raises(TypeError, match=r"split: got dim=1.*numpy\.split.*n equal parts.*"
                                            r"PyTorch's x\.split\(n, dim\) means parts of n"):
            mg.ones(2, 6).split(2, dim=1)

    def test_split_into_parts_that_do_not_divide_mentions_pytorchs_meaning(self):
        with pytest.raises(ShapeError, match=r"split: .*size 6.*4 equal parts.*PyTorch's"):
            mg.ones(2, 6).split(4, axis=1)

    def test_max_with_pytorchs_dim_says_where_the_indices_are(self):
        with pytest.raises(TypeError, match=r"max: got dim=1.*largest values only.*"
                                            r"x\.max\(axis=1\).*x\.argmax\(axis=1\)"):
            mg.ones(2, 3).max(dim=1)

    @pytest.mark.parametrize("call,error,words", [
        (lambda: mg.concat(mg.ones(2, 3)), TypeError, "concat: expects a list of tensors, got one"),
        (lambda: mg.stack([mg.ones(2), np.ones(2)]), TypeError, "stack: every item must be a "
                                                                "minigrad Tensor, but item 1"),
        (lambda: mg.concat([]), ValueError, "concat: got an empty list"),
    ])
    def test_concat_and_stack_inputs(self, call, error, words):
        with pytest.raises(error, match=words):
            call()

    @pytest.mark.parametrize("op", ["exp", "softmax", "sum", "sigmoid", "reshape", "neg", "to"])
    def test_ops_called_on_a_numpy_array_say_it_has_no_graph(self, op):
        with pytest.raises(TypeError, match=rf"{op}: x must be a minigrad Tensor, got ndarray, "
                                            r"which carries no graph"):
            getattr(mg, op)(np.ones(3))

    def test_arithmetic_of_two_arrays_needs_a_tensor(self):
        with pytest.raises(TypeError, match="add: needs at least one minigrad Tensor"):
            mg.add(np.ones(2), np.ones(2))

    def test_reshape_to_sizes_that_are_not_whole_numbers(self):
        with pytest.raises(TypeError, match=r"reshape: sizes must be whole numbers, got \(2\.5,"):
            mg.ones(5).reshape(2.5, 2)


@on_each_device
class TestEmptyBatches:
    """Where PyTorch has a result for an empty batch, minigrad gives it (test_pytorch_habits);
    where PyTorch refuses, so does minigrad, saying why."""

    def test_max_over_an_axis_with_no_numbers(self):
        with pytest.raises(ShapeError, match=r"max: the tensor of shape \(0, 3\) has no numbers "
                                             r"along axis 0"):
            mg.zeros(0, 3).max(axis=0)

    def test_argmax_of_nothing(self):
        with pytest.raises(ShapeError, match=r"argmax: the tensor of shape \(0, 3\) has no numbers "
                                             r"along any axis"):
            mg.zeros(0, 3).argmax()

    def test_a_recurrent_layer_on_a_sequence_without_steps(self):
        with pytest.raises(ShapeError, match=r"LSTM: x of shape \(0, 2, 3\) read as \(T, B, "
                                             r"features\) has no time steps"):
            nn.LSTM(3, 4)(np.zeros((0, 2, 3)))


@on_each_device
class TestRecurrentStates:
    def test_rnn_cell_state_of_the_wrong_hidden_size_names_the_cell_and_the_state(self):
        with pytest.raises(ShapeError, match=r"RNNCell\(2, 3\): the state h must have shape "
                                             r"\(batch, hidden\) = \(4, 3\) for this x, got \(4, 5\)"):
            nn.RNNCell(2, 3)(np.ones((4, 2)), np.zeros((4, 5)))

    def test_rnn_cell_state_of_the_wrong_batch_size(self):
        with pytest.raises(ShapeError, match=r"RNNCell\(2, 3\): the state h .* = \(4, 3\) .*"
                                             r"got \(5, 3\)"):
            nn.RNNCell(2, 3)(np.ones((4, 2)), np.zeros((5, 3)))

    def test_lstm_cell_state_of_the_wrong_size_is_no_longer_silently_used(self):
        with pytest.raises(ShapeError, match=r"LSTMCell\(2, 3\): the state c must have shape "
                                             r"\(batch, hidden\) = \(4, 3\) for this x, got \(4, 5\)"):
            nn.LSTMCell(2, 3)(np.ones((4, 2)), (np.zeros((4, 3)), np.zeros((4, 5))))

    @pytest.mark.parametrize("state", [np.zeros((4, 3)), (np.zeros((4, 3)),)],
                             ids=["h alone", "a 1-tuple"])
    def test_lstm_cell_given_h_alone(self, state):
        with pytest.raises(TypeError, match=r"LSTMCell\(2, 3\): the state is the pair \(h, c\).*"
                                            r"\(h, h \* 0\)"):
            nn.LSTMCell(2, 3)(np.ones((4, 2)), state)

    def test_gru_cell_given_a_tuple(self):
        with pytest.raises(TypeError, match=r"GRUCell\(2, 3\): the state is one tensor h .* got "
                                            r"a tuple of 2.*detach_state"):
            nn.GRUCell(2, 3)(np.ones((4, 2)), (np.zeros((4, 3)), np.zeros((4, 3))))

    def test_a_cell_given_a_layers_state_is_told_to_take_a_slice(self):
        with pytest.raises(ShapeError, match=r"a cell takes one slice of it, such as h\[0\]"):
            nn.RNNCell(2, 3)(np.ones((4, 2)), np.zeros((1, 4, 3)))

    def test_a_state_part_that_is_none(self):
        with pytest.raises(TypeError, match=r"LSTMCell\(2, 3\): the state c is None"):
            nn.LSTMCell(2, 3)(np.ones((4, 2)), (np.zeros((4, 3)), None))

    @pytest.mark.parametrize("state", [np.zeros((1, 4, 3)), [np.zeros((1, 4, 3))]],
                             ids=["tensor", "list of one"])
    def test_lstm_layer_given_h0_alone(self, state):
        with pytest.raises(TypeError, match=r"LSTM: the state is the pair \(h_0, c_0\).*"
                                            r"\(h_0, h_0 \* 0\)"):
            nn.LSTM(2, 3)(np.ones((5, 4, 2)), state)

    def test_lstm_layer_cell_state_of_the_wrong_size(self):
        with pytest.raises(ShapeError, match=r"LSTM: the initial state c_0 must have shape "
                                             r"\(num_layers \* directions, B, hidden\) = \(2, 4, 3\)"):
            nn.LSTM(2, 3, num_layers=2)(np.ones((5, 4, 2)), (np.zeros((2, 4, 3)),
                                                               np.zeros((1, 4, 3))))

    def test_a_batch_size_that_matches_the_time_axis_suggests_batch_first(self):
        with pytest.raises(ShapeError, match=r"RNN: the initial state h_0 .* = \(1, 5, 3\), got "
                                             r"\(1, 4, 3\).*build the layer with batch_first=True"):
            nn.RNN(2, 3)(np.ones((4, 5, 2)), np.zeros((1, 4, 3)))
        with pytest.raises(ShapeError, match="With batch_first=True, x is read as \\(B, T, "
                                             "features\\).*without batch_first"):
            nn.GRU(2, 3, batch_first=True)(np.ones((4, 5, 2)), np.zeros((1, 5, 3)))

    def test_a_state_without_the_layer_axis(self):
        with pytest.raises(ShapeError, match=r"a leading axis for its 1 cells .* "
                                             r"h_0\.unsqueeze\(0\)"):
            nn.GRU(2, 3)(np.ones((5, 4, 2)), np.zeros((4, 3)))

    def test_per_cell_slices_must_match_the_number_of_cells(self):
        with pytest.raises(TypeError, match=r"RNN: the state h_0 is one tensor .* or a tuple or "
                                            r"list of its 2 per-cell slices; got a tuple of 3"):
            nn.RNN(2, 3, num_layers=2)(np.ones((5, 4, 2)), (np.zeros((4, 3)),) * 3)

    def test_a_state_in_another_dtype_names_the_layer_and_the_fix(self):
        h0 = mg.Tensor(np.zeros((1, 4, 3)), dtype="float64")
        with pytest.raises(DtypeError, match=r"LSTM: the state h_0 is a float64 tensor .* "
                                             r"parameters are float32.*\.double\(\) on the layer"):
            nn.LSTM(2, 3)(np.ones((5, 4, 2)), (h0, h0))

    def test_an_input_in_another_dtype_names_the_layer(self):
        with pytest.raises(DtypeError, match=r"Linear\(3, 2\): x is a float64 tensor"):
            nn.Linear(3, 2)(mg.Tensor(np.ones((2, 3)), dtype="float64"))
        with pytest.raises(DtypeError, match=r"GRU: x is a float64 tensor"):
            nn.GRU(3, 2)(mg.Tensor(np.ones((4, 2, 3)), dtype="float64"))

    def test_one_sequence_without_a_batch_axis(self):
        with pytest.raises(ShapeError, match=r"For one sequence, add a batch axis: "
                                             r"x\.unsqueeze\(1\)"):
            nn.RNN(2, 3)(np.ones((5, 2)))
        with pytest.raises(ShapeError, match=r"For one example, add a batch axis: "
                                             r"x\.unsqueeze\(0\)"):
            nn.LSTMCell(2, 3)(np.ones(2))


class TestModuleAndOptimizerInputs:
    @pytest.mark.parametrize("build,words", [
        (lambda: nn.Linear(2.5, 3), r"Linear: in_features must be a positive whole number, got 2\.5"),
        (lambda: nn.LSTM("32", 64), "LSTM: input_size must be a positive whole number, got '32'"),
        (lambda: nn.RNN(2, 3, num_layers=0), "RNN: num_layers must be at least 1, got 0"),
        (lambda: nn.Embedding(0, 3), "Embedding: num_embeddings must be at least 1"),
        (lambda: nn.GRUCell(2, None), "GRUCell: hidden_size must be a positive whole number"),
        (lambda: nn.LSTMCell(2, 3, forget_bias="1"), "LSTMCell: forget_bias must be a number"),
        (lambda: nn.Dropout("0.5"), r"Dropout: p is the probability of dropping"),
        (lambda: nn.Sequential(nn.Linear), r"Sequential: got the class Linear; pass a layer"),
    ])
    def test_constructor_arguments(self, build, words):
        with pytest.raises((TypeError, ValueError), match=words):
            build()

    @pytest.mark.parametrize("make,error,words", [
        (lambda model: optim.SGD(model, lr=0.1), TypeError, r"SGD: got the model Linear, but "
                                                            r"needs its parameters"),
        (lambda model: optim.Adam([np.ones(2)]), TypeError, "Adam: expects tensors.*ndarray"),
        (lambda model: optim.SGD([model.weight * 2], lr=0.1), ValueError, "SGD: can only optimize "
                                                                          "leaf tensors.*mul"),
        (lambda model: optim.SGD(model.parameters(), lr="0.1"), ValueError,
         "SGD: the learning rate must be positive, got '0.1'"),
        (lambda model: optim.SGD(model.parameters(), lr=0.1, momentum=-1), ValueError,
         "SGD: momentum must be a number >= 0"),
        (lambda model: optim.Adam(model.parameters(), betas=(1.0, 0.9)), ValueError,
         r"Adam: betas\[0\] must be a number >= 0 and < 1, got 1\.0"),
        (lambda model: optim.clip_grad_norm_(model, 1.0), TypeError,
         "clip_grad_norm_: got the model Linear"),
    ])
    def test_optimizer_arguments(self, make, error, words):
        with pytest.raises(error, match=words):
            make(nn.Linear(2, 1))

    def test_losses_given_numpy_arrays_say_they_carry_no_graph(self):
        with pytest.raises(TypeError, match="cross_entropy: logits must be a minigrad Tensor, got "
                                            "ndarray, which carries no graph"):
            F.cross_entropy(np.zeros((2, 3)), [0, 1])
        with pytest.raises(TypeError, match="mse_loss: prediction must be a minigrad Tensor"):
            F.mse_loss(np.zeros(2), np.zeros(2))

    def test_cross_entropy_with_float_targets_or_integer_logits(self):
        with pytest.raises(DtypeError, match=r"targets must be integer class indices.*"
                                             r"targets\.long\(\)"):
            F.cross_entropy(mg.zeros(2, 3), mg.Tensor([0, 1]))
        with pytest.raises(DtypeError, match="cross_entropy: logits must be floating-point scores"):
            F.cross_entropy(mg.Tensor(np.zeros((2, 3), dtype=int)), [0, 1])

    def test_cross_entropy_in_pytorchs_class_layout_says_where_the_classes_go(self):
        with pytest.raises(ShapeError, match=r"look like PyTorch's layout, classes on axis 1.*"
                                             r"logits\.transpose\(0, 2, 1\)"):
            F.cross_entropy(mg.zeros(4, 3, 7), np.zeros((4, 7), dtype=int))

    def test_load_of_a_missing_file_points_to_the_npz_beside_it(self, tmp_path):
        np.savez(tmp_path / "model", weight=np.ones((1, 2)), bias=np.ones(1))
        with pytest.raises(FileNotFoundError, match=r"load: there is no file .*model'; there is a "
                                                    r".*model\.npz.*load that name"):
            nn.Linear(2, 1).load(tmp_path / "model")

    def test_load_of_a_file_that_save_did_not_write(self, tmp_path):
        (tmp_path / "notes.txt").write_text("not an archive")
        with pytest.raises(ValueError, match=r"load: .*notes\.txt' is not a file written by "
                                             r"Module\.save"):
            nn.Linear(2, 1).load(tmp_path / "notes.txt")
        np.save(tmp_path / "one.npy", np.ones(3))
        with pytest.raises(ValueError, match="holds a single array"):
            nn.Linear(2, 1).load(tmp_path / "one.npy")

    def test_a_model_cannot_become_integers(self):
        with pytest.raises(DtypeError, match="Linear.to: parameters must stay floating point"):
            nn.Linear(2, 1).to(dtype="int64")


@on_each_device
class TestInPlaceChanges:
    def test_an_optimizer_step_between_forward_and_backward_is_caught(self):
        layer = nn.Linear(3, 2)
        optimizer = optim.SGD(layer.parameters(), lr=0.1)
        loss = layer(np.ones((4, 3))).tanh().sum()
        for p in layer.parameters():
            p.grad = p.xp.ones(p.shape, dtype=p.dtype)
        optimizer.step()
        with pytest.raises(RuntimeError, match=r"backward: a float32 tensor of shape \((2,|2, 3)\) "
                                               r".*a leaf .* was changed in place after .* used it"
                                               r".*optimizer\.step\(\) only after loss\.backward"):
            loss.backward()

    @pytest.mark.parametrize("change", ["load_state_dict", "to"])
    def test_replacing_the_parameters_between_forward_and_backward_is_caught(self, change):
        layer = nn.Linear(3, 2)
        loss = layer(np.ones((4, 3))).tanh().sum()
        if change == "load_state_dict":
            layer.load_state_dict(nn.Linear(3, 2).state_dict())
        else:
            layer.double()
        with pytest.raises(RuntimeError, match="was changed in place after"):
            loss.backward()

    def test_an_input_changed_after_use_is_caught(self):
        w, x = mg.ones(2, requires_grad=True), mg.Tensor([3.0, 4.0])
        loss = (w * x).sum()
        x += 1
        with pytest.raises(RuntimeError, match="changed in place after mul used it"):
            loss.backward()

    def test_a_parameter_changed_in_place_while_gradients_are_recorded(self):
        w = mg.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError, match=r"-=: .* requires grad.*with minigrad\.no_grad"):
            w -= 0.1

    @pytest.mark.parametrize("make,words", [
        (lambda: mg.ones(2) * 2, "is the result of mul, which may share its numbers"),
        (lambda: mg.ones(2, requires_grad=True).detach(), r"made by detach\(\), which shares"),
    ])
    def test_only_tensors_you_made_change_in_place(self, make, words):
        y = make()
        with pytest.raises(RuntimeError, match=words + r".*x = minigrad\.Tensor\(x\)"):
            y += 1
        with pytest.raises(RuntimeError, match=words):
            y[0] = 5.0

    def test_an_in_place_change_by_a_value_that_requires_grad(self):
        x, w = mg.zeros(2), mg.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError, match=r"\+=: the value requires grad.*gradient would be "
                                               r"lost; write x = x \+ value"):
            x += w

    @pytest.mark.parametrize("change,error,words", [
        (lambda x: x.__iadd__(0.5), DtypeError, r"\+=: an int64 tensor .* cannot hold float32"),
        (lambda x: x.__itruediv__(2), DtypeError, "/=: dividing an int64 tensor .* gives fractions"),
        (lambda x: x.__iadd__(mg.ones(2, 3, dtype="int64")), ShapeError,
         r"\+=: a value of shape \(2, 3\) cannot update .* must keep x's shape"),
        (lambda x: x.__setitem__(0, 0.5), DtypeError, "setitem: an int64 tensor .* cannot hold"),
        (lambda x: x.__setitem__(5, 1), ShapeError, r"setitem: index \[5\] does not fit"),
    ])
    def test_in_place_changes_keep_dtype_and_shape(self, change, error, words):
        with pytest.raises(error, match=words):
            change(mg.Tensor(np.array([1, 2, 3])))

    def test_truncated_bptt_without_detach_suggests_detach_not_retain_graph(self):
        lstm = nn.LSTM(2, 3)
        optimizer, state = optim.SGD(lstm.parameters(), lr=0.1), None
        with pytest.raises(RuntimeError) as caught:
            for _ in range(2):
                output, state = lstm(np.ones((4, 1, 2)), state)
                optimizer.zero_grad()
                output.sum().backward()
                optimizer.step()
        message = str(caught.value)
        assert "earlier backward() already used and freed" in message
        assert "detach_state(state)" in message and "h.detach()" in message
        assert "retain_graph" not in message

    def test_backward_twice_through_one_result(self):
        x = mg.ones(2, requires_grad=True)
        loss = (x * x).sum()
        loss.backward()
        with pytest.raises(RuntimeError, match=r"already backpropagated once.*Recompute the "
                                               r"forward pass.*retain_graph=True"):
            loss.backward()


@on_each_device
def test_a_hook_that_returns_a_gradient_of_another_shape():
    x = mg.ones(3, requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g.sum())
    with pytest.raises(ShapeError, match=r"register_hook: the hook <lambda> returned .* for the "
                                         r"gradient of a float32 tensor of shape \(3,\).*return an "
                                         r"array of shape \(3,\)"):
        y.sum().backward()
