"""Backends: which array library holds a tensor's numbers, and on which device.

A tensor never imports NumPy directly to compute: it asks its backend for the array module
(`backend.xp`), so the same op code runs on NumPy (device "cpu") and on CuPy (device "cuda").
CuPy is optional; it is imported only when a "cuda" tensor is first asked for.
"""
import numpy as np


class Backend:
    """One array library on one device.

    `xp` is the NumPy-compatible module, `array_type` the class of its arrays, `to_numpy` copies an
    array to the host, `from_numpy` moves a host array onto the device, and `scatter_add(target,
    index, values)` adds `values` into `target[index]`, repeated indices counted each time.
    """

    def __init__(self, device, xp, array_type, to_numpy, from_numpy, scatter_add):
        self.device = device
        self.xp = xp
        self.array_type = array_type
        self.to_numpy = to_numpy
        self.from_numpy = from_numpy
        self.scatter_add = scatter_add

    def __repr__(self):
        return f"Backend({self.device!r}, {self.xp.__name__})"


CPU = Backend("cpu", np, np.ndarray, to_numpy=np.array, from_numpy=np.asarray,
              scatter_add=np.add.at)

_backends = {"cpu": CPU}


def register_backend(backend):
    """Make `backend` available as `Tensor(..., device=backend.device)`."""
    _backends[backend.device] = backend


def _cuda_backend():
    try:
        import cupy
        import cupyx
    except ImportError:
        raise RuntimeError(
            "device 'cuda' needs CuPy, which is not installed. Install the wheel that matches your "
            "CUDA version (for example `pip install cupy-cuda12x`), or keep device='cpu'.") from None
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except cupy.cuda.runtime.CUDARuntimeError:
        count = 0
    if count == 0:
        raise RuntimeError("device 'cuda' was asked for, but CuPy finds no GPU on this machine; "
                           "use device='cpu'.")
    return Backend("cuda", cupy, cupy.ndarray, to_numpy=cupy.asnumpy, from_numpy=cupy.asarray,
                   scatter_add=cupyx.scatter_add)


def get_backend(device):
    """The backend for a device name: "cpu", "cuda", or one added with `register_backend`."""
    if isinstance(device, Backend):
        return device
    if device not in _backends and device == "cuda":
        register_backend(_cuda_backend())
    if device not in _backends:
        raise ValueError(f"unknown device {device!r}; use 'cpu' or 'cuda' "
                         f"(available now: {sorted(_backends)}).")
    return _backends[device]


def backend_of(array):
    """The backend whose array type `array` is, or None for lists, scalars and the like."""
    for backend in _backends.values():
        if isinstance(array, backend.array_type):
            return backend
    if type(array).__module__.startswith("cupy"):
        return get_backend("cuda")
    return None


_default_device = "cpu"


def set_default_device(device):
    """Where tensors made from host data (lists, numbers, NumPy arrays) go when no device is
    named; returns the previous default. set_default_device("cuda") moves a whole notebook."""
    global _default_device
    get_backend(device)
    previous, _default_device = _default_device, device
    return previous


def default_backend():
    return get_backend(_default_device)


def cuda_is_available():
    """True when CuPy is installed and sees at least one GPU."""
    try:
        get_backend("cuda")
    except RuntimeError:
        return False
    return True
