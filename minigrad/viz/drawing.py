"""The few drawing helpers every architecture diagram uses: a canvas measured in diagram units,
boxes and circles for values and operations, arrows that stop at the border of what they point
to, wires with corners, labels on a white ground, and a recurrent row of cells.

Arrows are drawn above boxes and end on their borders, so an arrow is never hidden behind a
node; where two wires must cross, the one drawn second gets a white outline (a "hop"), so the
crossing cannot be read as a junction. Junctions get a dot.
"""
import io
from dataclasses import dataclass

from .style import BACKGROUND, GRADIENT, INK, MATPLOTLIB_NEEDED, MUTED, ROLES

try:
    from matplotlib import patheffects
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox
except ImportError as error:
    raise ImportError(MATPLOTLIB_NEEDED.format(what="minigrad.viz.diagrams")) from error

UNIT = 0.6           # inches per diagram unit
TITLE_SPACE = 0.75   # inches above the drawing
LINE_SPACE = 0.36    # inches per caption line below it
DPI = 110            # the same for measuring text and for showing it, so text is laid out once
MATH = "cm"          # symbols in Computer Modern, like the notebooks' equations
WEIGHT = ROLES["parameter"][1]   # the colour of every weight label: shared weights look shared

# z-order: regions under wires under nodes under labels
REGION, WIRE, NODE, LABEL = 0, 2, 3, 4


class DiagramFigure(Figure):
    """A matplotlib Figure that shows itself as a PNG in Jupyter, even in a notebook that has not
    imported pyplot yet. Save it with savefig as usual; `title` is its title's Text."""

    title = None

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi="figure", facecolor=BACKGROUND)
        return buffer.getvalue()

    def fit(self, margin: float = 0.2) -> "DiagramFigure":
        """Grow the figure, keeping the drawing's scale and centring it, until nothing (a long
        title, caption or note) sticks out of it."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(self)
        renderer = self.canvas.get_renderer()
        # Only text can stick out (every shape lies inside its canvas), and measuring text alone
        # is much cheaper than measuring every curved arrow.
        extent = Bbox.union([text.get_window_extent(renderer) for text in self.findobj(Text)
                             if text.get_text()]).transformed(self.dpi_scale_trans.inverted())
        width, height = self.get_size_inches()
        side = max(margin - extent.x0, extent.x1 - width + margin, 0.0)
        below = max(margin - extent.y0, 0.0)
        above = max(extent.y1 - height + margin, 0.0)
        if side == below == above == 0.0:
            return self
        wider, taller = width + 2 * side, height + below + above
        for axes in self.axes:
            box = axes.get_position()
            axes.set_position(((box.x0 * width + side) / wider, (box.y0 * height + below) / taller,
                               box.width * width / wider, box.height * height / taller))
        for text in self.texts + [self.title]:
            x, y = text.get_position()
            text.set_position(((x * width + side) / wider, (y * height + below) / taller))
        self.set_size_inches(wider, taller)
        return self


@dataclass
class Node:
    """A drawn box or circle: its centre, size and patch (arrows use the patch to stop at it)."""

    x: float
    y: float
    width: float
    height: float
    patch: object

    def top(self, dx: float = 0.0) -> tuple:
        return (self.x + dx, self.y + self.height / 2)

    def bottom(self, dx: float = 0.0) -> tuple:
        return (self.x + dx, self.y - self.height / 2)

    def left(self, dy: float = 0.0) -> tuple:
        return (self.x - self.width / 2, self.y + dy)

    def right(self, dy: float = 0.0) -> tuple:
        return (self.x + self.width / 2, self.y + dy)


class Canvas:
    """One drawing area, `width` x `height` diagram units, y pointing up."""

    def __init__(self, axes, width: float, height: float):
        self.axes, self.width, self.height = axes, width, height
        self.ground = BACKGROUND  # the colour under the wires, for hops
        axes.set_xlim(0, width)
        axes.set_ylim(0, height)
        axes.set_aspect("equal")
        axes.axis("off")

    @classmethod
    def new(cls, width: float, height: float, title: str, caption: str = "") -> "Canvas":
        """A figure with one canvas, a bold title above and an optional caption below (lines
        separated by newlines)."""
        return cls.grid(1, 1, width, height, title, caption)[0]

    @classmethod
    def grid(cls, rows: int, columns: int, width: float, height: float, title: str,
             caption: str = "") -> list:
        """A figure of rows x columns canvases of one size, read row by row."""
        caption_lines = len(caption.splitlines())
        panel_top = 0.55 if rows * columns > 1 else 0.0   # room for each panel's title
        inches_w = columns * width * UNIT
        inches_h = rows * (height * UNIT + panel_top) + TITLE_SPACE + caption_lines * LINE_SPACE
        figure = DiagramFigure(figsize=(inches_w, inches_h), dpi=DPI, facecolor=BACKGROUND)
        figure.title = figure.suptitle(title, fontsize=15, fontweight="bold", color=INK,
                                       y=1 - 0.3 / inches_h, va="top", math_fontfamily=MATH)
        if caption:
            figure.text(0.5, (caption_lines * LINE_SPACE - 0.08) / inches_h, caption, ha="center",
                        va="top", fontsize=12, color=INK, linespacing=1.6, math_fontfamily=MATH)
        canvases = []
        for row in range(rows):
            for column in range(columns):
                bottom = inches_h - TITLE_SPACE - (row + 1) * (height * UNIT + panel_top)
                axes = figure.add_axes((column / columns, bottom / inches_h, 1 / columns,
                                        height * UNIT / inches_h))
                canvases.append(cls(axes, width, height))
        return canvases

    @property
    def figure(self):
        """The finished figure, grown where some text would stick out."""
        return self.axes.figure.fit()

    def subtitle(self, text: str) -> None:
        self.axes.set_title(text, fontsize=13, color=INK, pad=6, math_fontfamily=MATH)

    # ----- nodes --------------------------------------------------------------------------
    def box(self, x: float, y: float, label: str, role: str = "state", width: float = 1.1,
            height: float = 0.7, size: float = 15, dashed: bool = False) -> Node:
        fill, stroke = ROLES[role]
        patch = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                               boxstyle="round,pad=0,rounding_size=0.14", facecolor=fill,
                               edgecolor=stroke, linewidth=1.6, zorder=NODE,
                               linestyle=(0, (4, 2)) if dashed else "solid")
        self.axes.add_patch(patch)
        self.text(x, y, label, size=size, zorder=NODE + 0.5)
        return Node(x, y, width, height, patch)

    def circle(self, x: float, y: float, label: str, role: str = "gate", radius: float = 0.26,
               size: float = 15) -> Node:
        fill, stroke = ROLES[role]
        patch = Circle((x, y), radius, facecolor=fill, edgecolor=stroke, linewidth=1.6,
                       zorder=NODE)
        self.axes.add_patch(patch)
        self.text(x, y, label, size=size, zorder=NODE + 0.5)
        return Node(x, y, 2 * radius, 2 * radius, patch)

    def region(self, x0: float, y0: float, x1: float, y1: float, label: str = "",
               role: str = "constant") -> None:
        """A pale rounded area behind a group of nodes (a cell, the encoder), labelled at its
        top left."""
        fill, stroke = ROLES[role]
        self.ground = _paler(fill)
        self.axes.add_patch(FancyBboxPatch(
            (x0, y0), x1 - x0, y1 - y0, boxstyle="round,pad=0,rounding_size=0.3",
            facecolor=self.ground, edgecolor=stroke, linewidth=1.0, zorder=REGION))
        if label:
            self.text(x0 + 0.15, y1 - 0.22, label, size=11, color=MUTED, ha="left", va="top")

    # ----- text ---------------------------------------------------------------------------
    def text(self, x: float, y: float, text: str, size: float = 12, color: str = INK,
             ha: str = "center", va: str = "center", ground: bool = False,
             zorder: float = LABEL, **options):
        """Text at (x, y); ground=True puts it on a white patch, so no wire runs through it."""
        if ground:
            options["bbox"] = dict(facecolor=BACKGROUND, edgecolor="none", pad=1.5)
        return self.axes.text(x, y, text, fontsize=size, color=color, ha=ha, va=va,
                              zorder=zorder, math_fontfamily=MATH, **options)

    def note(self, x: float, y: float, text: str, ha: str = "center", **options):
        """A small grey remark, such as a gate's name."""
        return self.text(x, y, text, size=10.5, color=MUTED, ha=ha, style="italic", **options)

    # ----- connections --------------------------------------------------------------------
    def arrow(self, start, end, color: str = INK, label: str = "", label_side: float = 1.0,
              label_color: str = None, rad: float = 0.0, width: float = 1.5,
              dashed: bool = False, hop: bool = False, label_at: float = 0.5):
        """An arrow from start to end (Nodes, whose borders it stops at, or points). `rad` bends
        it (matplotlib's arc3); the label sits beside its middle, on the left of the direction
        of travel for label_side > 0 and on the right for < 0."""
        a, b = (p if not isinstance(p, Node) else (p.x, p.y) for p in (start, end))
        patch = FancyArrowPatch(
            a, b, arrowstyle="-|>", mutation_scale=16, linewidth=width, color=color,
            connectionstyle=f"arc3,rad={rad}", zorder=WIRE,
            patchA=start.patch if isinstance(start, Node) else None,
            patchB=end.patch if isinstance(end, Node) else None,
            shrinkA=1 if isinstance(start, Node) else 0, shrinkB=1 if isinstance(end, Node) else 0)
        self._add_line(patch, dashed, hop)
        if label:
            dx, dy = b[0] - a[0], b[1] - a[1]
            length = (dx * dx + dy * dy) ** 0.5 or 1.0
            # a point on the arc3 curve (a quadratic Bézier through the bent control point)
            cx, cy = (a[0] + b[0]) / 2 + rad * dy, (a[1] + b[1]) / 2 - rad * dx
            t = label_at
            px = (1 - t) ** 2 * a[0] + 2 * t * (1 - t) * cx + t * t * b[0]
            py = (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * cy + t * t * b[1]
            nx, ny = -dy / length * label_side * 0.3, dx / length * label_side * 0.3
            self.text(px + nx, py + ny, label, size=13, color=label_color or color, ground=True,
                      ha="center" if abs(nx) < 0.15 else ("right" if nx < 0 else "left"))
        return patch

    def wire(self, points: list, color: str = INK, width: float = 1.5, arrow: bool = True,
             hop: bool = False, dashed: bool = False):
        """A line through the points with square corners, an arrowhead at the end if `arrow`."""
        patch = FancyArrowPatch(path=Path(points), arrowstyle="-|>" if arrow else "-",
                                mutation_scale=16, linewidth=width, color=color, zorder=WIRE,
                                shrinkA=0, shrinkB=0, joinstyle="miter")
        return self._add_line(patch, dashed, hop)

    def _add_line(self, patch, dashed: bool, hop: bool):
        """Dashes if asked, and for a hop an outline in the colour underneath, so the line
        visibly passes over the one it crosses."""
        if dashed:
            patch.set_linestyle((0, (4, 2.5)))
        if hop:
            patch.set_path_effects([
                patheffects.withStroke(linewidth=patch.get_linewidth() + 5,
                                       foreground=self.ground), patheffects.Normal()])
        self.axes.add_patch(patch)
        return patch

    def dot(self, x: float, y: float, color: str = INK) -> None:
        """A junction: here one wire splits into two."""
        self.axes.add_patch(Circle((x, y), 0.06, facecolor=color, edgecolor="none",
                                   zorder=WIRE + 0.5))

    # ----- the recurrent row, used by nearly every diagram ---------------------------------
    def recurrent_row(self, xs: list, y: float, labels: list, weight: str = "",
                      role: str = "state", backwards: bool = False, color: str = INK,
                      label_every: bool = True, width: float = 1.1) -> list:
        """One cell per x, labelled, each passing its state to the next (to the previous if
        backwards) along an arrow labelled with the shared recurrent weight."""
        cells = [self.box(x, y, label, role, width=width) for x, label in zip(xs, labels)]
        pairs = list(zip(cells, cells[1:]))
        for k, (a, b) in enumerate(pairs):
            source, target = (b, a) if backwards else (a, b)
            show = label_every or k == 0
            self.arrow(source, target, color=color, label=weight if show else "",
                       label_color=WEIGHT)
        return cells


def _paler(colour: str, keep: float = 0.45) -> str:
    """The colour mixed with white, as a region's background."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02x}" for c in (red, green, blue))


def gradient_arrow(canvas: Canvas, start, end, label: str = "", **options):
    """An arrow of the backward pass: red, labelled in red."""
    return canvas.arrow(start, end, color=GRADIENT, label=label, label_color=GRADIENT, **options)
