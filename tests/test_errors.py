"""Bad input gets an error that names the op, the shapes or dtypes, and what to do."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import DeviceError, DtypeError, ShapeError
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
