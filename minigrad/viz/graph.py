"""Reading the graph behind a tensor: its nodes, its edges, what each node is, and dL/d(node).

The graph is what the ops recorded: every tensor keeps the tensors it was computed from in
`_parents`, its op's name in `_op`, and the closure that sends gradients back in `_backward`.
This module walks that record without changing it; drawing it is left to picture.py.
"""
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..nn.module import Module
from ..gradient_sums import GradientSums
from ..tensor import SharedBackward, Tensor, _graph_freed

# What a node is, as the picture colours it.
PARAMETER, INPUT, CONSTANT, OP, FREED = "parameter", "input", "constant", "op", "freed"


@dataclass
class Graph:
    """The tensors that lead to `root`, in creation order (so every tensor comes after the
    tensors it was computed from), and the edges parent -> child with how often each occurs (an
    op that reads one tensor twice, as x * x does, has two edges from it)."""

    root: Tensor
    tensors: list
    edges: Counter

    @classmethod
    def of(cls, root: Tensor) -> "Graph":
        found, seen, stack = [root], {id(root)}, [root]
        edges = Counter()
        while stack:  # an explicit stack: an RNN unrolled over 1,000 steps is deeper than recursion
            child = stack.pop()
            for parent in child._parents:
                edges[id(parent), id(child)] += 1
                if id(parent) not in seen:
                    seen.add(id(parent))
                    found.append(parent)
                    stack.append(parent)
        found.sort(key=lambda tensor: tensor._number)
        return cls(root, found, edges)


def check_drawable(root) -> None:
    """Refuse what has no graph to draw, saying why and what to do instead."""
    if not isinstance(root, Tensor):
        raise TypeError(f"draw_graph: expects a minigrad Tensor, got {type(root).__name__}. "
                        f"Draw the tensor a computation returns, for example draw_graph(loss).")
    if root._backward is _graph_freed:
        raise RuntimeError(
            f"draw_graph: the graph behind this {root._op} result was freed by an earlier "
            f"backward(), which releases the graph as it goes to save memory. Draw it before "
            f"calling backward(), call backward(retain_graph=True), or recompute the forward pass. "
            f"To see gradients on the graph, use draw_graph(loss, gradients=True) before backward.")
    if root.is_leaf and root._op not in ("leaf", "constant"):
        raise RuntimeError(
            f"draw_graph: this tensor was computed by {root._op}, but no graph was recorded: "
            f"none of its inputs requires grad or it was computed inside no_grad(). Create the "
            f"inputs you want to trace with requires_grad=True (the parameters of nn modules "
            f"already are) and compute it outside no_grad().")


def kind_of(tensor: Tensor) -> str:
    """parameter: a leaf that gets a gradient; input: data made by you, or computed from data
    alone; constant: a number lifted into the graph, a detached tensor, a zero initial state;
    op: a recorded operation; freed: an op whose graph an earlier backward() released."""
    if tensor._backward is _graph_freed:
        return FREED
    if not tensor.is_leaf:
        return OP
    if tensor.requires_grad:
        return PARAMETER
    return CONSTANT if tensor._op == "constant" else INPUT


def names_of(names) -> dict:
    """{id(tensor): name} from a Module (its parameters' dotted names) or a mapping of names to
    tensors, lists of tensors ("h[0]", "h[1]", ...) and modules, such as {"x": x, "rnn": rnn}
    or vars(). Names starting with "_" are skipped (a notebook's namespace is full of them);
    the first name given to a tensor wins."""
    if names is None:
        return {}
    items = names.named_parameters() if isinstance(names, Module) else names.items()
    found = {}
    for name, value in items:
        if not isinstance(name, str) or name.startswith("_"):
            continue
        if isinstance(value, Module):
            pairs = value.named_parameters(prefix=f"{name}.")
        elif isinstance(value, Tensor):
            pairs = [(name, value)]
        elif isinstance(value, (list, tuple)):
            pairs = [(f"{name}[{i}]", item) for i, item in enumerate(value)
                     if isinstance(item, Tensor)]
        else:
            continue
        for full_name, tensor in pairs:
            found.setdefault(id(tensor), full_name)
    return found


def gradients(graph: Graph) -> dict:
    """{id(tensor): dL/d(tensor) as a NumPy array} for every tensor of the graph that a gradient
    reaches, where L is the root (one number).

    This is the engine's reverse pass, run on the side: it calls each node's backward closure,
    newest node first, and adds up what arrives at each parent with the engine's own
    GradientSums. Unlike Tensor.backward it stores nothing in .grad, frees nothing and calls
    no hooks, so drawing changes nothing a learner will use next; its values are the ones
    loss.backward() would put in .grad (without hooks).
    """
    root = graph.root
    if root.size != 1:
        raise ValueError(
            f"draw_graph: gradients=True shows dL/d(node) for one number L, but the tensor drawn "
            f"has shape {root.shape}. Reduce it to a loss first, for example "
            f"draw_graph(out.sum(), gradients=True).")
    if not root.requires_grad:
        return {}
    arriving = GradientSums(root, root.xp.ones(root.shape, dtype=root.dtype))
    found = {}
    for node in reversed(graph.tensors):
        g = arriving.pop(node)
        if g is None:
            continue
        found[id(node)] = node._backend.to_numpy(g)
        if node.is_leaf:
            continue
        if node._backward is _graph_freed:
            raise RuntimeError(
                f"draw_graph: gradients=True needs the whole graph, but the part behind a "
                f"{node._op} node was freed by an earlier backward(). Recompute the forward pass "
                f"(or call backward(retain_graph=True)) and draw before calling backward().")
        if type(node._backward) is SharedBackward:  # an op with several outputs, such as h and c
            outputs = node._backward.outputs_alive()
            g = [g if output is node else None if output is None else arriving.pop(output)
                 for output in outputs]
            found.update((id(output), output._backend.to_numpy(output_grad))
                         for output, output_grad in zip(outputs, g) if output_grad is not None)
        for parent, parent_grad in zip(node._parents, node._backward(g)):
            if parent_grad is not None and parent.requires_grad:
                arriving.add(parent, parent_grad, node)  # the engine's own sum
    return found


def short_number(value: float) -> str:
    """4 significant digits, without a trailing '.0' clutter: 0.7616, -12.5, 1e-08."""
    return f"{value:.4g}"


def numbers(array: np.ndarray) -> str:
    """One number, or a short list of them, as a label shows it."""
    flat = np.asarray(array, dtype=float).reshape(-1)
    if flat.size == 1:
        return short_number(flat[0])
    return "[" + ", ".join(short_number(v) for v in flat) + "]"


def label_lines(tensor: Tensor, kind: str, name, gradient, with_gradient: bool) -> list:
    """What a node says, as (text, style) lines: what it is ("title"); its shape, and its values
    when it holds up to 4 numbers; with gradients, dL/d(node) ("gradient"): the values when few,
    else their norm, or "none" where no gradient reaches the node."""
    what = tensor._op if kind in (OP, FREED) else kind
    if kind == INPUT and tensor._op != "leaf":
        what = f"{tensor._op} (no grad)"  # computed from data alone: its inputs are not recorded
    if name is not None:
        what = f"{name} = {what}" if kind in (OP, FREED) else name
    lines = [(what, "title")]
    shape = str(tuple(tensor.shape)) + ("" if tensor.dtype == "float32" else f" {tensor.dtype}")
    if tensor.size <= 4:
        values = "= " + numbers(tensor.numpy())
        lines.append((values if tensor.ndim == 0 else f"{shape} {values}", "plain"))
    else:
        lines.append((shape, "plain"))
    if kind == FREED:
        lines.append(("freed by backward()", "plain"))
    if with_gradient and tensor.requires_grad:
        if gradient is None:
            text = "grad none"
        elif gradient.size <= 4:
            text = "grad " + numbers(gradient)
        else:
            text = f"grad norm {short_number(float(np.linalg.norm(gradient)))}"
        lines.append((text, "gradient"))
    return lines
