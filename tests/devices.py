"""The backends the engine and nn tests run on, and reading device arrays back on the host."""
import numpy as np

import minigrad as mg
from minigrad.backend import backend_of, register_backend
from strict_backend import STRICT

register_backend(STRICT)
DEVICES = ["cpu", "strict"] + (["cuda"] if mg.cuda_is_available() else [])


def host(value):
    """A NumPy copy of a tensor or of a device array (gradients are device arrays)."""
    if isinstance(value, mg.Tensor):
        return value.numpy()
    backend = backend_of(value)
    return backend.to_numpy(value) if backend is not None else np.asarray(value)


def on_device(values, dtype="float64"):
    """A plain array on the current default device, as backward() leaves in .grad."""
    return mg.Tensor(np.asarray(values), dtype=dtype).data
