"""Convolution and pooling over time, for sequences laid out time first: x of shape (T, B, C).

A 1-D convolution slides one small linear layer along the sequence: output step t reads the
window x_t .. x_{t+k-1} of k consecutive steps, with the same weights at every t. It is built
here exactly that way, from ops the engine already has: the windows are picked by indexing
(whose backward scatter-adds each step's gradient into every window that used it), and the
shared weights are one matmul.
"""
import numpy as np

from ..errors import ShapeError
from ..tensor import Tensor
from .init import fan_in_uniform
from .module import Module


class Conv1d(Module):
    """y_t = b + Σ_{j=0}^{k-1} W[:, :, j] x_{t+j}   for t = 0 .. T-k   (no padding, stride 1)

    As in PyTorch this is a cross-correlation (the kernel is not flipped), and the weight has
    shape (out_channels, in_channels, kernel_size). x: (T, B, in_channels) -> y: (T-k+1, B,
    out_channels). Initialised uniform in ±1/sqrt(in_channels * kernel_size), the fan-in.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        if kernel_size < 1:
            raise ValueError(f"Conv1d: kernel_size must be at least 1, got {kernel_size}.")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = kernel_size
        fan_in = in_channels * kernel_size
        self.weight = fan_in_uniform((out_channels, in_channels, kernel_size), fan_in)
        self.bias = fan_in_uniform((out_channels,), fan_in)

    def forward(self, x: Tensor) -> Tensor:
        x = self.bias._lift(x)
        k = self.kernel_size
        if x.ndim != 3 or x.shape[2] != self.in_channels or x.shape[0] < k:
            raise ShapeError(f"Conv1d({self.extra_repr()}): expects x of shape (T, B, "
                             f"{self.in_channels}) with T >= kernel_size = {k}, got {x.shape}.")
        steps, batch = x.shape[0] - k + 1, x.shape[1]
        window_steps = np.arange(steps)[:, None] + np.arange(k)[None, :]       # (T-k+1, k)
        windows = x[window_steps].transpose(0, 2, 1, 3)                       # (T-k+1, B, k, C)
        windows = windows.reshape(steps, batch, k * self.in_channels)
        # Flatten W the same way, (out, k, in), so that column j*C + c multiplies x_{t+j}[c].
        kernel = self.weight.transpose(0, 2, 1).reshape(self.out_channels, k * self.in_channels)
        return windows @ kernel.T + self.bias

    def extra_repr(self):
        return f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}"


class MaxPool1d(Module):
    """y_t = max(x_{kt}, ..., x_{kt+k-1}), channel by channel: non-overlapping windows of k
    steps, so the sequence gets k times shorter (steps left over at the end are dropped).
    dL/dx = g at each window's maximum, 0 elsewhere. x: (T, B, C) -> (T // k, B, C)."""

    def __init__(self, kernel_size: int):
        if kernel_size < 1:
            raise ValueError(f"MaxPool1d: kernel_size must be at least 1, got {kernel_size}.")
        self.kernel_size = kernel_size

    def forward(self, x: Tensor) -> Tensor:
        x = x if isinstance(x, Tensor) else Tensor(x)
        k = self.kernel_size
        if x.ndim != 3 or x.shape[0] < k:
            raise ShapeError(f"MaxPool1d(kernel_size={k}): expects x of shape (T, B, C) with "
                             f"T >= {k}, got {x.shape}.")
        steps = x.shape[0] // k
        return x[:steps * k].reshape(steps, k, x.shape[1], x.shape[2]).max(axis=1)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}"
