"""Checks for exercises/ex02_scalar_engine.py: the core of a reverse-mode engine on single numbers,
a topological order of a graph and a backward pass, on graphs of Nodes (child/makers.py)."""
import numpy as np

from ..child.wire import Make
from ..child.makers import GRAPH_OPERATIONS
from ..exercise import Case, Exercise, Mistake, Valid, materialize

FILE = "ex02_scalar_engine.py"
PLUS, TIMES, TANH = range(len(GRAPH_OPERATIONS))


def random_graph(rng) -> Make:
    """A graph of 8 to 16 nodes, numbered in a shuffled order, with a node multiplied by itself
    and a node read by two later nodes, and every node on a path to the root."""
    while True:
        inputs = rng.normal(size=int(rng.integers(2, 5))) * 0.8
        operations = int(rng.integers(5, 9))
        square = int(rng.integers(1, operations))
        steps = []
        for made_before in range(len(inputs), len(inputs) + operations):
            recent = int(rng.integers(max(0, made_before - 3), made_before))
            if len(steps) == square:
                steps.append([TIMES, made_before - 1, made_before - 1])
                continue
            operation = int(rng.choice([PLUS, TIMES, TANH], p=[0.4, 0.4, 0.2]))
            steps.append([operation, recent, int(rng.integers(0, made_before))])
        count = len(inputs) + len(steps)
        for k in [k for k in range(count - 1) if uses(steps, k) == 0]:   # every node reaches
            steps.append([PLUS, count - 1, k])                          # the root
            count += 1
        if any(uses(steps, k) >= 2 and not square_of(steps, k) for k in range(count)):
            return Make("scalar_graph", inputs=inputs, steps=np.array(steps),
                        numbers=rng.permutation(count))


def uses(steps, k) -> int:
    """How many times node k is read by later nodes (twice for k * k)."""
    return sum((step[1] == k) + (step[0] != TANH and step[2] == k) for step in steps)


def square_of(steps, k) -> bool:
    """Whether node k is read only by one node, k * k."""
    readers = [step for step in steps if k in (step[1], step[2] if step[0] != TANH else None)]
    return len(readers) == 1


def chain(rng, length) -> Make:
    """x * f * f * ... * f: a graph `length` nodes deep, with f read by every step."""
    steps = [[TIMES, k, 0] for k in range(1, length + 1)]
    return Make("scalar_graph", inputs=np.array([1 + 1e-4 * rng.normal(), rng.normal()]),
                steps=np.array(steps), numbers=rng.permutation(length + 2))


def graph_cases(rng, as_order=False):
    """Two small graphs and a long chain, each given by its root, with the chain just deeper than
    Python's recursion limit (1,000 nested calls); or, as_order=True, each as a topological order
    of its nodes, with a chain of a few hundred: a given order needs no depth, and every node
    returned costs the learner's process time (and the class's CPU time in a batch)."""
    length = int(rng.integers(200, 300) if as_order else rng.integers(1050, 1150))
    graphs = [(random_graph(rng), "a graph of a few nodes, one of them used twice"),
              (random_graph(rng), "another graph of a few nodes"),
              (chain(rng, length), "x * f * f * ... * f, with f read by every step" if as_order else
               "x * f * f * ... * f, a chain deeper than Python's recursion limit")]
    if as_order:
        graphs = [(Make(graph.name, **graph.args, as_order=True), f"{about}, in topological order")
                  for graph, about in graphs]
    return [Case((graph,), about) for graph, about in graphs]


def depth_first_order(root, visited=True) -> list:
    """Every node reachable from root, each before the nodes it was made from (root first), by an
    explicit stack. visited=False forgets which nodes were seen: a node reached along two paths
    is listed once per path."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif not visited or id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order[::-1]


def run_backward(root, order, accumulate=True, start=1.0) -> list:
    """Send the gradient from root through `order`, returning the graph's nodes as rows."""
    root.grad = start
    for node in order:
        if node.send_grad is None:
            continue
        for parent, g in zip(node.parents, node.send_grad(node.grad)):
            parent.grad = parent.grad + g if accumulate else g
    return rows(depth_first_order(root))


def shares_discarded(order) -> list:
    """Chapter 2's Scalar loop on Nodes: send_grad is called, and the shares it returns are lost."""
    order[0].grad = 1.0
    for node in order:
        if node.send_grad is not None:
            node.send_grad(node.grad)
    return rows(depth_first_order(order[0]))


def rows(nodes) -> np.ndarray:
    """[number, grad] per node, sorted by number: how the grader reads a list of nodes."""
    table = np.array([[node.number, node.grad] for node in nodes], dtype=float)
    return table[np.argsort(table[:, 0])]


def topological_order(root):
    return rows(depth_first_order(root))


def backward(order):
    return run_backward(order[0], order)


def labels_and_parents(args) -> tuple:
    """{number: label} and {number: [parent numbers]} of the case's graph (given by its root, or
    as a list of its nodes)."""
    graph = materialize(args[0])
    nodes = depth_first_order(graph[0] if isinstance(graph, list) else graph)
    return ({node.number: node.label for node in nodes},
            {node.number: [parent.number for parent in node.parents] for node in nodes})


def numbers_of(value) -> np.ndarray:
    """The node numbers of a returned list of nodes (read as [number, grad] rows) or of numbers."""
    value = np.asarray(value, dtype=float)
    numbers = value[:, 0] if value.ndim == 2 else value
    if value.ndim not in (1, 2) or not np.all(numbers == np.round(numbers)):
        raise ValueError("not a list of nodes")
    return numbers.astype(int)


def node_set_problem(numbers, label) -> str | None:
    """What is wrong with the set of nodes returned, if anything."""
    seen, twice = set(), None
    for number in numbers:
        if number in seen and twice is None:
            twice = number
        seen.add(number)
    if twice is not None and twice in label:
        return (f"node {label[twice]} is listed {list(numbers).count(twice)} times; list each node "
                f"of the graph once")
    if seen - set(label):
        return f"holds {len(seen - set(label))} node(s) that are not in the root's graph"
    missing = [label[n] for n in label if n not in seen]
    if missing:
        return (f"{len(missing)} of the graph's {len(label)} nodes are missing (for example "
                f"{missing[0]}): every node the root was made from, directly or not, belongs")
    return None


def valid_order(value, expected, args) -> str | None:
    label, parents = labels_and_parents(args)
    numbers = list(numbers_of(value))
    problem = node_set_problem(numbers, label)
    if problem:
        return problem
    position = {number: index for index, number in enumerate(numbers)}
    for number in numbers:
        for parent in parents[number]:
            if position[parent] < position[number]:
                return (f"{label[parent]} comes before {label[number]}, which was made from it; "
                        f"each node must come before the nodes it was made from (the root first)")
    return None


def same_gradients(value, expected, args) -> str | None:
    label, parents = labels_and_parents(args)
    got = np.asarray(value, dtype=float)
    problem = node_set_problem(list(numbers_of(got)), label)
    if problem:
        return problem
    got, want = got[np.argsort(got[:, 0])], np.asarray(expected, dtype=float)
    scale = max(1.0, float(np.abs(want[:, 1]).max()))
    tolerance = 1e-6 * scale + 1e-6 * np.abs(want[:, 1])
    wrong = np.flatnonzero(np.abs(got[:, 1] - want[:, 1]) > tolerance)
    if not len(wrong):
        return None
    first = wrong[0]
    readers = sum(parents[n].count(int(want[first, 0])) for n in parents)
    return (f"dL/d({label[int(want[first, 0])]}) is {got[first, 1]:.6g}, expected "
            f"{want[first, 1]:.6g} ({len(wrong)} of {len(want)} gradients differ; this node is "
            f"read {readers} time(s) by later nodes)")


def listed_twice(value, args) -> bool:
    numbers = numbers_of(value)
    return len(set(numbers)) < len(numbers)


def reversed_order(value, args) -> bool:
    return valid_order(np.asarray(value, dtype=float)[::-1], None, args) is None


EXERCISES = [
    Exercise(
        name="topological_order", file=FILE, chapter="02",
        cases=graph_cases, reference=topological_order,
        answer=Valid("the order", "each node before the nodes it was made from, root first, every "
                                  "node once", accepts=valid_order,
                     form="a list of the graph's nodes"),
        points=2,
        mistakes=(
            Mistake("the order is reversed: the inputs come first. Backward needs the root first, "
                    "each node before the nodes it was made from (reverse the list your search "
                    "builds)", matches=reversed_order),
            Mistake("a node reached along two paths is listed twice: remember the nodes already "
                    "visited (a set of id(node)), so each is listed once", matches=listed_twice),
        ),
        hints=(
            "A node may send its gradient on only after every node that uses it has sent it "
            "theirs: in the list, every node must come before its parents.",
            "Depth-first search lists a node once all its parents are listed: that gives the "
            "inputs first. Reverse that list at the end.",
            "Recursion, as in chapter 2's search, fails on the grader's chain of over 1,000 nodes "
            "(Python stops at about 1,000 nested calls). Keep your own stack of (node, "
            "parents_done) pairs instead.",
            "order, seen, stack = [], set(), [(root, False)]; pop a pair; if parents_done: append "
            "the node; elif id(node) not in seen: add it to seen, push (node, True), then push "
            "(parent, False) for each parent. Return order[::-1].",
        )),
    Exercise(
        name="backward", file=FILE, chapter="02",
        cases=lambda rng: graph_cases(rng, as_order=True), reference=backward,
        answer=Valid("the gradients", "order[0].grad = 1, then for each node in order, "
                                      "parent.grad += g for each (parent, g) of "
                                      "send_grad(node.grad)",
                     accepts=same_gradients, form="the graph's nodes, each with its .grad"),
        points=1,
        mistakes=(
            Mistake("a node used twice gets only one of its contributions: parent.grad = g "
                    "overwrites what another use sent; add it, parent.grad += g",
                    computes=lambda order: run_backward(order[0], order, accumulate=False)),
            Mistake("the gradients were sent in the wrong order (inputs first): a node must have "
                    "received everything from the nodes made from it before it sends its own on; "
                    "go through the order as given, root first",
                    computes=lambda order: run_backward(order[0], order[::-1])),
            Mistake("every gradient is 0: start from dL/dL = 1 at the root, order[0].grad = 1.0",
                    computes=lambda order: run_backward(order[0], order, start=0.0)),
            Mistake("only the root has a gradient: a Node's send_grad(g) returns one share per "
                    "parent and, unlike chapter 2's Scalar, adds nothing itself; add each share to "
                    "its parent's .grad", computes=shares_discarded),
        ),
        hints=(
            "dL/dL = 1: the root's gradient is 1. Every other gradient arrives from the nodes "
            "that were made from it.",
            "Go through the order, root first, and call node.send_grad(node.grad) for every node "
            "that has one: it returns one gradient per parent, in the order of node.parents.",
            "A node used twice (x * x, or x read by two nodes) receives one share per use: they add "
            "up.",
            "order[0].grad = 1.0; for node in order: if node.send_grad is not None: for parent, g in "
            "zip(node.parents, node.send_grad(node.grad)): parent.grad += g. Return order.",
        )),
]
