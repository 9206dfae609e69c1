"""Recurrent cells, written as the course's equations.

A cell computes one time step with `cell(x_t, state)`, or a whole sequence with
`cell.unroll(x, state)`. An LSTM or GRU step runs as one fused op (minigrad/nn/fused.py) whose
backward is the step of BPTT derived by hand; `LSTMCell.gates` and `GRUCell.gates` compute the
same gates op by op, as the equations are written, and the tests check that the two agree. The
vanilla RNN's step is short enough to run as the equation, op by op. Unrolling uses what the
equations allow: the input term W_x x_t + b does not depend on h, so it is computed for every
step in one matmul before the loop; only the recurrent term W_h h_{t-1} must wait for the
previous step. One step is an unroll of length 1, so both paths run the same code.

Rows of x and h are batch items, so a matrix W from the equations (which act on column vectors)
appears as `x @ W.T`. Weights are stored (output, input), as in PyTorch.
"""
from .. import ops
from ..errors import ShapeError
from ..tensor import Tensor
from ..validation import positive_int, same_device_and_dtype, state_description
from .fused import gru_step, lstm_step
from .init import fan_in_uniform
from .module import Module


class RecurrentCell(Module):
    """What the three cells share: sizes, input and state checks, the zero initial state, the
    hoisted input projection, and one step as an unroll of length 1. Every cell has a bias `b`,
    whose device and dtype the inputs and states follow."""

    def __init__(self, input_size, hidden_size):
        self.input_size = positive_int(type(self).__name__, "input_size", input_size)
        self.hidden_size = positive_int(type(self).__name__, "hidden_size", hidden_size)

    def zeros(self, batch_size):
        """A (batch_size, hidden_size) state of zeros on the cell's device, in its dtype."""
        return Tensor._constant(self.b.xp.zeros((batch_size, self.hidden_size), dtype=self.b.dtype),
                                self.b._backend)

    def forward(self, x, state=None):
        """One time step: x of shape (batch, input) and the previous state give the new state."""
        x = self.b._lift(x)
        if x.ndim != 2 or x.shape[1] != self.input_size:
            single = x.shape == (self.input_size,)
            fix = ("For one example, add a batch axis: x.unsqueeze(0)." if single else
                   "For a whole sequence use unroll() or a layer (RNN, LSTM, GRU).")
            raise ShapeError(f"{self._name()}: one step takes x of shape (batch, "
                             f"{self.input_size}), got {x.shape}. {fix}")
        return self.unroll(x.reshape(1, *x.shape), state)[1]

    def unroll(self, x, state=None, reverse=False):
        """Run the cell over x of shape (T, batch, input), from the last step to the first if
        reverse. Returns (the T hidden states h_t in time order, the final state)."""
        x = self.b._lift(x)
        if x.ndim != 3 or x.shape[2] != self.input_size:
            raise ShapeError(f"{self._name()}: unroll takes x of shape (T, batch, "
                             f"{self.input_size}), got {x.shape}.")
        same_device_and_dtype(self._name(), "x", x, self.b)
        steps, batch = x.shape[0], x.shape[1]
        step = self._step_of(x)
        state = self._initial(batch) if state is None else self._checked_state(state, batch)
        hiddens = [None] * steps
        for t in (reversed(range(steps)) if reverse else range(steps)):
            state = step(t, state)
            hiddens[t] = state[0] if isinstance(state, tuple) else state
        return hiddens, state

    def _step_of(self, x):
        """The step of this sequence x: a function (t, previous state) -> new state. The input
        terms of every step are computed here, once, before the loop."""
        input_terms = self._input_terms(x)
        return lambda t, state: self._fused_step(x[t], state, input_terms[t])

    def _input_terms(self, x):
        """W_x x_t + b for every t at once, (T, B, input) -> (T, B, gates * hidden): a plain
        array, each step's slice handed to (and written over by) that step's fused op, which
        sends the gradients for W_x and b back itself."""
        steps, batch, features = x.shape
        terms = x.data.reshape(steps * batch, features) @ self.input_weights().data.T
        terms += self.b.data
        return terms.reshape(steps, batch, terms.shape[-1])

    def _initial(self, batch):
        return self.zeros(batch)

    def _checked_state(self, state, batch):
        """The caller's state h (one tensor), on the cell's device, or a clear error."""
        if isinstance(state, (tuple, list)):
            raise TypeError(f"{self._name()}: the state is one tensor h of shape (batch, "
                            f"{self.hidden_size}), but got {state_description(state)}. (An LSTM "
                            f"cell's state is a pair (h, c); this cell's is h alone.) To cut the "
                            f"graph between steps, pass h.detach(), or "
                            f"minigrad.nn.detach_state(state), which keeps the state's form.")
        return self._checked_part("h", state, batch)

    def _checked_part(self, name, value, batch):
        """One tensor of the state, (batch, hidden), lifted to the cell's device (host arrays are
        welcome; a list of tensors is a tuple's twin, never copied out of the graph)."""
        if value is None:
            raise TypeError(f"{self._name()}: the state {name} is None; pass a tensor of shape "
                            f"(batch, {self.hidden_size}), or None for the whole state to start "
                            f"from zeros.")
        value = self.b._lift(value)
        expected = (batch, self.hidden_size)
        if value.shape != expected:
            hint = ""
            if value.ndim == 3 and value.shape[1:] == expected:
                hint = (" A layer's state has a leading (num_layers * directions) axis; a cell "
                        f"takes one slice of it, such as {name}[0].")
            elif value.shape == expected[::-1]:
                hint = f" It looks transposed: try {name}.T."
            raise ShapeError(f"{self._name()}: the state {name} must have shape (batch, hidden) = "
                             f"{expected} for this x, got {value.shape}.{hint}")
        same_device_and_dtype(self._name(), f"the state {name}", value, self.b)
        return value

    def _name(self):
        return f"{type(self).__name__}({self.input_size}, {self.hidden_size})"

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

    def input_weights(self):
        return self.W_xh

    def _step_of(self, x):
        """h_t = tanh(projected[t] + h_{t-1} W_hh^T), op by op, with projected = x W_xh^T + b
        for all steps in one matmul and W_hh transposed once per sequence, not once per step."""
        steps, batch, features = x.shape
        flat = x.reshape(steps * batch, features) @ self.input_weights().T + self.b
        projected, W_hh_T = flat.reshape(steps, batch, flat.shape[-1]), self.W_hh.T
        activation = ops.tanh if self.nonlinearity == "tanh" else ops.relu
        return lambda t, h: activation(projected[t] + h @ W_hh_T)


class LSTMCell(RecurrentCell):
    """The LSTM step. All four gates read the same [h_{t-1}, x_t], so their pre-activations come
    from two matmuls, W_x x_t + W_h h_{t-1} = W [h_{t-1}, x_t] with W = [W_h  W_x] (chapter 8):

        i_t = σ(W_i [h_{t-1}, x_t] + b_i)      input gate: how much to write
        f_t = σ(W_f [h_{t-1}, x_t] + b_f)      forget gate: how much of c_{t-1} to keep
        g_t = tanh(W_g [h_{t-1}, x_t] + b_g)   candidate ("gate gate"): what to write
        o_t = σ(W_o [h_{t-1}, x_t] + b_o)      output gate: how much of the cell to show
        c_t = f_t * c_{t-1} + i_t * g_t        the cell state: an additive path through time
        h_t = o_t * tanh(c_t)

    W_x: (4 hidden, input) and W_h: (4 hidden, hidden) stack the gates in the order i, f, g, o
    (PyTorch's order). forget_bias, if given, sets b_f to that value (1.0 is a common choice: the
    cell starts out remembering). The state is the pair (h, c). `gates` computes the four gates
    op by op, as written above; a step runs all of these lines as one fused op (see fused.py).
    """

    def __init__(self, input_size, hidden_size, forget_bias=None):
        super().__init__(input_size, hidden_size)
        self.W_x = fan_in_uniform((4 * hidden_size, input_size), hidden_size)
        self.W_h = fan_in_uniform((4 * hidden_size, hidden_size), hidden_size)
        self.b = fan_in_uniform((4 * hidden_size,), hidden_size)
        if forget_bias is not None and not isinstance(forget_bias, (int, float)):
            raise TypeError(f"LSTMCell: forget_bias must be a number or None, got "
                            f"{forget_bias!r}.")
        self.forget_bias = forget_bias
        if forget_bias is not None:
            self.b.data[hidden_size:2 * hidden_size] = forget_bias

    def input_weights(self):
        return self.W_x

    def gates(self, x, h):
        """(input gate, forget gate, candidate, output gate) for input x and previous hidden h."""
        pre_activations = x @ self.W_x.T + h @ self.W_h.T + self.b
        i, f, g, o = pre_activations.split(4, axis=-1)
        return i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()

    def _initial(self, batch):
        return self.zeros(batch), self.zeros(batch)

    def _checked_state(self, state, batch):
        """The caller's state: the pair (h, c), as a tuple or a list."""
        if not isinstance(state, (tuple, list)) or len(state) != 2:
            raise TypeError(f"{self._name()}: the state is the pair (h, c), each of shape (batch, "
                            f"{self.hidden_size}); got {state_description(state)}. Pass (h, c): "
                            f"with h alone, start the cell state from zeros, (h, h * 0), or pass "
                            f"None for both.")
        h, c = state
        return self._checked_part("h", h, batch), self._checked_part("c", c, batch)

    def _fused_step(self, x, state, input_term):
        h, c = state
        return lstm_step(x, h, c, self.W_x, self.W_h, self.b, input_term)

    def extra_repr(self):
        extra = "" if self.forget_bias is None else f", forget_bias={self.forget_bias}"
        return super().extra_repr() + extra


class GRUCell(RecurrentCell):
    """The GRU step in the course's convention (chapter 9; Cho et al. 2014, biases added):

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

    def input_weights(self):
        return self.W_x

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

    def _fused_step(self, x, h, input_term):
        return gru_step(x, h, self.W_x, self.W_h, self.W_hc, self.b, self.b_hc, input_term)

    def extra_repr(self):
        return super().extra_repr() + (", reset_after=True" if self.reset_after else "")
