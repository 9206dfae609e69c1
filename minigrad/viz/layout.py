"""A layered drawing of a directed graph in pure Python, so drawing needs no Graphviz program.

The method is Sugiyama's, in four steps, each a short function below:
1. layers: every node goes into a column, each edge pointing to a later column (a node sits
   just before its first consumer, so a weight used at step 1 is drawn next to step 1);
2. waypoints: an edge that skips columns gets one invisible waypoint per skipped column, so it
   is routed around the nodes in between instead of through them;
3. order: within each column, nodes are sorted by the mean position of their neighbours
   (the barycentre) in sweeps back and forth, keeping the order with the fewest crossings;
4. coordinates: each node is pulled toward its neighbours while keeping the order and the
   minimum gaps, a least-squares fit solved exactly by pooling adjacent violators.
Everything is computed with the layers running left to right and turned for "TB" at the end.
"""
from dataclasses import dataclass

LAYER_GAP = 56      # room between columns, where edges curve
NODE_GAP = 18       # between two nodes of a column
WAYPOINT_GAP = 10   # between a waypoint and its neighbours
SWEEPS = 12
PULLS = 16


@dataclass
class Layout:
    """`centres[i]` is the centre of node i, `sizes[i]` its (width, height); `paths[(u, v)]` draws
    edge u -> v as SVG-like path commands ("M", p), ("L", p), ("C", c1, c2, p), from u's border to
    v's; `label_points[(u, v)]` is the middle of the edge's last piece; `size` is the (width,
    height) of the whole drawing."""

    sizes: list
    centres: list
    paths: dict
    label_points: dict
    size: tuple


def layered_layout(sizes: list, edges: list, direction: str = "LR") -> Layout:
    """Place nodes of the given (width, height) sizes and route the edges (u, v) between them.
    Nodes are expected in a topological order (inputs first), as tensors are created; an edge
    against that order is drawn reversed, pointing back."""
    if direction not in ("LR", "TB"):
        raise ValueError(f"draw_graph: direction must be 'LR' (left to right) or 'TB' (top to "
                         f"bottom), got {direction!r}.")
    turned = direction == "TB"
    # (along the layers, across them) for every node
    extent = [(h, w) if turned else (w, h) for w, h in sizes]
    forward = [(u, v) if u < v else (v, u) for u, v in edges]
    layer = assign_layers(len(sizes), forward)
    chains, layer = add_waypoints(len(sizes), forward, layer)
    extent += [(0.0, 0.0)] * (len(layer) - len(sizes))
    columns = order_columns(layer, chains)
    along, across = coordinates(columns, chains, extent, real=len(sizes))
    column_half = [_column_width(column, extent) / 2 for column in columns]
    half_width = [column_half[c] for c in layer]
    paths = {}
    for (u, v), (a, b) in zip(edges, forward):
        points = route(chains[a, b], along, across, extent, half_width)
        if (u, v) != (a, b):
            points.reverse()
        paths[u, v] = _path(points, turned)
    spread_ports(paths, extent, turned)
    labels = {edge: _middle_of_last_piece(path) for edge, path in paths.items()}
    width = max((along[i] + extent[i][0] / 2 for i in range(len(sizes))), default=0.0)
    height = max((across[i] + extent[i][1] / 2 for i in range(len(sizes))), default=0.0)
    centres = [((across[i], along[i]) if turned else (along[i], across[i]))
               for i in range(len(sizes))]
    size = (height, width) if turned else (width, height)
    return Layout(list(sizes), centres, paths, labels, size)


def assign_layers(count: int, edges: list) -> list:
    """Column of each node: as late as possible, so that a node sits just before its earliest
    consumer (the longest path to a node with no consumers, counted backwards)."""
    children = [[] for _ in range(count)]
    for u, v in edges:
        children[u].append(v)
    depth = [0] * count  # edges from the node to the end, along the longest path
    for node in reversed(range(count)):
        depth[node] = max((depth[c] + 1 for c in children[node]), default=0)
    deepest = max(depth, default=0)
    return [deepest - d for d in depth]


def add_waypoints(count: int, edges: list, layer: list):
    """Each edge as the chain of nodes it passes: its ends, and a new waypoint node in every
    column it crosses. Returns ({edge: chain}, the layers of nodes and waypoints)."""
    layer = list(layer)
    chains = {}
    for u, v in edges:
        chain = [u]
        for column in range(layer[u] + 1, layer[v]):
            layer.append(column)
            chain.append(len(layer) - 1)
        chains[u, v] = chain + [v]
    return chains, layer


def order_columns(layer: list, chains: dict) -> list:
    """The nodes of each column, top to bottom, with few edge crossings between columns."""
    columns = [[] for _ in range(max(layer, default=-1) + 1)]
    for node, column in enumerate(layer):
        columns[column].append(node)
    before, after = _neighbours(len(layer), chains)
    best, fewest = [list(c) for c in columns], _crossings(columns, after)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        span = range(1, len(columns)) if downward else range(len(columns) - 2, -1, -1)
        for c in span:
            reference = columns[c - 1] if downward else columns[c + 1]
            position = {node: i for i, node in enumerate(reference)}
            current = {node: i for i, node in enumerate(columns[c])}

            def barycentre(node):
                linked = [position[n] for n in (before if downward else after)[node]
                          if n in position]
                return sum(linked) / len(linked) if linked else current[node]
            columns[c].sort(key=barycentre)
        crossings = _crossings(columns, after)
        if crossings < fewest:
            best, fewest = [list(c) for c in columns], crossings
    return best


def coordinates(columns: list, chains: dict, extent: list, real: int):
    """(along, across) centre coordinates: columns side by side, each node pulled toward the mean
    of its neighbours while keeping its column's order and gaps."""
    width = [_column_width(column, extent) for column in columns]
    along = [0.0] * len(extent)
    start = 0.0
    for column, column_width in zip(columns, width):
        for node in column:
            along[node] = start + column_width / 2
        start += column_width + LAYER_GAP
    before, after = _neighbours(len(extent), chains)
    gaps = [[_gap(a, b, extent, real) for a, b in zip(column, column[1:])] for column in columns]
    across = [0.0] * len(extent)
    for column, column_gaps in zip(columns, gaps):
        _place(column, [0.0] * len(column), column_gaps, across)
    for pull in range(PULLS):
        downward = pull % 2 == 0
        neighbours = before if downward else after
        for column, column_gaps in (zip(columns, gaps) if downward else
                                    reversed(list(zip(columns, gaps)))):
            wanted = [sum(across[n] for n in neighbours[node]) / len(neighbours[node])
                      if neighbours[node] else across[node] for node in column]
            _place(column, wanted, column_gaps, across)
    top = min((across[n] - extent[n][1] / 2 for n in range(real)), default=0.0)
    return along, [value - top for value in across]


def route(chain: list, along: list, across: list, extent: list, half_width: list):
    """The points an edge passes: out of its source's far side, straight through the column of
    each waypoint (half_width[node] is half the width of the node's column), into its target's
    near side."""
    source, *waypoints, target = chain
    points = [(along[source] + extent[source][0] / 2, across[source])]
    for waypoint in waypoints:
        half = half_width[waypoint]
        points += [(along[waypoint] - half, across[waypoint]),
                   (along[waypoint] + half, across[waypoint])]
    return points + [(along[target] - extent[target][0] / 2, across[target])]


def spread_ports(paths: dict, extent: list, turned: bool) -> None:
    """Where several edges meet one side of a node, spread their ends over that side (ordered
    like the edges' other ends), so arrowheads do not pile up on one point."""
    ends = {}
    for (u, v), path in paths.items():
        ends.setdefault((v, "in"), []).append((u, v))
        ends.setdefault((u, "out"), []).append((u, v))
    for (node, side), group in ends.items():
        if len(group) < 2:
            continue
        index = -1 if side == "in" else 0
        neighbour = -2 if side == "in" else 1

        def across_of(edge):  # the across coordinate of the edge's next point inward
            point = _points_of(paths[edge])[neighbour]
            return point[0] if turned else point[1]
        group.sort(key=across_of)
        room = extent[node][1] * 0.7
        step = min(room / (len(group) - 1), 12.0)
        for rank, edge in enumerate(group):
            shift = (rank - (len(group) - 1) / 2) * step
            _shift_end(paths[edge], index, shift, turned)


def _column_width(column: list, extent: list) -> float:
    return max((extent[n][0] for n in column), default=0.0)


def _neighbours(count: int, chains: dict):
    before, after = [[] for _ in range(count)], [[] for _ in range(count)]
    for chain in chains.values():
        for a, b in zip(chain, chain[1:]):
            after[a].append(b)
            before[b].append(a)
    return before, after


def _crossings(columns: list, after: list) -> int:
    """Pairs of edges between neighbouring columns that cross."""
    total = 0
    for left, right in zip(columns, columns[1:]):
        position = {node: i for i, node in enumerate(right)}
        ends = sorted((i, position[b]) for i, a in enumerate(left) for b in after[a])
        total += sum(1 for k, (a1, b1) in enumerate(ends) for a2, b2 in ends[k + 1:]
                     if a2 > a1 and b2 < b1)
    return total


def _gap(a: int, b: int, extent: list, real: int) -> float:
    """The least distance between the centres of two neighbours in a column."""
    gap = NODE_GAP if a < real and b < real else WAYPOINT_GAP
    return (extent[a][1] + extent[b][1]) / 2 + gap


def _place(column: list, wanted: list, gaps: list, across: list) -> None:
    """Positions as close as possible (least squares) to `wanted`, in the column's order and at
    least `gaps` apart. Subtracting the running gap makes the constraint "non-decreasing", and
    pooling adjacent violators solves that exactly."""
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks = []  # [mean, size] of pooled runs
    for value in (w - o for w, o in zip(wanted, offsets)):
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, size = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * size) / (blocks[-1][1] + size),
                          blocks[-1][1] + size]
    fitted = [mean for mean, size in blocks for _ in range(size)]
    for node, value, offset in zip(column, fitted, offsets):
        across[node] = value + offset


def _path(points: list, turned: bool) -> list:
    """Path commands through the points: straight where the across coordinate stays, else a
    curve that leaves and arrives along the layer direction."""
    commands = [("M", points[0])]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if y0 == y1:
            commands.append(("L", (x1, y1)))
        else:
            middle = (x0 + x1) / 2
            commands.append(("C", (middle, y0), (middle, y1), (x1, y1)))
    return [(kind, *[_turn(p, turned) for p in rest]) for kind, *rest in commands]


def _turn(point: tuple, turned: bool) -> tuple:
    return (point[1], point[0]) if turned else point


def _points_of(path: list) -> list:
    return [command[-1] for command in path]


def _shift_end(path: list, index: int, shift: float, turned: bool) -> None:
    """Move the first or last point of a path across the layer direction by `shift` (with the
    control point next to it, so the curve still meets the node head on)."""
    def moved(point):
        return (point[0] + shift, point[1]) if turned else (point[0], point[1] + shift)
    kind, *rest = path[index]
    if index == 0:
        path[0] = (kind, moved(rest[0]))
        if len(path) > 1 and path[1][0] == "C":
            _, c1, c2, end = path[1]
            path[1] = ("C", moved(c1), c2, end)
        elif len(path) > 1:  # a straight first piece would now be slanted: make it a curve
            path[1] = _curve(path[0][1], path[1][1], turned)
    else:
        if kind == "C":
            c1, c2, end = rest
            path[index] = ("C", c1, moved(c2), moved(end))
        else:
            path[index] = _curve(path[index - 1][-1], moved(rest[0]), turned)


def _curve(start: tuple, end: tuple, turned: bool) -> tuple:
    if turned:
        middle = (start[1] + end[1]) / 2
        return ("C", (start[0], middle), (end[0], middle), end)
    middle = (start[0] + end[0]) / 2
    return ("C", (middle, start[1]), (middle, end[1]), end)


def _middle_of_last_piece(path: list) -> tuple:
    """The middle of an edge's last piece (the gap before its target), for a label."""
    start, (kind, *rest) = path[-2][-1], path[-1]
    if kind == "L":
        return tuple((a + b) / 2 for a, b in zip(start, rest[0]))
    c1, c2, end = rest  # a cubic Bézier curve at t = 1/2
    return tuple((a + 3 * b + 3 * c + d) / 8 for a, b, c, d in zip(start, c1, c2, end))
