"""Seeing what minigrad computes.

draw_graph(tensor) draws the graph behind any tensor (pure Python: no Graphviz, no matplotlib
needed to show it in Jupyter). `minigrad.viz.diagrams` draws the course's architectures with
matplotlib, one call per diagram; it is imported on first use, so importing minigrad does not
import matplotlib.
"""
import importlib

from .picture import DrawnEdge, DrawnNode, GraphPicture, draw_graph

__all__ = ["DrawnEdge", "DrawnNode", "GraphPicture", "diagrams", "draw_graph"]


def __getattr__(name):
    if name == "diagrams":
        return importlib.import_module(".diagrams", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
