"""Sequence layers: a recurrent cell unrolled over time, optionally stacked and bidirectional.

    output, state = LSTM(input_size, hidden_size)(x)       # x: (T, B, input_size)

output holds the hidden state of every step, (T, B, directions * hidden), ready for a
many-to-many head; state is the last step's (h_n, or (h_n, c_n) for the LSTM), of shape
(num_layers * directions, B, hidden), ready for a many-to-one head or to start a decoder.
"""
from .. import ops
from ..errors import ShapeError
from .cells import GRUCell, LSTMCell, RNNCell
from .module import Module


class RecurrentLayer(Module):
    """A cell of class `cell_type` unrolled over a sequence (see the module docstring).

    num_layers: layers stacked in depth, each reading the hidden states of the one below.
    bidirectional: each layer also runs a second cell from the last step to the first; the two
        hidden states of a step are concatenated (forward first).
    batch_first: x and output are (B, T, features) instead of (T, B, features).
    After forward, hidden_states[k][t] is the h_t tensor of cell k (k = layer * directions +
    direction): call .retain_grad() on them before backward to read dL/dh_t.
    """

    cell_type = None

    def __init__(self, input_size, hidden_size, num_layers=1, bidirectional=False,
                 batch_first=False, **cell_options):
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bidirectional, self.batch_first = bidirectional, batch_first
        self.directions = 2 if bidirectional else 1
        self.cells = [self.cell_type(input_size if layer == 0 else hidden_size * self.directions,
                                     hidden_size, **cell_options)
                      for layer in range(num_layers) for _ in range(self.directions)]
        self.hidden_states = []

    def forward(self, x, state=None):
        x = self.cells[0].b._lift(x)
        if x.ndim != 3 or x.shape[2] != self.input_size:
            layout = "(B, T, features)" if self.batch_first else "(T, B, features)"
            raise ShapeError(f"{type(self).__name__}: expects x of shape {layout} with "
                             f"{self.input_size} features, got {x.shape}.")
        inputs = x.transpose(1, 0, 2) if self.batch_first else x
        initial = self._initial_states(state, inputs.shape[1])
        self.hidden_states, finals = [], []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(self.directions):
                k = layer * self.directions + direction
                hiddens, final = self.cells[k].unroll(inputs, initial[k], reverse=direction == 1)
                self.hidden_states.append(hiddens)
                outputs.append(ops.stack(hiddens))
                finals.append(final)
            inputs = outputs[0] if self.directions == 1 else ops.concat(outputs, axis=-1)
        output = inputs.transpose(1, 0, 2) if self.batch_first else inputs
        return output, self._pack(finals)

    def _pack(self, finals):
        return ops.stack(finals, axis=0)

    def _initial_states(self, state, batch_size):
        """One initial state per cell: from `state` (stacked like the final state) or None."""
        count = self.num_layers * self.directions
        if state is None:
            return [None] * count
        self._check_state(state, count, batch_size)
        return [state[k] for k in range(count)]

    def _check_state(self, h, count, batch_size):
        expected = (count, batch_size, self.hidden_size)
        if h.shape != expected:
            raise ShapeError(f"{type(self).__name__}: the initial state must have shape "
                             f"(num_layers * directions, B, hidden) = {expected}, got {h.shape}.")

    def extra_repr(self):
        options = [f"{self.input_size}, {self.hidden_size}"]
        options += [f"num_layers={self.num_layers}"] if self.num_layers > 1 else []
        options += ["bidirectional=True"] if self.bidirectional else []
        options += ["batch_first=True"] if self.batch_first else []
        return ", ".join(options)


class RNN(RecurrentLayer):
    """The vanilla RNN over a sequence; see RNNCell and RecurrentLayer."""

    cell_type = RNNCell


class GRU(RecurrentLayer):
    """The GRU over a sequence; see GRUCell and RecurrentLayer."""

    cell_type = GRUCell


class LSTM(RecurrentLayer):
    """The LSTM over a sequence; see LSTMCell and RecurrentLayer. Its state is a pair (h, c), both
    of shape (num_layers * directions, B, hidden)."""

    cell_type = LSTMCell

    def _pack(self, finals):
        return (ops.stack([h for h, _ in finals], axis=0), ops.stack([c for _, c in finals], axis=0))

    def _initial_states(self, state, batch_size):
        if state is None:
            return [None] * (self.num_layers * self.directions)
        h, c = state
        return list(zip(super()._initial_states(h, batch_size),
                        super()._initial_states(c, batch_size)))
