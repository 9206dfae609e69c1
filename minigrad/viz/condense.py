"""Keeping a big graph readable: fold repeated steps into one box, then cap the node count.

An unrolled RNN records the same few ops once per time step, in the order they ran. So in
creation order the graph reads as a repeated word, for example (getitem, matmul, add, tanh)
fifty times. `fold_repeats` finds the longest such repetition and draws its middle steps as one
box, keeping the first and last steps whole, so the picture still shows how one step feeds the
next. Shared weights are not part of any step (they were made before the loop), so they stay
visible with an edge into the box. If the graph is still too big, `cap` keeps the nodes computed
last (nearest the output) and puts the rest into one "omitted" box.
"""
import heapq
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .graph import PARAMETER, Graph

MIN_FOLDED = 6     # a fold that would hide fewer nodes only clutters the picture
MAX_PERIOD = 300  # the longest repeated step looked for, in ops (an LSTM step op by op is ~15)


@dataclass
class Box:
    """Several tensors drawn as one node: `members` index Graph.tensors. A folded box stands
    for `repeats` repeats of one step whose ops `step` lists."""

    kind: str  # "folded" (repeated steps) or "omitted" (beyond the cap)
    members: list
    repeats: int = 0
    step: str = ""
    inputs: int = 0  # data read only by the folded steps, folded with them

    def lines(self) -> list:
        if self.kind == "folded":
            inputs = f", {self.inputs} of them inputs" if self.inputs else ""
            return [f"… {self.repeats} repeats of a step of", self.step,
                    f"({len(self.members)} nodes in all{inputs})"]
        return [f"… {len(self.members)} earlier nodes", "omitted"]

    def describe(self) -> str:
        """The box in a sentence of the picture's note."""
        if self.kind == "folded":
            return f"{self.repeats} repeats of a step of {self.step} folded into a box"
        return f"the {len(self.members)} nodes computed first omitted"


@dataclass
class Condensed:
    """What is drawn: `items` are indices into Graph.tensors or Boxes, `edges` count the graph's
    edges between items, and `note` says what was folded or left out (empty if nothing was)."""

    items: list
    edges: Counter
    note: str = ""


def condense(graph: Graph, kinds: list, max_nodes) -> Condensed:
    """The graph as drawn: whole if it has at most `max_nodes` nodes (or max_nodes is None),
    else with repeated steps folded and, if still needed, the farthest nodes omitted."""
    count = len(graph.tensors)
    owner = list(range(count))  # the item each tensor is drawn in
    boxes = []
    if max_nodes is not None and count > max_nodes:
        for kept in (2, 1):  # two whole steps at each end if that fits, else one
            owner = list(range(count))
            boxes = fold_repeats(graph, kinds, max_nodes, owner, kept)
            drawn = count - sum(len(box.members) - 1 for box in boxes)
            if drawn <= max_nodes:
                break
        if drawn > max_nodes:
            boxes.append(cap(graph, max_nodes, owner, boxes))
    items, position = [], {}
    for index in range(count):  # creation order, so every item comes after its inputs' items
        key = owner[index]
        if key not in position:
            position[key] = len(items)
            items.append(boxes[key - count] if key >= count else index)
    items_of = {id(tensor): position[owner[i]] for i, tensor in enumerate(graph.tensors)}
    edges = Counter()
    for (parent, child), times in graph.edges.items():
        a, b = items_of[parent], items_of[child]
        if a != b:
            edges[a, b] += times
    order = _inputs_first(len(items), edges)
    new = {old: rank for rank, old in enumerate(order)}
    edges = Counter({(new[a], new[b]): times for (a, b), times in edges.items()})
    drawn_boxes = sorted((item for item in items if isinstance(item, Box)),  # a fold may be omitted
                         key=lambda box: box.kind == "omitted")
    return Condensed([items[old] for old in order], edges, _note(drawn_boxes, len(items), count))


def _inputs_first(count: int, edges: Counter) -> list:
    """The items in an order where each comes after its inputs, staying close to creation order
    (which a box placed at its first member can break: a leaf made late may feed it)."""
    waiting = [0] * count
    children = [[] for _ in range(count)]
    for a, b in edges:
        waiting[b] += 1
        children[a].append(b)
    ready = [i for i in range(count) if waiting[i] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        item = heapq.heappop(ready)
        order.append(item)
        for child in children[item]:
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(ready, child)
    return order


def signatures(graph: Graph, kinds: list) -> np.ndarray:
    """A number per tensor that is equal for the same op in two time steps: its kind, op,
    shape and dtype, and for each input either that exact tensor (a shared parameter) or just the
    input's op and shape (a per-step tensor)."""
    kind_by_id = {id(tensor): kind for tensor, kind in zip(graph.tensors, kinds)}
    codes = {}
    numbers = np.empty(len(graph.tensors), dtype=np.int64)
    for i, (tensor, kind) in enumerate(zip(graph.tensors, kinds)):
        inputs = tuple(id(p) if kind_by_id[id(p)] == PARAMETER else (p._op, p.shape)
                       for p in tensor._parents)
        key = (kind, tensor._op, tensor.shape, str(tensor.dtype), inputs)
        numbers[i] = codes.setdefault(key, len(codes))
    return numbers


def longest_repeat(sequence: np.ndarray, min_repeats: int):
    """(start, period, repeats) of the run sequence[start : start + period * repeats] that
    covers the most positions by repeating one block of `period` values at least `min_repeats`
    times, or None. Shorter periods win ties, so (a, b) x 6 is not read as (a, b, a, b) x 3."""
    best, best_covered = None, 0
    for period in range(1, min(MAX_PERIOD, len(sequence) // min_repeats) + 1):
        same = np.concatenate(([0], sequence[:-period] == sequence[period:], [0])).astype(np.int8)
        edges = np.diff(same)
        starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        if starts.size == 0:
            continue
        repeats = (stops - starts + period) // period
        longest = int(np.argmax(repeats))
        covered = int(repeats[longest]) * period
        if repeats[longest] >= min_repeats and covered > best_covered:
            best, best_covered = (int(starts[longest]), period, int(repeats[longest])), covered
    return best


def fold_repeats(graph: Graph, kinds: list, max_nodes: int, owner: list, kept: int) -> list:
    """Fold the longest repeated runs, one after another, until at most max_nodes are drawn or
    no run is left. Each fold keeps `kept` repeats whole at both ends; `owner` is updated."""
    count = len(graph.tensors)
    index_of = {id(tensor): i for i, tensor in enumerate(graph.tensors)}
    links = [(index_of[parent], index_of[child]) for parent, child in graph.edges]
    sequence = signatures(graph, kinds)
    boxes, drawn = [], count
    while drawn > max_nodes:
        run = longest_repeat(sequence, min_repeats=2 * kept + 2)
        if run is None:
            break
        start, period, repeats = run
        first = start + kept * period + _step_start(start, period, repeats, links, kinds, kept)
        stop = first + (repeats - 2 * kept) * period
        if stop - first < MIN_FOLDED:
            break
        members = list(range(first, stop))
        step_ops = [graph.tensors[i]._op for i in range(first, first + period)]
        inputs = _read_only_by(set(members), graph, kinds, links)
        members += inputs
        boxes.append(Box("folded", members, repeats - 2 * kept, _step_summary(step_ops),
                         len(inputs)))
        for i in members:
            owner[i] = count + len(boxes) - 1
        # Values no signature has: no later run can reach across the folded part.
        sequence[members] = -1 - np.array(members)
        drawn -= len(members) - 1
    return boxes


def _read_only_by(members: set, graph: Graph, kinds: list, links: list) -> list:
    """Data and constants that only the folded steps read (such as the inputs x_t of those
    steps, made before the loop): they are folded with them. Parameters always stay visible."""
    readers = {}
    for parent, child in links:
        readers.setdefault(parent, set()).add(child)
    return [i for i, tensor in enumerate(graph.tensors)
            if i not in members and not tensor._parents and kinds[i] != PARAMETER
            and i in readers and readers[i] <= members]


def _step_start(start: int, period: int, repeats: int, links: list, kinds: list,
                kept: int) -> int:
    """Where in the repeated block a step begins, as an offset 0 <= r < period. The run was
    found wherever the repetition first shows, which may be mid-step; a fold that starts at a
    step boundary has the fewest arrows in and out (h_{t-1} in, h_t out), and a step begins with
    a node that reads nothing computed inside the run (such as x_t)."""
    end = start + period * repeats
    inside = [(i, j) for i, j in links
              if (start <= i < end or start <= j < end) and kinds[i] != PARAMETER]
    middle = start + kept * period

    def cost(offset):
        low, high = middle + offset, middle + offset + period
        crossing = sum(1 for i, j in inside if (low <= i < high) != (low <= j < high))
        reads_the_run = any(j == low and start <= i < end for i, j in inside)
        return crossing, reads_the_run, offset
    return min(range(period), key=cost)


def cap(graph: Graph, max_nodes: int, owner: list, boxes: list) -> Box:
    """Keep the items computed last, each with the leaves it reads (weights, inputs), as many
    as fit in max_nodes - 1, and put every other tensor into one omitted box; `owner` is
    updated. Cutting in creation order keeps the omitted part closed under "computed from", so
    no arrow leaves the box and comes back into it."""
    count = len(graph.tensors)
    index_of = {id(tensor): i for i, tensor in enumerate(graph.tensors)}
    first = {}
    for i in range(count):
        first.setdefault(owner[i], i)
    parents_of = {item: set() for item in first}
    for parent, child in graph.edges:
        parents_of[owner[index_of[child]]].add(owner[index_of[parent]])

    def is_leaf(item):
        return item < count and not graph.tensors[item]._parents
    kept = set()
    for item in sorted(first, key=first.get, reverse=True):
        if item in kept or is_leaf(item):
            continue
        adding = {item} | {p for p in parents_of[item] if is_leaf(p) and p not in kept}
        if len(kept) + len(adding) > max_nodes - 1:
            break
        kept |= adding
    members = [i for i in range(count) if owner[i] not in kept]
    for i in members:
        owner[i] = count + len(boxes)
    return Box("omitted", members)


def _step_summary(ops: list) -> str:
    """'4 nodes (getitem, matmul, add, tanh)': the step's ops in order, repeats counted
    ('matmul ×2'), at most 5 names."""
    times = Counter(ops)
    names = [f"{op} ×{times[op]}" if times[op] > 1 else op for op in dict.fromkeys(ops)]
    return (f"{len(ops)} node{'s' if len(ops) > 1 else ''} "
            f"({', '.join(names[:5])}{', …' if len(names) > 5 else ''})")


def _note(boxes: list, drawn: int, total: int) -> str:
    if not boxes:
        return ""
    said = Counter(box.describe() for box in boxes)  # a stacked RNN folds alike runs: say it once
    parts = [text if times == 1 else f"{times} runs of " + text for text, times in said.items()]
    return (f"Showing {drawn} of {total} nodes: " + "; ".join(parts) +
            ". draw_graph(..., max_nodes=None) draws every node.")
