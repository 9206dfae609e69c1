"""One palette for every picture the course draws, so a colour means the same thing in the graph
viewer and in every architecture diagram: blue is data coming in, green a learned weight, orange
a state or an intermediate result, purple an output, yellow a gate, red a gradient."""

INK = "#262626"          # text and lines
MUTED = "#6e6e6e"        # secondary text, edges of the graph viewer
BACKGROUND = "#ffffff"
GRADIENT = "#c0392b"     # gradients and the backward pass

# role: (fill, stroke)
ROLES = {
    "input": ("#dbe8f6", "#2f6fae"),
    "parameter": ("#dcefd6", "#3a8a3a"),
    "state": ("#fde3c4", "#c26a12"),
    "output": ("#eadcf3", "#7a4a9e"),
    "gate": ("#fff1b8", "#a68100"),
    "constant": ("#efefef", "#8a8a8a"),
    "loss": ("#f8d7d3", "#b03a2e"),
    "attention": ("#d3efed", "#1f7a78"),
    "plain": ("#ffffff", "#555555"),
}

MONOSPACE = "DejaVu Sans Mono"  # ships with matplotlib, so PNGs look the same everywhere
SVG_MONOSPACE = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"

MATPLOTLIB_NEEDED = ("{what} draws with matplotlib, which is not installed. The course's "
                     "requirements install it: python3 -m pip install -r requirements.txt "
                     "(or pip install matplotlib).")
