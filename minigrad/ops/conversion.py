"""Moving a tensor to another device or dtype, with the gradient moved back."""
from ..backend import get_backend
from ..tensor import Tensor, _as_array


def to(x, device=None, dtype=None):
    """x on `device` and/or in `dtype`.   dL/dx = g, moved back to x's device and dtype."""
    backend = get_backend(device) if device is not None else x._backend
    if backend is x._backend and (dtype is None or x.xp.dtype(dtype) == x.dtype):
        return x
    out = _as_array(x.data, backend, dtype or x.dtype, copy=False)
    if out.dtype.kind != "f":
        return Tensor._constant(out, backend)
    return Tensor._make(out, (x,), lambda g: (_as_array(g, x._backend, x.dtype, copy=False),),
                        "to", backend)
