"""Arguments that are not plain data, built from plain data on each side of the wire.

Some graded functions take a function or an object: `bidirectional` takes two RNN step
functions, `topological_order` the root of a graph of Nodes, `beam_search` a decoder's step. The
grader cannot send a function, so it sends `Make("tanh_rnn_step", W_xh=..., W_hh=..., b=...)`;
the learner's process builds the step function from those arrays with the maker below, and the
grader builds the same one for its reference.

Randomness stays on the grader's side: a sampler is handed its uniform draws as an array (as
`sample_with_temperature` is), so that every honest sampler gives the same answer, whichever way
it consumes a random generator.

To add one: write a function from plain values (arrays, numbers, strings, lists) to the object,
and list it in MAKERS. Keep it small; it runs in the learner's process, so it must not import
minigrad.
"""
import itertools
import math
from typing import Callable

import numpy as np

_created = itertools.count()


class Node:
    """A number in a computation graph, built as chapter 2's Scalar is, except that send_grad
    returns the parents' shares (as minigrad's Tensor does) instead of adding them in itself.

    value       the number computed on the way forward
    grad        dL/d(this node): 0.0 until a backward pass fills it in
    parents     the nodes it was made from; a node used twice appears twice (x * x)
    send_grad   send_grad(g) -> (dL/d parent for each parent), given g = dL/d(this node);
                None for an input
    label       how it prints: "a", "v3 = v1 * a"
    number      a name for the node, not the order it was made in; the grader reads a node
                that a graded function returns as [number, grad] (see __array__)
    """

    def __init__(self, value: float, parents=(), send_grad: Callable = None, label: str = ""):
        self.value, self.grad = float(value), 0.0
        self.parents, self.send_grad, self.label = tuple(parents), send_grad, label
        self.number = next(_created)

    def __add__(self, other: "Node") -> "Node":
        # d(a+b)/da = 1, d(a+b)/db = 1
        return Node(self.value + other.value, (self, other), lambda g: (g, g),
                    f"{self.label} + {other.label}")

    def __mul__(self, other: "Node") -> "Node":
        # d(a*b)/da = b, d(a*b)/db = a
        return Node(self.value * other.value, (self, other),
                    lambda g: (g * other.value, g * self.value), f"{self.label} * {other.label}")

    def tanh(self) -> "Node":
        t = math.tanh(self.value)
        # d tanh(a)/da = 1 - tanh(a)^2
        return Node(t, (self,), lambda g: (g * (1 - t * t),), f"tanh({self.label})")

    def __array__(self, dtype=None, copy=None):
        return np.array([self.number, self.grad], dtype=float if dtype is None else dtype)

    def __repr__(self):
        return f"Node({self.label}: value {self.value:.4g}, grad {self.grad:.4g})"


GRAPH_OPERATIONS = ("+", "*", "tanh")


def scalar_graph(inputs, steps, numbers, as_order: bool = False):
    """A graph of Nodes, returned by its root (the last node made). The inputs come first, labelled
    a, b, c, ...; each row (operation, i, j) of the integer array `steps` makes a node from nodes i
    and j made before it, with GRAPH_OPERATIONS[operation] ("tanh" reads node i alone). Node k gets
    the number numbers[k]. as_order=True returns every node instead, the last made first: a
    topological order, root first, when every node is on a path to the root."""
    nodes = [Node(value, label=chr(ord("a") + k)) for k, value in enumerate(inputs)]
    for operation, i, j in np.asarray(steps, dtype=np.int64).tolist():
        name = GRAPH_OPERATIONS[operation]
        if name == "tanh":
            made = nodes[i].tanh()
        else:
            made = nodes[i] + nodes[j] if name == "+" else nodes[i] * nodes[j]
        made.label = f"v{len(nodes)}"
        nodes.append(made)
    for node, number in zip(nodes, numbers):
        node.number = int(number)
    return nodes[::-1] if as_order else nodes[-1]


def tanh_rnn_step(W_xh: np.ndarray, W_hh: np.ndarray, b: np.ndarray) -> Callable:
    """The step of a tanh RNN, h_t = tanh(x_t W_xh^T + h_(t-1) W_hh^T + b), as step(x_t, h)."""
    def step(x, h):
        return np.tanh(x @ W_xh.T + h @ W_hh.T + b)
    return step


def toy_decoder(embedding: np.ndarray, W_hh: np.ndarray, W_hy: np.ndarray,
                b_y: np.ndarray) -> Callable:
    """A small recurrent decoder for one output sequence, as step(token, state) ->
    (log_probs, new_state):
        new_state = tanh(embedding[token] + state W_hh^T)          (H,)
        log_probs = log softmax(new_state W_hy^T + b_y)             (V,), one per token"""
    def step(token, state):
        state = np.tanh(embedding[int(token)] + np.asarray(state, dtype=float) @ W_hh.T)
        scores = state @ W_hy.T + b_y
        scores = scores - scores.max()
        return scores - np.log(np.exp(scores).sum()), state
    return step


def generator(seed):
    """A NumPy random Generator, for a function whose result does not depend on how it draws."""
    return np.random.default_rng(seed)


MAKERS = {"scalar_graph": scalar_graph, "tanh_rnn_step": tanh_rnn_step,
          "toy_decoder": toy_decoder, "generator": generator}
