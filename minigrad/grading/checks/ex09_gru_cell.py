"""Checks for exercises/ex09_gru_cell.py: one step of the GRU in the course's convention, and the
ways it differs from PyTorch's."""
import numpy as np

from ..exercise import Array, Case, Exercise, Mistake
from .tools import sigmoid, sizes


def gru_cell_cases(rng):
    batch, inputs, hidden = sizes(rng, 3)
    args = (rng.normal(size=(batch, inputs)), rng.normal(size=(batch, hidden)),
            rng.normal(size=(3 * hidden, inputs)) * 0.7, rng.normal(size=(2 * hidden, hidden)) * 0.7,
            rng.normal(size=(hidden, hidden)) * 0.7, rng.normal(size=3 * hidden) * 0.3)
    return [Case(args, f"one GRU step, batch {batch}, input {inputs}, hidden {hidden}")]


def gru(x, h_prev, W_x, W_h, W_hc, b, reset_after_matmul=False, z_keeps=False):
    """The GRU step in the course's convention, or with PyTorch's choices switched on."""
    x_z, x_r, x_c = np.split(x @ W_x.T + b, 3, axis=1)
    h_z, h_r = np.split(h_prev @ W_h.T, 2, axis=1)
    z, r = sigmoid(x_z + h_z), sigmoid(x_r + h_r)
    recurrent = r * (h_prev @ W_hc.T) if reset_after_matmul else (r * h_prev) @ W_hc.T
    h_tilde = np.tanh(x_c + recurrent)
    return z * h_prev + (1 - z) * h_tilde if z_keeps else (1 - z) * h_prev + z * h_tilde


def gru_cell(x, h_prev, W_x, W_h, W_hc, b):
    return gru(x, h_prev, W_x, W_h, W_hc, b)


EXERCISES = [
    Exercise(
        name="gru_cell", file="ex09_gru_cell.py", chapter="09",
        cases=gru_cell_cases, reference=gru_cell,
        answer=Array("h_t", "h_t = (1 - z)*h_prev + z*h_tilde with "
                            "h_tilde = tanh(x_c + (r*h_prev) W_hc^T)"),
        points=2,
        mistakes=(
            Mistake("this is PyTorch's GRU convention: the reset gate applied after the matmul, "
                    "r*(h_prev W_hc^T), and z as the share of the old state kept; the course's "
                    "GRU uses h_tilde = tanh(x_c + (r*h_prev) W_hc^T) and "
                    "h_t = (1 - z)*h_prev + z*h_tilde",
                    computes=lambda *args: gru(*args, reset_after_matmul=True, z_keeps=True)),
            Mistake("the reset gate is applied after the matmul, r*(h_prev W_hc^T), as in "
                    "PyTorch's GRU; the course's candidate resets first: "
                    "h_tilde = tanh(x_c + (r*h_prev) W_hc^T)",
                    computes=lambda *args: gru(*args, reset_after_matmul=True)),
            Mistake("z and 1 - z are swapped (z as \"keep\", PyTorch's convention): the course's "
                    "GRU keeps (1 - z) of the old state and takes z of the candidate, "
                    "h_t = (1 - z)*h_prev + z*h_tilde",
                    computes=lambda *args: gru(*args, z_keeps=True)),
        ),
        hints=(
            "x W_x^T + b has 3H columns (the input parts of z, r and the candidate); h_prev W_h^T "
            "has 2H (z and r only).",
            "The reset gate acts before the candidate's matrix product: W_hc reads r * h_prev.",
            "z is the share of the candidate: h_t = (1 - z) * h_prev + z * h_tilde (PyTorch's z is"
            " the share kept instead).",
        )),
]
