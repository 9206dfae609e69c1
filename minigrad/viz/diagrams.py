"""Diagrams of the architectures the course teaches, drawn by code in the course's notation.

Each function returns a matplotlib Figure with a title; as the last line of a notebook cell it is
shown, and `.savefig(path)` saves it. Colours mean the same everywhere: blue an input x_t, orange
a state h_t (or c_t), purple an output (chapter 6's prediction p_t, a decoder's y_t), yellow a
gate or an operation, green a weight (every weight label is green, so a weight shared by all steps
is visibly the same), red a gradient.

    from minigrad.viz import diagrams
    diagrams.lstm_cell()
"""
from .drawing import WEIGHT, Canvas, gradient_arrow
from .style import GRADIENT, INK, MUTED, ROLES

STEP = 2.2   # distance between the cells of an unrolled row


def _columns(first: float, count: int, step: float = STEP) -> list:
    return [first + k * step for k in range(count)]


def _check_steps(function: str, steps: int, low: int = 2, high: int = 8) -> None:
    if not isinstance(steps, int) or not low <= steps <= high:
        raise ValueError(f"diagrams.{function}: steps must be a whole number from {low} to "
                         f"{high} (more do not fit a page), got {steps!r}.")


def _inputs_and_outputs(canvas: Canvas, cells: list, step_names: list, x_y: float, y_y: float,
                        outputs=None, inputs=None, label_side: float = -1,
                        weights: bool = True) -> list:
    """x_t below chosen cells and the prediction p_t above chosen ones (by default every cell has
    both), with arrows labelled W_xh and W_hy if `weights`, right of the arrows (left for
    label_side=1). Returns the output boxes."""
    inputs = range(len(cells)) if inputs is None else inputs
    outputs = range(len(cells)) if outputs is None else outputs
    for k in inputs:
        x = canvas.box(cells[k].x, x_y, f"$x_{{{step_names[k]}}}$", "input", width=0.8,
                       height=0.6)
        canvas.arrow(x, cells[k], label="$W_{xh}$" if weights else "", label_color=WEIGHT,
                     label_side=label_side)
    boxes = []
    for k in outputs:
        boxes.append(canvas.box(cells[k].x, y_y, f"$p_{{{step_names[k]}}}$", "output",
                                width=0.8, height=0.6))
        canvas.arrow(cells[k], boxes[-1], label="$W_{hy}$" if weights else "",
                     label_color=WEIGHT, label_side=label_side)
    return boxes


# ----- the vanilla RNN (chapter 6) ----------------------------------------------------------
def unrolled_rnn(steps: int = 3):
    """The RNN as written (one cell with a loop) and unrolled over `steps` steps: a deep network
    whose layers all use the same W_xh, W_hh and W_hy. In chapter 6's notation: p_t is the
    prediction, y_t is kept for the target."""
    _check_steps("unrolled_rnn", steps)
    width = 6.6 + steps * STEP
    canvas = Canvas.new(width, 5.2, "An RNN unrolled in time: every step uses the same weights",
                        r"$h_t = \tanh(W_{xh}\,x_t + W_{hh}\,h_{t-1} + b), \qquad "
                        r"p_t = \mathrm{softmax}(W_{hy}\,h_t + b_y)$")
    # folded: one cell whose state loops back into it
    cell = canvas.box(1.5, 2.6, "$h_t$")
    _inputs_and_outputs(canvas, [cell], ["t"], 1.0, 4.2, label_side=1)
    canvas.wire([cell.top(0.35), (1.85, 3.4), (2.55, 3.4), (2.55, 2.6), cell.right()])
    canvas.text(2.7, 3.0, "$W_{hh}$", size=13, color=WEIGHT, ha="left")
    canvas.note(1.5, 0.25, "as written")
    canvas.text(4.1, 2.85, "unroll", size=12, color=MUTED)
    canvas.text(4.1, 2.45, r"$\Longrightarrow$", size=20, color=MUTED)
    # unrolled: h_0, then one cell per step
    first = canvas.box(5.4, 2.6, "$h_0$", "constant", width=0.8, height=0.6)
    xs = _columns(5.4 + STEP, steps)
    names = [str(t) for t in range(1, steps + 1)]
    cells = canvas.recurrent_row(xs, 2.6, [f"$h_{{{t}}}$" for t in names], "$W_{hh}$")
    canvas.arrow(first, cells[0], label="$W_{hh}$", label_color=WEIGHT)
    _inputs_and_outputs(canvas, cells, names, 1.0, 4.2)
    canvas.note((xs[0] + xs[-1]) / 2, 0.25, f"unrolled over T = {steps} steps")
    return canvas.figure


def rnn_patterns():
    """The four ways to wire an RNN to a task: many-to-one, many-to-many, one-to-many and
    sequence to sequence (an encoder, then a decoder)."""
    panels = Canvas.grid(2, 2, 9.6, 4.6, "Four ways to use an RNN",
                         "Blue: inputs $x_t$, orange: states $h_t$ (decoder states $s_t$), "
                         "purple: predictions $p_t$. The arrows between cells carry the state.")
    steps, names = 4, ["1", "2", "3", "4"]
    xs = _columns(1.4, steps, 2.25)
    many_to_one, many_to_many, one_to_many, seq2seq = panels
    for canvas, title, example, inputs, outputs in (
            (many_to_one, "many-to-one: read a sequence, answer once",
             "the sum of two marked numbers (ch. 7), a review's sentiment", None, [steps - 1]),
            (many_to_many, "many-to-many: an output at every step",
             "the dinner of each day (ch. 6), the next character (ch. 6b)", None, None),
            (one_to_many, "one-to-many: one input, a sequence out",
             "text from a first character (ch. 6b), a caption from an image", [0], None)):
        canvas.subtitle(title)
        cells = canvas.recurrent_row(xs, 2.2, [f"$h_{t}$" for t in names], width=0.9)
        outs = _inputs_and_outputs(canvas, cells, names, 0.85, 3.6, outputs, inputs,
                                   weights=False)
        if canvas is one_to_many:  # generating: each output is read as the next input
            for y, cell in zip(outs, cells[1:]):
                canvas.arrow(y.right(), cell.top(-0.2), rad=-0.25, dashed=True, color=MUTED)
        canvas.note(4.8, 0.15, "e.g. " + example)
    seq2seq.subtitle("sequence to sequence: read everything, then write")
    encoder = seq2seq.recurrent_row(_columns(0.8, 3, 1.5), 2.2, ["$h_1$", "$h_2$", "$h_3$"],
                                    width=0.85)
    decoder = seq2seq.recurrent_row(_columns(6.0, 3, 1.5), 2.2, ["$s_1$", "$s_2$", "$s_3$"],
                                    width=0.85)
    seq2seq.arrow(encoder[-1], decoder[0], label="context", label_color=MUTED)
    _inputs_and_outputs(seq2seq, encoder, names, 0.85, 3.6, outputs=[], weights=False)
    _inputs_and_outputs(seq2seq, decoder, names, 0.85, 3.6, inputs=[], weights=False)
    seq2seq.note(2.3, 3.0, "encoder")
    seq2seq.note(7.5, 1.3, "decoder")
    seq2seq.note(4.8, 0.15, "e.g. reversing a string (ch. 10), translation")
    return seq2seq.figure


# ----- backpropagation through time (chapters 6 and 7) -------------------------------------
def bptt(steps: int = 4):
    """The gradient paths of backpropagation through time, in chapter 6's notation: each loss
    sends dl_t/dh_t into its step, every h_t passes its gradient back to h_{t-1} through W_hh,
    and the weight gradient is the sum of every step's share."""
    _check_steps("bptt", steps)
    xs = _columns(1.6, steps, 2.8)
    width = xs[-1] + 2.3
    canvas = Canvas.new(
        width, 6.4, "Backpropagation through time: gradients flow back along every path",
        "Black: the forward pass.  Red: the backward pass, where "
        r"$\delta_t = \partial L/\partial h_t$ gets a share from each path:" "\n"
        r"$\delta_t = \frac{1}{N}\,\partial\ell_t/\partial h_t + W_{hh}^\top g_{t+1}, \qquad "
        r"g_t = \delta_t\odot(1-h_t^2), \qquad g_{T+1} = 0$")
    names = [str(t) for t in range(1, steps + 1)]
    cells = [canvas.box(x, 3.5, f"$h_{t}$") for x, t in zip(xs, names)]
    for cell, t in zip(cells, names):
        x = canvas.box(cell.x - 0.3, 2.25, f"$x_{t}$", "input", width=0.7, height=0.55)
        canvas.arrow(x, cell.bottom(-0.3))
        loss = canvas.box(cell.x - 0.3, 5.3, rf"$\ell_{t}$", "loss", width=0.7, height=0.55)
        canvas.arrow(cell.top(-0.3), loss)
        gradient_arrow(canvas, loss.right(-0.1), cell.top(0.3),
                       label=rf"$\partial\ell_{t}/\partial h_{t}$", label_side=1)
        canvas.text(cell.x + 0.72, cell.y - 0.55, rf"$\delta_{t}$", size=14, color=GRADIENT)
        gradient_arrow(canvas, cell.bottom(0.3), (cell.x + 0.3, 1.38), dashed=True)
    for a, b in zip(cells, cells[1:]):
        canvas.arrow(a.right(0.14), b.left(0.14))
        gradient_arrow(canvas, b.left(-0.14), a.right(-0.14))
    # the weight gradient: a rail collecting every step's share
    rail = canvas.box((xs[0] + xs[-1]) / 2 + 0.3, 1.3, "", "loss", width=xs[-1] - xs[0] + 0.8,
                      height=0.16)
    canvas.text(rail.x, 0.75, r"$\partial L/\partial W_{hh} = \Sigma_t\,g_t\,h_{t-1}^\top$: "
                "the weights are shared, so every step adds its share", size=12,
                color=GRADIENT)
    canvas.text(width - 0.2, 6.1, r"$L = \frac{1}{N}\,\Sigma_t\,\ell_t$", size=13, ha="right")
    return canvas.figure


def truncated_bptt(text: str = "def f(x", window: int = 3):
    """Truncated backpropagation through time on a character model (chapter 6b): the text is
    read in windows of `window` characters, each step's target is the next character, and the
    state is carried from window to window but detached, so a window's losses send gradient
    back only to the window's own first step."""
    steps = len(text) - 1 if isinstance(text, str) else 0
    if not 2 <= steps <= 8:
        raise ValueError(f"diagrams.truncated_bptt: text must be a string of 3 to 9 characters "
                         f"(more do not fit a page), got {text!r}.")
    if not isinstance(window, int) or not 1 <= window < steps:
        raise ValueError(f"diagrams.truncated_bptt: window must be a whole number from 1 to "
                         f"{steps - 1}, so that there are at least two windows; got {window!r}.")
    gap = 1.2   # the extra room between two windows
    xs = [1.3 + 2.2 * t + gap * (t // window) for t in range(steps)]
    canvas = Canvas.new(
        xs[-1] + 1.3, 6.3,
        "Truncated BPTT: the state crosses windows, the gradient does not",
        rf"Windows of $T = {window}$ characters of '{text}'; the target at each step is the next "
        "character.\nForward (black), the last state of a window starts the next one. Backward "
        "(red), a window's losses\nreach back only to its own first step: state.detach() keeps "
        "the state's numbers and cuts its graph.")
    for k, first in enumerate(range(0, steps, window), start=1):
        last = min(first + window, steps) - 1
        canvas.region(xs[first] - 0.9, 0.3, xs[last] + 0.9, 5.95, f"window {k}")
    cells = []
    for t, (x, read, target) in enumerate(zip(xs, text, text[1:]), start=1):
        cell = canvas.box(x, 2.6, f"$h_{{{t}}}$")
        canvas.arrow(canvas.box(x, 1.0, f"'{read}'", "input", width=0.8, height=0.6), cell)
        loss = canvas.box(x - 0.3, 4.4, rf"$\ell_{{{t}}}$", "loss", width=0.7, height=0.55)
        canvas.note(x - 0.3, 5.05, f"target '{target}'")
        canvas.arrow(cell.top(-0.3), loss)
        gradient_arrow(canvas, loss.right(-0.1), cell.top(0.3))
        cells.append(cell)
    for t, (a, b) in enumerate(zip(cells, cells[1:]), start=1):
        canvas.arrow(a.right(0.14), b.left(0.14))
        if t % window:        # within a window the gradient flows back ...
            gradient_arrow(canvas, b.left(-0.14), a.right(-0.14))
        else:                 # ... across a window's edge it does not
            canvas.text((a.x + b.x) / 2, 2.05, "detach()", size=11, color=GRADIENT)
    return canvas.figure


# ----- gated cells (chapters 8 and 9) -------------------------------------------------------
def _gate(canvas: Canvas, x: float, y: float, function: str, name: str, symbol: str,
          source_y: float) -> object:
    """A gate box (σ or tanh) fed from the wire at source_y below it, with its name under the
    box and the symbol of its output beside the wire leaving its top."""
    gate = canvas.box(x, y, function, "gate", width=0.95, height=0.62, size=14)
    canvas.wire([(x, source_y), gate.bottom()])
    canvas.dot(x, source_y)
    canvas.note(x + 0.1, y - 0.62, name, ha="left")
    canvas.text(x - 0.12, y + 0.62, symbol, size=14, ha="right")
    return gate


def _state_line(canvas: Canvas, y: float, ends: tuple, multiply_x: float, add_x: float,
                end_x: float, note: str, note_x: float) -> tuple:
    """The line a gated cell's state runs along, left to right: in, scaled by a ⊙ node, added
    to at a + node, out. Returns the two nodes."""
    canvas.text(0.45, y, ends[0], size=15)
    scale, add = canvas.circle(multiply_x, y, r"$\odot$"), canvas.circle(add_x, y, "$+$")
    canvas.wire([(0.85, y), scale.left()])
    canvas.arrow(scale, add)
    canvas.wire([add.right(), (end_x, y)])
    canvas.text(end_x + 0.4, y, ends[1], size=15)
    canvas.note(note_x, y + 0.42, note)
    return scale, add


def lstm_cell():
    """The LSTM cell: the cell state c runs along the top like a conveyor belt, changed only by
    a product with the forget gate and an addition of the gated candidate; the four gates read
    [h_{t-1}, x_t] from the wire along the bottom."""
    canvas = Canvas.new(
        12.6, 7.2, "The LSTM cell: a conveyor belt for the cell state, and four gates",
        r"$f_t, i_t, o_t = \sigma(W_{f,i,o}\,[h_{t-1}, x_t] + b_{f,i,o}), \quad "
        r"g_t = \tanh(W_g\,[h_{t-1}, x_t] + b_g)$  ($g_t$ is colah's $\tilde{C}_t$)" "\n"
        r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t, \qquad h_t = o_t \odot \tanh(c_t)$")
    belt, bottom = 6.0, 1.5
    canvas.region(1.0, 0.9, 11.2, 6.7, "one step", role="constant")
    forget, write = _state_line(canvas, belt, ("$c_{t-1}$", "$c_t$"), 3.6, 6.9, 11.75,
                                "cell state: the conveyor belt", 5.25)
    canvas.text(0.45, bottom, "$h_{t-1}$", size=15)
    canvas.text(2.2, 0.25, "$x_t$", size=15)
    # the bottom wire carries [h_{t-1}, x_t] to every gate
    canvas.wire([(0.85, bottom), (8.6, bottom)], arrow=False)
    canvas.wire([(2.2, 0.5), (2.2, bottom)], arrow=False)
    canvas.dot(2.2, bottom)
    canvas.note(2.35, bottom - 0.3, r"$[h_{t-1}, x_t]$", ha="left")
    gates_y = 3.1
    f = _gate(canvas, 3.6, gates_y, r"$\sigma$", "forget", "$f_t$", bottom)
    i = _gate(canvas, 5.1, gates_y, r"$\sigma$", "input", "$i_t$", bottom)
    g = _gate(canvas, 6.9, gates_y, r"$\tanh$", "candidate", "$g_t$", bottom)
    o = _gate(canvas, 8.6, gates_y, r"$\sigma$", "output", "$o_t$", bottom)
    canvas.arrow(f, forget)
    product = canvas.circle(6.9, 4.6, r"$\odot$")
    canvas.arrow(g, product)
    canvas.wire([i.top(), (5.1, 4.6), product.left()])
    canvas.arrow(product, write)
    # the output: h_t = o_t * tanh(c_t), read off the belt
    canvas.dot(9.9, belt)
    squash = canvas.box(9.9, 4.6, r"$\tanh$", "gate", width=0.95, height=0.55, size=14)
    canvas.arrow((9.9, belt), squash)
    shown = canvas.circle(9.9, gates_y, r"$\odot$")
    canvas.arrow(squash, shown)
    canvas.arrow(o, shown)
    canvas.wire([shown.bottom(), (9.9, 2.2), (11.75, 2.2)])
    canvas.text(12.15, 2.2, "$h_t$", size=15)
    return canvas.figure


def gru_cell():
    """The GRU cell in the course's convention (chapter 9): h_t = (1 - z_t) * h_{t-1} + z_t *
    candidate, so the update gate z_t says how much to change (Cho et al.'s, d2l's and PyTorch's
    z is the course's 1 - z). The state runs along the top; the reset gate decides how much of
    h_{t-1} the candidate sees."""
    canvas = Canvas.new(
        12.6, 7.4, "The GRU cell: update and reset gates, one state",
        r"$z_t = \sigma(W_z\,[h_{t-1}, x_t] + b_z), \quad r_t = \sigma(W_r\,[h_{t-1}, x_t] + b_r),"
        r" \quad \tilde{h}_t = \tanh(W_c\,[r_t \odot h_{t-1}, x_t] + b_c)$" "\n"
        r"$h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t$: $z_t$ is how much to change "
        r"(the $z$ of Cho et al., d2l and PyTorch is our $1 - z$)")
    state, bottom, gates_y, middle = 6.2, 1.2, 2.6, 4.1
    canvas.region(1.0, 0.8, 11.0, 6.9, "one step", role="constant")
    keep, mix = _state_line(canvas, state, ("$h_{t-1}$", "$h_t$"), 7.6, 9.6, 11.6,
                            "the state: changed by a gated mix of old and new", 6.1)
    canvas.text(1.9, 0.2, "$x_t$", size=15)
    # h_{t-1} also goes down, to the reset product and, with x_t, to the gates
    canvas.dot(1.3, state)
    canvas.wire([(1.3, state), (1.3, bottom), (6.6, bottom)], arrow=False)
    canvas.wire([(1.9, 0.45), (1.9, bottom)], arrow=False)
    canvas.dot(1.9, bottom)
    canvas.note(2.0, bottom + 0.25, r"$[h_{t-1}, x_t]$", ha="left")
    r = _gate(canvas, 3.0, gates_y, r"$\sigma$", "reset", "$r_t$", bottom)
    z = _gate(canvas, 6.6, gates_y, r"$\sigma$", "update", "", bottom)
    reset = canvas.circle(3.0, middle, r"$\odot$")
    canvas.arrow(r, reset)
    canvas.dot(1.3, middle)
    canvas.wire([(1.3, middle), reset.left()])
    candidate = canvas.box(5.4, middle, r"$\tanh$", "gate", width=0.95, height=0.62, size=14)
    canvas.arrow(reset, candidate, label=r"$r_t \odot h_{t-1}$", label_side=1)
    canvas.dot(5.4, bottom)
    canvas.wire([(5.4, bottom), candidate.bottom()])
    canvas.text(5.25, 2.5, "$x_t$", size=13, color=MUTED, ha="right")
    canvas.note(5.4, middle + 0.55, "candidate")
    write = canvas.circle(9.6, middle, r"$\odot$")
    canvas.arrow(candidate, write, label=r"$\tilde{h}_t$", label_at=0.85)
    canvas.arrow(write, mix)
    # z_t: a share 1 - z_t of the old state is kept, a share z_t of the candidate written
    one_minus = canvas.circle(7.6, 5.0, r"$1-$", size=12, radius=0.3)
    canvas.arrow(one_minus, keep)
    canvas.dot(6.6, 3.4)
    canvas.wire([(6.6, 3.4), (9.6, 3.4), write.bottom()])
    canvas.wire([z.top(), (6.6, 5.0), one_minus.left()], hop=True)
    canvas.text(6.75, 4.6, "$z_t$", size=14, ha="left")
    canvas.text(7.8, 5.62, "$1 - z_t$", size=13, ha="left")
    canvas.text(9.75, 3.1, "$z_t$", size=13, ha="left")
    return canvas.figure



# ----- deeper and wider RNNs, encoder-decoders, pipelines (chapter 10) ----------------------
def stacked_rnn(layers: int = 2, steps: int = 3):
    """A stacked (deep) RNN: layer l reads the hidden states of layer l - 1 as its inputs, and
    each layer has its own weights, shared over time; the output layer reads the top layer."""
    _check_steps("stacked_rnn", steps, high=6)
    if not isinstance(layers, int) or not 2 <= layers <= 4:
        raise ValueError(f"diagrams.stacked_rnn: layers must be 2, 3 or 4, got {layers!r}.")
    xs = _columns(3.0, steps, 2.5)
    rows = [1.0 + 1.8 * level for level in range(1, layers + 1)]
    height = rows[-1] + 2.2
    canvas = Canvas.new(
        xs[-1] + 1.6, height, f"A stacked RNN: {layers} layers, each reading the one below",
        r"$h_t^{(l)} = \phi(W_{xh}^{(l)}\,h_t^{(l-1)} + W_{hh}^{(l)}\,h_{t-1}^{(l)} + b^{(l)}),"
        r" \qquad h_t^{(0)} = x_t$: each layer has its own weights, shared over time")
    names = [str(t) for t in range(1, steps + 1)]
    below = [canvas.box(x, 1.0, f"$x_{t}$", "input", width=0.8, height=0.6)
             for x, t in zip(xs, names)]
    for level, y in enumerate(rows, start=1):
        start = canvas.box(1.2, y, f"$h_0^{{({level})}}$", "constant", width=0.9, height=0.6,
                           size=14)
        cells = canvas.recurrent_row(xs, y, [f"$h_{t}^{{({level})}}$" for t in names],
                                     f"$W_{{hh}}^{{({level})}}$")
        canvas.arrow(start, cells[0])
        for source, cell in zip(below, cells):
            canvas.arrow(source, cell, label=f"$W_{{xh}}^{{({level})}}$", label_color=WEIGHT,
                         label_side=-1)
        canvas.note(1.2, y - 0.55, f"layer {level}")
        below = cells
    for cell, t in zip(below, names):
        output = canvas.box(cell.x, height - 0.55, f"$p_{t}$", "output", width=0.8, height=0.6)
        canvas.arrow(cell, output, label="$W_{hy}$", label_color=WEIGHT, label_side=-1)
    return canvas.figure


def bidirectional_rnn(steps: int = 3):
    """A bidirectional RNN: one RNN reads the sequence forwards, another backwards, and each
    prediction reads both states of its step (concatenated, or summed)."""
    _check_steps("bidirectional_rnn", steps, high=6)
    xs = _columns(1.6, steps, 2.6)
    canvas = Canvas.new(
        xs[-1] + 1.9, 6.4, "A bidirectional RNN: one pass forwards, one backwards",
        r"$p_t$ reads $[\overrightarrow{h}_t, \overleftarrow{h}_t]$ (or their sum): at every "
        "step, the whole input. So it cannot generate:\nthe backward pass needs inputs not yet "
        "produced.")
    names = [str(t) for t in range(1, steps + 1)]
    forward = canvas.recurrent_row(xs, 2.4, [rf"$\overrightarrow{{h}}_{t}$" for t in names],
                                   r"$\overrightarrow{W}_{hh}$")
    backward = canvas.recurrent_row(xs, 3.9, [rf"$\overleftarrow{{h}}_{t}$" for t in names],
                                    r"$\overleftarrow{W}_{hh}$", backwards=True)
    for f, b, t in zip(forward, backward, names):
        x = canvas.box(f.x, 0.9, f"$x_{t}$", "input", width=0.8, height=0.6)
        y = canvas.box(f.x, 5.5, f"$p_{t}$", "output", width=0.8, height=0.6)
        canvas.arrow(x, f)
        canvas.arrow(x.right(0.1), b.bottom(0.35), rad=0.35, hop=True)   # around the forward cell
        canvas.arrow(f.top(-0.35), y.left(-0.1), rad=-0.35, hop=True)    # around the backward one
        canvas.arrow(b, y)
    canvas.note(xs[0] - 0.75, 2.4, "forwards", ha="right")
    canvas.note(xs[-1] + 0.7, 3.9, "backwards", ha="left")
    return canvas.figure


def encoder_decoder(attention: bool = False):
    """Sequence to sequence, in chapter 10's notation: the encoder's states h_j, the decoder's s_i,
    which reads <bos> and then each token it wrote, and stops with <eos>. Without attention the
    encoder's last state, s_0 = h_L, is all the decoder learns about the input: a bottleneck.
    With attention (chapter 10b) each output step i uses its state s_i as a query, weighs every
    h_j, and its output reads [s_i, c_i] (drawn for step 2)."""
    title = ("An encoder-decoder with attention: every input state within reach" if attention
             else "An encoder-decoder: the whole input squeezed into one state")
    caption = (r"$\alpha_{2j} = \mathrm{softmax}_j(\mathrm{score}(s_2, h_j))$ weights the "
               r"encoder states (line widths; the query is $s_2$), $c_2 = \Sigma_j\,\alpha_{2j}"
               r"\,h_j$, and the output reads both:" "\n"
               r"$p(y_2 \mid y_1, x) = \mathrm{softmax}(V\,[s_2, c_2] + b)$. Every output step "
               "computes its own weights: nothing has to squeeze the whole input into one state."
               if attention else
               r"The decoder starts from the encoder's last state, $s_0 = h_4$ (with the LSTM's "
               "cell state). Training feeds it the true previous token (teacher forcing);\nwhen "
               "generating it reads its own prediction (greedy decoding) and stops when it writes "
               "<eos>.")
    encoder_x = _columns(1.4, 4, 1.9)
    decoder_x = _columns(10.2 if attention else 11.0, 3, 2.0)
    canvas = Canvas.new(decoder_x[-1] + 1.4, 6.6 if attention else 4.3, title, caption)
    canvas.region(0.5, 0.35, encoder_x[-1] + 0.9, 3.1, "encoder", role="input")
    encoder = canvas.recurrent_row(encoder_x, 2.1, [f"$h_{j}$" for j in range(1, 5)])
    for cell, j in zip(encoder, range(1, 5)):
        canvas.arrow(canvas.box(cell.x, 0.95, f"$x_{j}$", "input", width=0.8, height=0.55), cell)
    canvas.ground = "#ffffff"
    decoder = canvas.recurrent_row(decoder_x, 2.1, [f"$s_{i}$" for i in range(1, 4)])
    def token(x, y, text):   # <bos> and <eos> are words, wider than a symbol
        wide = text.startswith("<")
        return canvas.box(x, y, text, "output", width=1.05 if wide else 0.8, height=0.55,
                          size=12 if wide else 15)
    outputs = []
    for cell, read, written in zip(decoder, ("<bos>", "$y_1$", "$y_2$"),
                                   ("$y_1$", "$y_2$", "<eos>")):
        canvas.arrow(token(cell.x - 0.25, 0.95, read), cell.bottom(-0.25))
        outputs.append(token(cell.x + 0.25, 3.55, written))
        canvas.arrow(cell.top(0.25), outputs[-1])
    canvas.note(decoder_x[1], 0.2, "decoder: reads the previous token, writes the next")
    if not attention:
        start = canvas.box(9.05, 2.1, "$s_0 = h_4$", "state", width=1.3, height=0.7, size=14)
        canvas.arrow(encoder[-1], start)
        canvas.arrow(start, decoder[0])
        canvas.note(9.05, 2.75, "the bottleneck")
        return canvas.figure
    canvas.arrow(encoder[-1], decoder[0], label="$s_0 = h_4$", label_color=MUTED)
    teal = ROLES["attention"][1]
    mix = canvas.circle(8.2, 5.3, r"$\Sigma$", "attention", radius=0.32)
    weights = [0.1, 0.15, 0.6, 0.15]      # an example: step 2 looks mostly at h_3
    for cell, weight in zip(encoder, weights):
        canvas.arrow(cell.top(), mix, color=teal, width=0.8 + 7 * weight,
                     label=f"{weight:.2f}", label_at=0.22, label_side=1)
    step, written = decoder[1], outputs[1]
    # the query s_2 goes up beside its output and over to the weighing
    canvas.wire([step.top(-0.3), (step.x - 0.3, 4.45), (mix.x, 4.45), mix.bottom()], color=teal,
                width=1.4, dashed=True)
    canvas.text(step.x - 0.45, 4.1, "query $s_2$", size=11, color=teal, ha="right")
    canvas.wire([mix.right(), (written.x, 5.3), written.top()], color=teal, width=2.0)
    canvas.text(written.x + 0.15, 4.6, r"$c_2 = \Sigma_j\,\alpha_{2j}\,h_j$", size=13,
                ha="left", ground=True)
    canvas.note(8.2, 5.95, r"attention weights $\alpha_{2j}$ of output step 2")
    return canvas.figure


def cnn_rnn_mlp():
    """A CNN + RNN + MLP pipeline, as chapter 10 builds it: a convolution finds local patterns in
    windows of k steps (then ReLU), max-pooling keeps the larger of each pair, an LSTM reads the
    pooled features in order, and an MLP decides from its last state."""
    steps, k = 8, 3
    xs = _columns(3.2, steps, 0.85)
    conv_x = [sum(xs[j:j + k]) / k for j in range(steps - k + 1)]
    pooled_x = [(conv_x[j] + conv_x[j + 1]) / 2 for j in range(0, len(conv_x) - 1, 2)]
    cnn_y, pool_y, rnn_y = 2.0, 3.3, 4.7
    canvas = Canvas.new(
        14.2, 5.7, "A CNN + RNN + MLP pipeline: local patterns, then order, then a decision",
        rf"The convolution $y_t = b + \Sigma_{{j<k}}\,W_j\,x_{{t+j}}$ reads every window of "
        f"k = {k} steps with the same weights (then ReLU);\nmax-pooling keeps the larger of each "
        "pair; the LSTM reads the pooled features in order;\nthe MLP head turns its last state "
        "into class scores.")
    inputs = [canvas.box(x, 0.7, f"$x_{{{t}}}$", "input", width=0.62, height=0.5, size=13)
              for x, t in zip(xs, range(1, steps + 1))]
    left, right = xs[0] - 0.45, xs[-1] + 0.45
    canvas.region(left, cnn_y - 0.4, right, cnn_y + 0.4, role="gate")
    canvas.text(left - 0.2, cnn_y, "CNN: local patterns,\none kernel for\nevery window",
                size=11, color=MUTED, ha="right")
    found = []
    for j, x in enumerate(conv_x):
        found.append(canvas.box(x, cnn_y, f"$y_{{{j + 1}}}$", "gate", width=0.62, height=0.5,
                                size=13))
        for source in inputs[j:j + k]:   # the first window in black, the others grey
            canvas.arrow(source, found[-1], width=0.8, color=MUTED if j else INK)
    canvas.text(left - 0.2, pool_y, "max-pool by 2", size=11, color=MUTED, ha="right")
    pooled = []
    for j, x in enumerate(pooled_x):
        pooled.append(canvas.box(x, pool_y, "max", "plain", width=0.62, height=0.45, size=11))
        for source in found[2 * j:2 * j + 2]:
            canvas.arrow(source, pooled[-1], width=0.8)
    canvas.region(left, rnn_y - 0.45, right, rnn_y + 0.45, role="state")
    canvas.text(left - 0.2, rnn_y, "LSTM: order,\nlong-term", size=11, color=MUTED, ha="right")
    cells = canvas.recurrent_row(pooled_x, rnn_y,
                                 [f"$h_{{{j + 1}}}$" for j in range(len(pooled_x))], width=0.62)
    for feature, cell in zip(pooled, cells):
        canvas.arrow(feature, cell)
    canvas.region(right + 0.5, rnn_y - 0.5, 14.0, rnn_y + 0.95, "MLP: the decision",
                  role="output")
    mlp = canvas.box(right + 1.65, rnn_y, "Linear, ReLU,\nLinear", "plain", width=2.0,
                     height=0.8, size=12)
    scores = canvas.box(13.3, rnn_y, "scores", "output", width=1.0, height=0.55, size=12)
    canvas.arrow(cells[-1], mlp)
    canvas.arrow(mlp, scores)
    return canvas.figure


# Every diagram, by name: what the notebooks draw and the tests check.
ALL = {"unrolled_rnn": unrolled_rnn, "rnn_patterns": rnn_patterns, "bptt": bptt,
       "truncated_bptt": truncated_bptt,
       "lstm_cell": lstm_cell, "gru_cell": gru_cell, "stacked_rnn": stacked_rnn,
       "bidirectional_rnn": bidirectional_rnn,
       "encoder_decoder": encoder_decoder,
       "encoder_decoder_attention": lambda: encoder_decoder(attention=True),
       "cnn_rnn_mlp": cnn_rnn_mlp}
