"""Checks for exercises/ex08_lstm_cell.py: one step of the LSTM, gates in the order i, f, g, o."""
import numpy as np

from ..exercise import Array, Case, Exercise, Mistake, Returns
from .tools import sigmoid, sizes


def lstm_cell_cases(rng):
    batch, inputs, hidden = sizes(rng, 3)
    args = (rng.normal(size=(batch, inputs)), rng.normal(size=(batch, hidden)),
            rng.normal(size=(batch, hidden)), rng.normal(size=(4 * hidden, inputs)) * 0.7,
            rng.normal(size=(4 * hidden, hidden)) * 0.7, rng.normal(size=4 * hidden) * 0.3)
    return [Case(args, f"one LSTM step, batch {batch}, input {inputs}, hidden {hidden}")]


def lstm_gates(x, h_prev, W_x, W_h, b):
    z_i, z_f, z_g, z_o = np.split(x @ W_x.T + h_prev @ W_h.T + b, 4, axis=1)
    return sigmoid(z_i), sigmoid(z_f), np.tanh(z_g), sigmoid(z_o)


def lstm_cell(x, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def c_and_h_swapped(*args):
    h, c = lstm_cell(*args)
    return c, h


def h_without_tanh(x, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = f * c_prev + i * g
    return o * c, c


EXERCISES = [
    Exercise(
        name="lstm_cell", file="ex08_lstm_cell.py", chapter="08",
        cases=lstm_cell_cases, reference=lstm_cell,
        answer=Returns(Array("h_t", "h_t = o*tanh(c_t)"),
                       Array("c_t", "c_t = f*c_prev + i*g (gates in the order i, f, g, o)"),
                       check_order=("c_t",)),
        points=2,
        mistakes=(
            Mistake("returned (c_t, h_t): the LSTM returns (h_t, c_t), the hidden state first",
                    computes=c_and_h_swapped),
            Mistake("h_t = o*c_t: the cell state goes through tanh first, h_t = o*tanh(c_t)",
                    computes=h_without_tanh, part="h_t"),
        ),
        hints=(
            "All four gates come from one product: z = x W_x^T + h_prev W_h^T + b has 4H columns, "
            "one block of H per gate.",
            "The blocks are in the order i, f, g, o: np.split(z, 4, axis=1). The sigmoid goes on "
            "i, f and o, tanh on g.",
            "c_t = f * c_prev + i * g; h_t = o * tanh(c_t); return (h_t, c_t), the hidden state "
            "first.",
        )),
]
