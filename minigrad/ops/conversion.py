"""Moving a tensor to another device or dtype, with the gradient moved back."""
from ..backend import get_backend
from ..errors import DtypeError
from ..tensor import Tensor, _as_array, _checked_dtype
from ..validation import not_a_tensor


def to(x, device=None, dtype=None):
    """x on `device` and/or in `dtype`.   dL/dx = g, moved back to x's device and dtype.
    As in PyTorch, a dtype may come first: x.to("float64")."""
    if not isinstance(x, Tensor):
        raise not_a_tensor("to", "x", x)
    if dtype is None and isinstance(device, str) and device not in ("cpu", "cuda"):
        device, dtype = _device_or_dtype(device)
    backend = get_backend(device) if device is not None else x._backend
    dtype = _checked_dtype(dtype) if dtype is not None else x.dtype
    if backend is x._backend and dtype == x.dtype:
        return x
    out = _as_array(x.data, backend, dtype, copy=False)
    if out.dtype.kind != "f":
        return Tensor._make(out, (), None, "to", backend)
    return Tensor._make(out, (x,), lambda g: (_as_array(g, x._backend, x.dtype, copy=False),),
                        "to", backend)


def _device_or_dtype(name):
    """(device, None) for a device's name, (None, dtype) for a dtype's: to("float64")."""
    try:
        get_backend(name)
        return name, None
    except ValueError:
        pass
    try:
        return None, _checked_dtype(name)
    except DtypeError:
        raise ValueError(f"to: {name!r} is neither a device ('cpu', 'cuda') nor a dtype "
                         f"('float32', 'float64', 'int64', 'bool').") from None
