"""Recurrent cells: one time step each, written as the course's equations.

Rows of x and h are batch items, so a matrix W from the equations (which act on column vectors)
appears as `x @ W.T`. Weights are stored (output, input), as in PyTorch.
"""
from ..errors import ShapeError
from ..tensor import Tensor
from .init import fan_in_uniform
from .module import Module


class RecurrentCell(Module):
    """What the three cells share: sizes, input checks, the zero initial state. Every cell has a
    bias `b`, whose device and dtype the inputs and states follow."""

    def __init__(self, input_size, hidden_size):
        self.input_size, self.hidden_size = input_size, hidden_size

    def zeros(self, batch_size):
        """A (batch_size, hidden_size) state of zeros on the cell's device, in its dtype."""
        return Tensor._constant(self.b.xp.zeros((batch_size, self.hidden_size), dtype=self.b.dtype),
                                self.b._backend)

    def _checked(self, x):
        """x as a tensor on the cell's device and in its dtype, with its shape checked."""
        x = self.b._lift(x)
        if x.ndim != 2 or x.shape[1] != self.input_size:
            raise ShapeError(f"{type(self).__name__}({self.input_size}, {self.hidden_size}): one "
                             f"step takes x of shape (batch, {self.input_size}), got {x.shape}. "
                             f"For a whole sequence use the layer (RNN, LSTM or GRU).")
        return x

    def extra_repr(self):
        return f"{self.input_size}, {self.hidden_size}"


class RNNCell(RecurrentCell):
    """The vanilla RNN step:   h_t = tanh(W_xh x_t + W_hh h_{t-1} + b).

    W_xh: (hidden, input), W_hh: (hidden, hidden), b: (hidden,). nonlinearity="relu" swaps tanh
    for max(0, .). PyTorch's RNNCell has two biases; their sum is our b.
    """

    def __init__(self, input_size, hidden_size, nonlinearity="tanh"):
        super().__init__(input_size, hidden_size)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNNCell: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}.")
        self.nonlinearity = nonlinearity
        self.W_xh = fan_in_uniform((hidden_size, input_size), hidden_size)
        self.W_hh = fan_in_uniform((hidden_size, hidden_size), hidden_size)
        self.b = fan_in_uniform((hidden_size,), hidden_size)

    def forward(self, x, h=None):
        x = self._checked(x)
        h = self.zeros(x.shape[0]) if h is None else h
        pre_activation = x @ self.W_xh.T + h @ self.W_hh.T + self.b
        return pre_activation.tanh() if self.nonlinearity == "tanh" else pre_activation.relu()


class LSTMCell(RecurrentCell):
    """The LSTM step. One matmul computes the pre-activations of all four gates from [x_t, h_{t-1}]:

        i_t = σ(W_i [h_{t-1}, x_t] + b_i)      input gate: how much to write
        f_t = σ(W_f [h_{t-1}, x_t] + b_f)      forget gate: how much of c_{t-1} to keep
        g_t = tanh(W_g [h_{t-1}, x_t] + b_g)   candidate ("gate gate"): what to write
        o_t = σ(W_o [h_{t-1}, x_t] + b_o)      output gate: how much of the cell to show
        c_t = f_t * c_{t-1} + i_t * g_t        the cell state: an additive path through time
        h_t = o_t * tanh(c_t)

    W_x: (4 hidden, input) and W_h: (4 hidden, hidden) stack the gates in the order i, f, g, o
    (PyTorch's order). forget_bias, if given, sets b_f to that value (1.0 is a common choice: the
    cell starts out remembering). The state is the pair (h, c).
    """

    def __init__(self, input_size, hidden_size, forget_bias=None):
        super().__init__(input_size, hidden_size)
        self.W_x = fan_in_uniform((4 * hidden_size, input_size), hidden_size)
        self.W_h = fan_in_uniform((4 * hidden_size, hidden_size), hidden_size)
        self.b = fan_in_uniform((4 * hidden_size,), hidden_size)
        self.forget_bias = forget_bias
        if forget_bias is not None:
            self.b.data[hidden_size:2 * hidden_size] = forget_bias

    def gates(self, x, h):
        """(input gate, forget gate, candidate, output gate) for input x and previous hidden h."""
        pre_activations = x @ self.W_x.T + h @ self.W_h.T + self.b
        i, f, g, o = pre_activations.split(4, axis=-1)
        return i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()

    def forward(self, x, state=None):
        x = self._checked(x)
        h, c = (self.zeros(x.shape[0]),) * 2 if state is None else state
        input_gate, forget_gate, candidate, output_gate = self.gates(x, h)
        cell_state = forget_gate * c + input_gate * candidate
        hidden = output_gate * cell_state.tanh()
        return hidden, cell_state

    def extra_repr(self):
        extra = "" if self.forget_bias is None else f", forget_bias={self.forget_bias}"
        return super().extra_repr() + extra


class GRUCell(RecurrentCell):
    """The GRU step, as in the course notes (biases added):

        z_t = σ(W_z [h_{t-1}, x_t] + b_z)               update gate
        r_t = σ(W_r [h_{t-1}, x_t] + b_r)               reset gate
        h~_t = tanh(W_c [r_t * h_{t-1}, x_t] + b_c)     candidate
        h_t = (1 - z_t) * h_{t-1} + z_t * h~_t

    W_x: (3 hidden, input) holds the input weights of z, r and the candidate; W_h: (2 hidden,
    hidden) the hidden weights of z and r; W_hc: (hidden, hidden) the candidate's weights on r*h.

    How torch.nn.GRUCell differs: it writes h_t = (1 - z) * h~ + z * h_{t-1}, so its z is our
    1 - z (its update gate says how much to keep, ours how much to change); it applies the reset
    gate after the matmul, h~ = tanh(W_xc x + b_xc + r * (W_hc h + b_hc)); and it stacks its
    weights as (reset, update, candidate). reset_after=True uses torch's reset placement (with
    its extra bias b_hc); the meaning of z stays ours.
    """

    def __init__(self, input_size, hidden_size, reset_after=False):
        super().__init__(input_size, hidden_size)
        self.reset_after = reset_after
        self.W_x = fan_in_uniform((3 * hidden_size, input_size), hidden_size)
        self.W_h = fan_in_uniform((2 * hidden_size, hidden_size), hidden_size)
        self.W_hc = fan_in_uniform((hidden_size, hidden_size), hidden_size)
        self.b = fan_in_uniform((3 * hidden_size,), hidden_size)
        self.b_hc = fan_in_uniform((hidden_size,), hidden_size) if reset_after else None

    def gates(self, x, h):
        """(update gate, reset gate, candidate) for input x and previous hidden h."""
        x_update, x_reset, x_candidate = (x @ self.W_x.T + self.b).split(3, axis=-1)
        h_update, h_reset = (h @ self.W_h.T).split(2, axis=-1)
        update_gate = (x_update + h_update).sigmoid()
        reset_gate = (x_reset + h_reset).sigmoid()
        if self.reset_after:
            recurrent = reset_gate * (h @ self.W_hc.T + self.b_hc)
        else:
            recurrent = (reset_gate * h) @ self.W_hc.T
        return update_gate, reset_gate, (x_candidate + recurrent).tanh()

    def forward(self, x, h=None):
        x = self._checked(x)
        h = self.zeros(x.shape[0]) if h is None else h
        update_gate, _, candidate = self.gates(x, h)
        return (1 - update_gate) * h + update_gate * candidate

    def extra_repr(self):
        return super().extra_repr() + (", reset_after=True" if self.reset_after else "")
