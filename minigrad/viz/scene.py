"""A picture as a list of shapes (boxes, text, curves, arrowheads), written out as SVG text or
drawn with matplotlib. The graph viewer builds one scene and both outputs come from it, so the
SVG shown in a notebook and a saved PNG are the same picture.

Coordinates are in pixels of the SVG, y pointing down; matplotlib draws them at 72 dpi, where a
pixel is a point, so font sizes agree.
"""
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from .style import BACKGROUND, INK, MATPLOTLIB_NEEDED, MONOSPACE, SVG_MONOSPACE


@dataclass
class Rectangle:
    x: float  # top-left corner
    y: float
    width: float
    height: float
    fill: str
    stroke: str
    stroke_width: float = 1.2
    dashed: bool = False
    radius: float = 6.0


@dataclass
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = 12.0
    color: str = INK
    bold: bool = False
    anchor: str = "middle"  # or "start"
    halo: bool = False      # a white outline, to stay readable on top of lines


@dataclass
class Curve:
    commands: list  # ("M", p), ("L", p), ("C", c1, c2, p)
    color: str
    width: float = 1.2


@dataclass
class Arrowhead:
    points: list  # three corners
    color: str


@dataclass
class Group:
    """Shapes that belong together, written as <g class=... data-...> in the SVG."""

    kind: str
    shapes: list
    data: dict = field(default_factory=dict)


@dataclass
class Scene:
    width: float
    height: float
    title: str
    shapes: list


def arrowhead(commands: list, color: str, length: float = 8.0, half_width: float = 3.5):
    """An arrowhead at the end of a path, pointing along the path's last direction."""
    *_, (kind, *rest) = commands
    tip = rest[-1]
    before = rest[-2] if kind == "C" else commands[-2][-1]
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    dx, dy = dx / norm, dy / norm
    base = (tip[0] - dx * length, tip[1] - dy * length)
    return Arrowhead([tip, (base[0] - dy * half_width, base[1] + dx * half_width),
                      (base[0] + dy * half_width, base[1] - dx * half_width)], color)


# ----- SVG --------------------------------------------------------------------------------
def to_svg(scene: Scene) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width:.0f}" '
            f'height="{scene.height:.0f}" viewBox="0 0 {scene.width:.1f} {scene.height:.1f}" '
            f'font-family={quoteattr(SVG_MONOSPACE)}>')
    body = [head, f"<title>{escape(scene.title)}</title>",
            f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>']
    body += [_svg(shape) for shape in scene.shapes]
    return "\n".join(body + ["</svg>"])


def _svg(shape) -> str:
    if isinstance(shape, Group):
        data = "".join(f" data-{key}={quoteattr(str(value))}" for key, value in shape.data.items())
        inner = "".join(_svg(s) for s in shape.shapes)
        return f'<g class="{shape.kind}"{data}>{inner}</g>'
    if isinstance(shape, Rectangle):
        dash = ' stroke-dasharray="5 3"' if shape.dashed else ""
        return (f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.width:.1f}" '
                f'height="{shape.height:.1f}" rx="{shape.radius:.0f}" fill="{shape.fill}" '
                f'stroke="{shape.stroke}" stroke-width="{shape.stroke_width}"{dash}/>')
    if isinstance(shape, Text):
        style = ' font-weight="bold"' if shape.bold else ""
        if shape.halo:
            style += ' stroke="white" stroke-width="3" paint-order="stroke"'
        return (f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}" '
                f'fill="{shape.color}" text-anchor="{shape.anchor}"{style}>'
                f'{escape(shape.text)}</text>')
    if isinstance(shape, Curve):
        return (f'<path d="{_svg_path(shape.commands)}" fill="none" stroke="{shape.color}" '
                f'stroke-width="{shape.width}"/>')
    if isinstance(shape, Arrowhead):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.points)
        return f'<polygon points="{points}" fill="{shape.color}"/>'
    raise TypeError(f"scene: cannot draw {type(shape).__name__}")


def _svg_path(commands: list) -> str:
    return " ".join(kind + " " + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                    for kind, *points in commands)


# ----- matplotlib -------------------------------------------------------------------------
def to_figure(scene: Scene):
    """The scene as a matplotlib Figure (not registered with pyplot, so nothing else shows it)."""
    try:
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(MATPLOTLIB_NEEDED.format(what="Saving a graph as PNG or PDF")) \
            from error

    figure = Figure(figsize=(scene.width / 72, scene.height / 72), dpi=72)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, scene.width)
    axes.set_ylim(scene.height, 0)
    axes.axis("off")
    _draw_all(axes, scene.shapes)
    return figure


def _draw_all(axes, shapes: list) -> None:
    from matplotlib import patheffects
    from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon
    from matplotlib.path import Path

    for shape in shapes:
        if isinstance(shape, Group):
            _draw_all(axes, shape.shapes)
        elif isinstance(shape, Rectangle):
            axes.add_patch(FancyBboxPatch(
                (shape.x, shape.y), shape.width, shape.height,
                boxstyle=f"round,pad=0,rounding_size={shape.radius}", facecolor=shape.fill,
                edgecolor=shape.stroke, linewidth=shape.stroke_width,
                linestyle=(0, (5, 3)) if shape.dashed else "solid"))
        elif isinstance(shape, Text):
            effects = [patheffects.withStroke(linewidth=3, foreground="white")] if shape.halo \
                else None
            axes.text(shape.x, shape.y, shape.text, fontsize=shape.size, color=shape.color,
                      family=MONOSPACE, weight="bold" if shape.bold else "normal",
                      ha="center" if shape.anchor == "middle" else "left", va="baseline",
                      path_effects=effects)
        elif isinstance(shape, Curve):
            vertices, codes = [], []
            for kind, *points in shape.commands:
                vertices += points
                codes += {"M": [Path.MOVETO], "L": [Path.LINETO], "C": [Path.CURVE4] * 3}[kind]
            axes.add_patch(PathPatch(Path(vertices, codes), facecolor="none",
                                     edgecolor=shape.color, linewidth=shape.width))
        elif isinstance(shape, Arrowhead):
            axes.add_patch(Polygon(shape.points, closed=True, facecolor=shape.color,
                                   edgecolor="none"))
