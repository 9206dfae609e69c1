"""Sequence layers: a recurrent cell unrolled over time, optionally stacked and bidirectional.

    output, state = LSTM(input_size, hidden_size)(x)       # x: (T, B, input_size)

output holds the hidden state of every step, (T, B, directions * hidden), ready for a
many-to-many head; state is the last step's (h_n, or (h_n, c_n) for the LSTM), of shape
(num_layers * directions, B, hidden), ready for a many-to-one head or to start a decoder.
Between windows of truncated BPTT, cut the carried state from the graph with
`state = detach_state(state)`, whatever the layer.
"""
from .. import ops
from ..errors import ShapeError
from ..tensor import Tensor
from ..validation import positive_int, same_device_and_dtype, state_description
from .cells import GRUCell, LSTMCell, RNNCell
from .module import Module


def detach_state(state):
    """`state` cut from the graph, in the form it came: a tensor (RNN, GRU), or a tuple or list
    of them (the LSTM's (h, c)), nested as given; None stays None. Gradients then stop at the
    start of the next window, as truncated BPTT needs:  state = nn.detach_state(state)."""
    if state is None:
        return None
    if isinstance(state, (tuple, list)):
        return type(state)(detach_state(part) for part in state)
    if isinstance(state, Tensor):
        return state.detach()
    raise TypeError(f"detach_state: expects a recurrent state (a tensor, or a tuple or list of "
                    f"tensors), got {type(state).__name__}.")


class RecurrentLayer(Module):
    """A cell of class `cell_type` unrolled over a sequence (see the module docstring).

    num_layers: layers stacked in depth, each reading the hidden states of the one below.
    bidirectional: each layer also runs a second cell from the last step to the first; the two
        hidden states of a step are concatenated (forward first).
    batch_first: x and output are (B, T, features) instead of (T, B, features); the state keeps
        its layout, (num_layers * directions, B, hidden), either way.
    The initial state, if given, is shaped like the final one; a tuple or list of its per-cell
    slices (each (B, hidden), what iterating over a state gives) is accepted as well.
    After forward, hidden_states[k][t] is the h_t tensor of cell k (k = layer * directions +
    direction): call .retain_grad() on them before backward to read dL/dh_t.
    """

    cell_type = None

    def __init__(self, input_size, hidden_size, num_layers=1, bidirectional=False,
                 batch_first=False, **cell_options):
        name = type(self).__name__
        self.input_size = positive_int(name, "input_size", input_size)
        self.hidden_size = positive_int(name, "hidden_size", hidden_size)
        self.num_layers = positive_int(name, "num_layers", num_layers)
        self.bidirectional, self.batch_first = bidirectional, batch_first
        self.directions = 2 if bidirectional else 1
        self.cells = [self.cell_type(input_size if layer == 0 else hidden_size * self.directions,
                                     hidden_size, **cell_options)
                      for layer in range(num_layers) for _ in range(self.directions)]
        self.hidden_states = []

    def forward(self, x, state=None):
        name, bias = type(self).__name__, self.cells[0].b
        x = bias._lift(x)
        layout = "(B, T, features)" if self.batch_first else "(T, B, features)"
        if x.ndim != 3 or x.shape[2] != self.input_size:
            one_sequence = x.ndim == 2 and x.shape[1] == self.input_size
            hint = (f" For one sequence, add a batch axis: "
                    f"x.unsqueeze({0 if self.batch_first else 1})." if one_sequence else "")
            raise ShapeError(f"{name}: expects x of shape {layout} with {self.input_size} "
                             f"features, got {x.shape}.{hint}")
        same_device_and_dtype(name, "x", x, bias)
        inputs = x.transpose(1, 0, 2) if self.batch_first else x
        if inputs.shape[0] == 0:
            raise ShapeError(f"{name}: x of shape {x.shape} read as {layout} has no time steps "
                             f"(T = 0), so there is nothing to run.")
        initial = self._initial_states(state, x.shape)
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

    def _initial_states(self, state, x_shape):
        """One initial state per cell, from `state` (shaped like the final state) or None."""
        if state is None:
            return [None] * len(self.cells)
        if not isinstance(state, (tuple, list)) or len(state) == len(self.cells):
            return self._per_cell("h_0", state, x_shape)
        raise TypeError(f"{type(self).__name__}: the state h_0 is one tensor of shape "
                        f"(num_layers * directions, B, hidden), or a tuple or list of its "
                        f"{len(self.cells)} per-cell slices; got {state_description(state)}. "
                        f"(An LSTM's state is a pair (h, c); this layer's is h alone.)")

    def _per_cell(self, name, value, x_shape):
        """`value`, a state like the final one or a tuple or list of its per-cell slices, as one
        (B, hidden) tensor per cell; or a clear error naming the layer, the state and the fix."""
        bias, count = self.cells[0].b, len(self.cells)
        batch = x_shape[0] if self.batch_first else x_shape[1]
        expected = (count, batch, self.hidden_size)
        if value is None:
            raise TypeError(f"{type(self).__name__}: the state {name} is None; pass a tensor of "
                            f"shape (num_layers * directions, B, hidden) = {expected}.")
        if isinstance(value, (tuple, list)):
            if len(value) != count:
                raise TypeError(f"{type(self).__name__}: the state {name} came as a "
                                f"{type(value).__name__} of {len(value)} per-cell slices, but the "
                                f"layer has {count} cells (num_layers * directions); give one "
                                f"tensor of shape {expected}, or {count} slices.")
            parts = [bias._lift(part) for part in value]
            for part in parts:
                self._check_shape(name, part.shape, expected[1:], x_shape, "each slice of ")
        else:
            value = bias._lift(value)
            self._check_shape(name, value.shape, expected, x_shape, "")
            parts = [value[k] for k in range(count)]
        for part in parts:
            same_device_and_dtype(type(self).__name__, f"the state {name}", part, bias)
        return parts

    def _check_shape(self, name, shape, expected, x_shape, which):
        """`shape` must be `expected`; the error names the layer and the state, and says what
        the sizes suggest: x read in the other layout (batch_first), or a missing layer axis."""
        if shape == expected:
            return
        layout = "(B, hidden)" if len(expected) == 2 else "(num_layers * directions, B, hidden)"
        hint = ""
        other_batch = x_shape[1] if self.batch_first else x_shape[0]  # x's other leading axis
        if len(shape) == len(expected) and shape[-2] != expected[-2] and shape[-2] == other_batch:
            hint = (" With batch_first=True, x is read as (B, T, features); if yours is (T, B, "
                    "features), build the layer without batch_first." if self.batch_first else
                    " x is read as (T, B, features); if yours is (B, T, features), build the "
                    "layer with batch_first=True.")
        elif len(expected) == 3 and shape == expected[1:]:
            hint = (f" A layer's state has a leading axis for its {expected[0]} cells "
                    f"(num_layers * directions): for one layer and direction, {name}.unsqueeze(0).")
        raise ShapeError(f"{type(self).__name__}: {which}the initial state {name} must have shape "
                         f"{layout} = {expected}, got {shape}.{hint}")

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

    def _initial_states(self, state, x_shape):
        if state is None:
            return [None] * len(self.cells)
        if not isinstance(state, (tuple, list)) or len(state) != 2:
            raise TypeError(f"LSTM: the state is the pair (h_0, c_0), each of shape "
                            f"(num_layers * directions, B, hidden); got "
                            f"{state_description(state)}. Pass (h_0, c_0): with h_0 alone, start "
                            f"the cell state from zeros, (h_0, h_0 * 0), or pass None for both.")
        h, c = state
        return list(zip(self._per_cell("h_0", h, x_shape), self._per_cell("c_0", c, x_shape)))
