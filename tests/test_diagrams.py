"""The architecture diagrams: each one draws, has a title, says what the course's equations say,
keeps its text apart and inside the figure, and shows itself in Jupyter."""
import numpy as np
import pytest
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

import minigrad as mg
from minigrad import nn
from minigrad.viz import diagrams
from minigrad.viz.style import GRADIENT


@pytest.fixture(scope="module")
def drawn():
    """Every diagram, built once for all the tests below (building is the slow part)."""
    return {name: draw() for name, draw in diagrams.ALL.items()}


def texts(figure):
    return [t for t in figure.findobj(Text) if t.get_text().strip()]


def words(figure) -> str:
    return "\n".join(t.get_text() for t in texts(figure))


EXPECTED = {
    "unrolled_rnn": ["$W_{xh}$", "$W_{hh}$", "$W_{hy}$", "$h_0$", "$x_{3}$", "$p_{3}$", "$h_t$",
                     r"W_{hh}\,h_{t-1} + b)", r"p_t = \mathrm{softmax}(W_{hy}\,h_t + b_y)"],
    "rnn_patterns": ["many-to-one", "many-to-many", "one-to-many", "sequence to sequence",
                     "$s_1$", "context"],
    "bptt": [r"$\partial\ell_4/\partial h_4$", r"$\delta_1$", r"g_{T+1} = 0",
             r"\frac{1}{N}\,\partial\ell_t/\partial h_t + W_{hh}^\top g_{t+1}",
             r"g_t = \delta_t\odot(1-h_t^2)", r"\partial L/\partial W_{hh}",
             r"$L = \frac{1}{N}\,\Sigma_t\,\ell_t$"],
    "truncated_bptt": ["window 1", "window 2", "$h_{6}$", r"$\ell_{6}$", "'d'", "target 'x'",
                       "detach()", "$T = 3$"],
    "lstm_cell": ["$f_t$", "$i_t$", "$g_t$", "$o_t$", "$c_{t-1}$", "$c_t$", "$h_{t-1}$", "$h_t$",
                  "$x_t$", r"\tilde{C}_t", "conveyor belt", "forget", "input", "output"],
    "gru_cell": ["$r_t$", "$z_t$", r"$\tilde{h}_t$", "$1-$", "$1 - z_t$", "reset", "update",
                 r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t", "PyTorch", "Cho et al.",
                 r"\tilde{h}_t = \tanh(W_c\,[r_t \odot h_{t-1}, x_t] + b_c)"],
    "stacked_rnn": ["$h_3^{(2)}$", "$W_{hh}^{(1)}$", "$W_{hh}^{(2)}$", "$W_{xh}^{(2)}$",
                    "layer 2", r"h_t^{(0)} = x_t", r"h_t^{(l)} = \phi(", "$p_3$"],
    "bidirectional_rnn": [r"$\overrightarrow{h}_1$", r"$\overleftarrow{h}_3$", "$p_3$",
                          r"$p_t$ reads $[\overrightarrow{h}_t, \overleftarrow{h}_t]$",
                          "or their sum", "cannot generate"],
    "encoder_decoder": ["$s_0 = h_4$", "bottleneck", "$h_4$", "$s_3$", "<bos>", "<eos>",
                        "teacher forcing", "greedy decoding"],
    "encoder_decoder_attention": [r"$\Sigma$", r"\alpha_{2j}", r"$c_2 = \Sigma_j\,\alpha_{2j}"
                                  r"\,h_j$", "$s_0 = h_4$", "query $s_2$",
                                  r"\mathrm{softmax}(V\,[s_2, c_2] + b)", "<bos>", "<eos>"],
    "cnn_rnn_mlp": ["$x_{8}$", "$y_{6}$", "$h_{3}$", "max", "max-pool by 2", "scores", "k = 3",
                    "CNN", "LSTM", "MLP", r"y_t = b + \Sigma_{j<k}\,W_j\,x_{t+j}"],
}


@pytest.mark.parametrize("name", sorted(diagrams.ALL))
def test_each_diagram_has_a_title_and_the_courses_symbols(name, drawn):
    figure = drawn[name]
    assert figure.get_suptitle().strip()
    missing = [symbol for symbol in EXPECTED[name] if symbol not in words(figure)]
    assert not missing, f"{name} lacks {missing}"


@pytest.mark.parametrize("name", sorted(diagrams.ALL))
def test_no_two_texts_overlap_and_all_text_is_inside_the_figure(name, drawn):
    figure = drawn[name]
    renderer = figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer).shrunk(0.96, 0.9))
             for t in texts(figure)]
    page = figure.bbox
    for text, box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and \
            box.y1 <= page.y1, f"{text!r} sticks out of {name}"
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r} in {name}"


def test_the_unrolled_rnn_labels_the_shared_weight_on_every_step(drawn):
    labels = [t.get_text() for t in texts(drawn["unrolled_rnn"])]  # 3 steps
    assert labels.count("$W_{hh}$") == 3 + 1  # the folded loop and every unrolled step
    assert labels.count("$W_{xh}$") == labels.count("$W_{hy}$") == 3 + 1
    assert "$x_{3}$" in labels and "$x_{4}$" not in labels


def test_bptt_draws_every_backward_path_in_red(drawn):
    red = [p for p in drawn["bptt"].findobj(FancyArrowPatch)  # 4 steps
           if np.allclose(p.get_edgecolor()[:3], _rgb(GRADIENT))]
    # from each loss, from each step into the weight gradient, and from each step to the last
    assert len(red) == 4 + 4 + 3


def test_truncated_bptt_stops_the_gradient_at_each_window_edge(drawn):
    figure = drawn["truncated_bptt"]   # 'def f(x': 6 steps in windows of 3
    red = [p for p in figure.findobj(FancyArrowPatch)
           if np.allclose(p.get_edgecolor()[:3], _rgb(GRADIENT))]
    # from each loss into its step, and back along each window: 2 arrows in each of 2 windows
    assert len(red) == 6 + 2 * 2
    assert [t.get_text() for t in texts(figure)].count("detach()") == 1
    labels = [t.get_text() for t in texts(figure)]
    assert labels.count("target 'f'") == 2 and "target 'd'" not in labels  # the next character


def test_many_to_one_has_one_output_and_one_to_many_one_input(drawn):
    panels = {axes.get_title(): [t.get_text() for t in axes.texts]
              for axes in drawn["rnn_patterns"].axes}
    many_to_one = next(v for k, v in panels.items() if k.startswith("many-to-one"))
    one_to_many = next(v for k, v in panels.items() if k.startswith("one-to-many"))
    assert [t for t in many_to_one if t.startswith("$p_")] == ["$p_{4}$"]
    assert [t for t in one_to_many if t.startswith("$x_")] == ["$x_{1}$"]


@pytest.mark.parametrize("name", ["encoder_decoder", "encoder_decoder_attention"])
def test_the_decoder_reads_bos_then_its_outputs_and_ends_with_eos(name, drawn):
    """Left to right, the decoder reads <bos>, y_1, y_2 and writes y_1, y_2, <eos>: its input is
    the output shifted right by one step, as chapter 10 trains it."""
    tokens = ("<bos>", "<eos>", "$y_1$", "$y_2$")
    placed = [(t.get_position(), t.get_text()) for t in texts(drawn[name])
              if t.get_text() in tokens]
    rows = sorted({y for (_, y), _ in placed})
    assert len(rows) == 2
    read, written = ([text for (x, y), text in sorted(placed) if y == row] for row in rows)
    assert read == ["<bos>", "$y_1$", "$y_2$"] and written == ["$y_1$", "$y_2$", "<eos>"]


def test_the_pipeline_pools_pairs_of_convolution_features(drawn):
    labels = [t.get_text() for t in texts(drawn["cnn_rnn_mlp"])]
    features = [label for label in labels if label.startswith("$y_")]
    cells = [label for label in labels if label.startswith("$h_")]
    assert len(features) == 8 - 3 + 1                     # one per window of k = 3 of 8 steps
    assert labels.count("max") == len(cells) == len(features) // 2


def test_attention_weights_shown_are_a_distribution(drawn):
    weights = [float(t) for t in (x.get_text() for x in texts(drawn["encoder_decoder_attention"]))
               if t.replace(".", "", 1).isdigit()]
    assert len(weights) == 4 and sum(weights) == pytest.approx(1.0)


def test_the_gru_diagram_states_the_engines_convention():
    """The diagram says h_t = (1 - z) h_{t-1} + z h~: with z forced to 1 the engine's GRUCell
    must output the candidate, with z forced to 0 the previous state."""
    cell = nn.GRUCell(2, 3)
    x, h = mg.Tensor(np.ones((1, 2))), mg.Tensor(np.full((1, 3), 0.5))
    for bias, expected in ((50.0, "candidate"), (-50.0, "previous")):
        cell.b.data[:3] = bias            # the update gate's bias: z = sigmoid(+-50)
        _, _, candidate = cell.gates(x, h)
        wanted = candidate.numpy() if expected == "candidate" else h.numpy()
        np.testing.assert_allclose(cell(x, h).numpy(), wanted, atol=1e-6)


def test_a_diagram_shows_itself_in_jupyter_as_png(drawn):
    assert drawn["lstm_cell"]._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("call", [lambda: diagrams.unrolled_rnn(steps=1),
                                  lambda: diagrams.bptt(steps=20),
                                  lambda: diagrams.stacked_rnn(layers=7),
                                  lambda: diagrams.truncated_bptt(text="a" * 20),
                                  lambda: diagrams.truncated_bptt(window=6)])
def test_sizes_that_do_not_fit_are_refused_clearly(call):
    with pytest.raises(ValueError, match="must be"):
        call()


def _rgb(colour: str) -> tuple:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
