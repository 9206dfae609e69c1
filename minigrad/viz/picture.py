"""draw_graph: the graph behind any tensor, as a picture that shows itself in Jupyter.

    picture = draw_graph(loss, gradients=True)   # last line of a cell: shown inline as SVG
    picture.save("graph.svg")                    # or .png / .pdf, drawn with matplotlib
"""
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..tensor import Tensor
from .condense import Box, condense
from .graph import (CONSTANT, FREED, INPUT, OP, PARAMETER, Graph, check_drawable, kind_of,
                    label_lines, names_of)
from .graph import gradients as gradients_of
from .layout import layered_layout
from .scene import Curve, Group, Rectangle, Scene, Text, arrowhead, to_figure, to_svg
from .style import GRADIENT, INK, MUTED, ROLES

FONT = 12.0
CHAR = 0.6 * FONT   # the advance of one character of a monospace font
LINE = 16.0
PAD_X, PAD_Y = 9.0, 5.0
MARGIN = 16.0
PNG_LIMIT = 30000   # pixels on a side; matplotlib refuses much larger images

# kind: (colour role, legend text)
KINDS = {
    PARAMETER: ("parameter", "leaf that gets a gradient (parameter)"),
    INPUT: ("input", "input: data, no gradient"),
    CONSTANT: ("constant", "constant"),
    OP: ("state", "result of an op"),
    FREED: ("constant", "freed by backward()"),
    "folded": ("plain", "repeated steps, folded"),
    "omitted": ("plain", "omitted nodes"),
}


@dataclass
class DrawnNode:
    """One box of the picture: a tensor (tensor_id is its id()) or a box standing for several
    (kind "folded" or "omitted"; member_ids are their id()s). `gradient` is dL/d(tensor) as a
    NumPy array when gradients were asked for and one reaches the tensor; `name` is the name
    draw_graph's `names` gave the tensor, if any."""

    kind: str
    lines: list   # (text, style) with style "title", "plain" or "gradient"
    tensor_id: int = None
    member_ids: tuple = ()
    gradient: object = None
    is_root: bool = False
    name: str = None

    @property
    def text(self) -> str:
        return "\n".join(text for text, _ in self.lines)


@dataclass
class DrawnEdge:
    """An arrow from node `source` to node `target` (indices into GraphPicture.nodes), standing
    for `count` edges of the graph (2 for x * x; more into or out of a folded box)."""

    source: int
    target: int
    count: int = 1


def draw_graph(tensor: Tensor, *, gradients: bool = False, names=None,
               max_nodes: int | None = 80, direction: str = "LR",
               title: str | None = None) -> "GraphPicture":
    """Draw the computation graph that produced `tensor`: one box per op and per leaf, arrows in
    the direction of computation. Parameters (leaves that get a gradient) are green, inputs blue,
    constants grey, op results orange.

    gradients: also write dL/d(node) on every node that needs a gradient, L being `tensor` (one
        number). They are computed here by running the backward closures on the side: no .grad is
        touched, no hook runs and the graph is not freed, so you can still call backward() after.
    names: label tensors by name: a mapping such as {"x": x, "W": W} (modules in it name their
        parameters "rnn.W_hh", lists their items "h[0]", "h[1]"), a Module, or vars() of a
        notebook.
    max_nodes: above this many nodes, repeated steps (an unrolled RNN's time steps) are folded into
        one box, keeping the first and last two steps whole (one if two do not fit); if still too
        many, the nodes computed first go into one "omitted" box. The picture says what it
        folded or left out. None draws every node.
    direction: "LR" (computation flows left to right) or "TB" (top to bottom).
    A tensor you made yourself (a leaf) is drawn as one node with a note. A tensor computed without
    a recorded graph (under no_grad, or from data alone), or whose graph an earlier backward()
    freed, raises an error that says what to do.
    """
    check_drawable(tensor)
    if max_nodes is not None and (not isinstance(max_nodes, int) or max_nodes < 3):
        raise ValueError(f"draw_graph: max_nodes must be a whole number of at least 3, or None to "
                         f"draw every node; got {max_nodes!r}.")
    graph = Graph.of(tensor)
    kinds = [kind_of(t) for t in graph.tensors]
    found = gradients_of(graph) if gradients else {}
    named = names_of(names)
    condensed = condense(graph, kinds, max_nodes)
    nodes = []
    for item in condensed.items:
        if isinstance(item, Box):
            nodes.append(DrawnNode(item.kind, [(line, "plain") for line in item.lines()],
                                   member_ids=tuple(id(graph.tensors[i]) for i in item.members)))
            continue
        t = graph.tensors[item]
        nodes.append(DrawnNode(kinds[item], label_lines(t, kinds[item], named.get(id(t)),
                                                        found.get(id(t)), gradients),
                               tensor_id=id(t), gradient=found.get(id(t)),
                               is_root=t is tensor, name=named.get(id(t))))
    edges = [DrawnEdge(a, b, count) for (a, b), count in condensed.edges.items()]
    note = condensed.note
    if len(graph.tensors) == 1:
        note = ("This tensor is a leaf: you made it, no op computed it, so its graph is this one "
                "node. Draw a result computed from it, such as a loss.")
    root_name = named.get(id(tensor))
    title = title or ("Computation graph of " + (root_name or f"the {tensor._op} output") +
                      (", with gradients" if gradients else ""))
    return GraphPicture(nodes, edges, title, note, direction, len(graph.tensors),
                        sum(graph.edges.values()))


class GraphPicture:
    """What draw_graph returns. In Jupyter it shows itself (SVG); `save(path)` writes .svg, or
    .png/.pdf through matplotlib; `figure()` gives a matplotlib Figure. `nodes`, `edges` and
    `note` say what is drawn, `layout` where (centres in pixels of the graph area); total_nodes
    and total_edges count the whole graph. `find`, `producers` and `consumers` read the drawn
    graph: which box shows a tensor, and which boxes its arrows come from and go to."""

    def __init__(self, nodes: list, edges: list, title: str, note: str, direction: str,
                 total_nodes: int, total_edges: int):
        self.nodes, self.edges, self.title, self.note = nodes, edges, title, note
        self.total_nodes, self.total_edges = total_nodes, total_edges
        sizes = [_node_size(node) for node in nodes]
        self.layout = layered_layout(sizes, [(e.source, e.target) for e in edges], direction)
        self._scene = _compose(self, sizes, self.layout)

    # ----- reading what is drawn ------------------------------------------------------------
    def find(self, what) -> int:
        """The index in `nodes` of the box that shows `what`: a Tensor (possibly folded into a
        box with others), or a name given through draw_graph's `names`."""
        if isinstance(what, Tensor):
            found = [i for i, node in enumerate(self.nodes)
                     if node.tensor_id == id(what) or id(what) in node.member_ids]
            where = "tensor"
        else:
            found = [i for i, node in enumerate(self.nodes) if node.name == what]
            where = f"node named {what!r}"
        if not found:
            named = sorted(node.name for node in self.nodes if node.name)
            raise KeyError(f"GraphPicture.find: no {where} in this picture (it is not part of "
                           f"the graph drawn; the names drawn are {named}).")
        return found[0]

    def producers(self, index: int) -> list:
        """Indices of the boxes with an arrow into box `index`: what it was computed from."""
        return [edge.source for edge in self.edges if edge.target == index]

    def consumers(self, index: int) -> list:
        """Indices of the boxes that box `index` has an arrow into: what was computed from it."""
        return [edge.target for edge in self.edges if edge.source == index]

    # ----- showing and saving ---------------------------------------------------------------
    def to_svg(self) -> str:
        return to_svg(self._scene)

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        # A wide graph scrolls sideways instead of shrinking until its labels are unreadable.
        return f'<div style="overflow-x: auto; max-width: 100%;">{self.to_svg()}</div>'

    def figure(self):
        """The same picture as a matplotlib Figure (matplotlib is needed only for this)."""
        return to_figure(self._scene)

    def save(self, path, dpi: int = 144) -> Path:
        """Write the picture to `path`: .svg as is; .png or .pdf drawn with matplotlib."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".svg":
            path.write_text(self.to_svg(), encoding="utf-8")
            return path
        if suffix not in (".png", ".pdf"):
            raise ValueError(f"GraphPicture.save: cannot write {suffix or 'a file without suffix'}"
                             f" ({path}); use .svg, .png or .pdf.")
        largest = max(self._scene.width, self._scene.height) * dpi / 72
        if suffix == ".png" and largest > PNG_LIMIT:
            raise ValueError(f"GraphPicture.save: this picture would be {largest:.0f} pixels on "
                             f"its longest side, too large for a PNG. Save it as .svg, or draw "
                             f"fewer nodes with draw_graph(..., max_nodes=100).")
        self.figure().savefig(path, dpi=dpi)
        return path

    def __repr__(self) -> str:
        shown = (f"{len(self.nodes)} nodes and {len(self.edges)} arrows"
                 if not self.note else self.note)
        return f"<GraphPicture: {self.title}; {shown}>"


def _node_size(node: DrawnNode) -> tuple:
    longest = max(len(text) for text, _ in node.lines)
    return (longest * CHAR + 2 * PAD_X, len(node.lines) * LINE + 2 * PAD_Y)


def _compose(picture: GraphPicture, sizes: list, layout) -> Scene:
    """The scene: a header (title, note, legend), then the edges, then the nodes on top."""
    graph_width, graph_height = layout.size
    width = max(graph_width, len(picture.title) * 0.6 * 14, 360.0) + 2 * MARGIN
    header = [Text(MARGIN, MARGIN + 14, picture.title, size=14, bold=True, anchor="start")]
    y = MARGIN + 14
    for line in textwrap.wrap(picture.note, width=max(40, int((width - 2 * MARGIN) / (0.6 * 11)))):
        y += 16
        header.append(Text(MARGIN, y, line, size=11, anchor="start"))
    legend, y = _legend(picture, width, y + 10)
    top = y + 18
    shapes, taken = header + legend, []
    for edge in picture.edges:
        commands = [(kind, *[(x + MARGIN, y + top) for x, y in points])
                    for kind, *points in layout.paths[edge.source, edge.target]]
        arrow = [Curve(commands, MUTED), arrowhead(commands, MUTED)]
        if edge.count > 1:
            x, y = layout.label_points[edge.source, edge.target]
            text = f"×{edge.count}"
            y = _free_spot(x, y, len(text) * 0.6 * 11, taken)
            arrow.append(Text(x + MARGIN, y + top + 4, text, size=11, color=INK, halo=True))
        shapes.append(Group("edge", arrow, {"source": edge.source, "target": edge.target,
                                            "count": edge.count}))
    for index, (node, (w, h), (cx, cy)) in enumerate(zip(picture.nodes, sizes, layout.centres)):
        left, upper = cx - w / 2 + MARGIN, cy - h / 2 + top
        fill, stroke = ROLES[KINDS[node.kind][0]]
        box = [Rectangle(left, upper, w, h, fill, stroke, stroke_width=2.6 if node.is_root else 1.2,
                         dashed=node.kind in ("folded", "omitted", FREED))]
        for k, (text, style) in enumerate(node.lines):
            box.append(Text(cx + MARGIN, upper + PAD_Y + k * LINE + 12.5, text, size=FONT,
                            bold=style == "title", color=GRADIENT if style == "gradient" else INK))
        shapes.append(Group("node", box, {"index": index, "kind": node.kind}))
    return Scene(width, top + graph_height + MARGIN, picture.title, shapes)


def _free_spot(x: float, y: float, width: float, taken: list) -> float:
    """A height near y where a label of this width at x overlaps no label placed before; the
    spot is added to `taken`."""
    for shift in (0, -13, 13, -26, 26, -39, 39):
        if all(abs(x - a) > (width + b) / 2 or abs(y + shift - c) >= 13 for a, c, b in taken):
            break
    taken.append((x, y + shift, width))
    return y + shift


def _gradient_legend(picture: GraphPicture) -> str:
    """What the red lines are: dL/d(node), saying which node is L (the one with the thick
    border) by its name, or by its op when it has none."""
    root = next(node for node in picture.nodes if node.is_root)
    if root.name == "L":
        return "grad = dL/d(node), L: the node with the thick border"
    what = root.name or (f"the {root.lines[0][0]} output" if root.kind == OP else
                         f"this {root.lines[0][0]}")
    return f"grad = dL/d(node), L = {what} (thick border)"


def _legend(picture: GraphPicture, width: float, y: float):
    """A swatch and a few words for each kind of node in the picture, wrapped to the width."""
    present = [kind for kind in KINDS if any(node.kind == kind for node in picture.nodes)]
    entries = [(ROLES[KINDS[kind][0]], KINDS[kind][1]) for kind in present]
    if any(style == "gradient" for node in picture.nodes for _, style in node.lines):
        entries.append(((GRADIENT, GRADIENT), _gradient_legend(picture)))
    shapes, x, y = [], MARGIN, y + 12
    for (fill, stroke), words in entries:
        span = 18 + len(words) * 0.6 * 11 + 18
        if x + span > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 18
        shapes.append(Rectangle(x, y - 10, 12, 12, fill, stroke, radius=2))
        shapes.append(Text(x + 18, y, words, size=11, anchor="start"))
        x += span
    return [Group("legend", shapes)], y
