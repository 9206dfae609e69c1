"""draw_graph draws the graph the engine recorded: every node and edge (checked against an
independent walk of _parents), the right labels and gradients, valid SVG, readable big graphs,
and clear errors where there is nothing to draw."""
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.viz import draw_graph
from minigrad.viz.graph import numbers, short_number
from minigrad.viz.layout import layered_layout

from devices import host

SVG = "{http://www.w3.org/2000/svg}"


def walk(root):
    """The graph as the engine recorded it: {id: tensor} and Counter{(id parent, id child)}."""
    tensors, edges, stack = {id(root): root}, Counter(), [root]
    while stack:
        child = stack.pop()
        for parent in child._parents:
            edges[id(parent), id(child)] += 1
            if id(parent) not in tensors:
                tensors[id(parent)] = parent
                stack.append(parent)
    return tensors, edges


def drawn_edges(picture):
    """The picture's arrows as Counter{(drawn node, drawn node)}."""
    return Counter({(e.source, e.target): e.count for e in picture.edges})


def expected_edges(picture, root):
    """The graph's edges mapped onto the picture's nodes (a folded or omitted box stands for all
    its members), dropping edges inside a box."""
    where = {}
    for index, node in enumerate(picture.nodes):
        for tensor_id in (node.tensor_id,) if node.tensor_id is not None else node.member_ids:
            assert tensor_id not in where, "a tensor is drawn twice"
            where[tensor_id] = index
    tensors, edges = walk(root)
    assert set(where) == set(tensors), "every tensor of the graph is drawn exactly once"
    mapped = Counter()
    for (parent, child), times in edges.items():
        if where[parent] != where[child]:
            mapped[where[parent], where[child]] += times
    return mapped


def assert_whole_graph(picture, root):
    tensors, edges = walk(root)
    assert picture.total_nodes == len(tensors) == len(picture.nodes)
    assert picture.total_edges == sum(edges.values()) == sum(e.count for e in picture.edges)
    assert all(node.tensor_id is not None for node in picture.nodes)
    assert drawn_edges(picture) == expected_edges(picture, root)
    assert picture.note == ""


def svg_groups(picture, kind):
    root = ET.fromstring(picture.to_svg())
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


def label_of(picture, tensor):
    return next(node.text for node in picture.nodes if node.tensor_id == id(tensor))


def rnn_by_hand(steps, hidden=4, batch=2, features=3):
    """The course's RNN from core ops: h_t = tanh(x_t W_xh + h_{t-1} W_hh + b)."""
    rng = np.random.default_rng(0)
    W_xh = mg.Tensor(rng.normal(size=(features, hidden)) * 0.5, requires_grad=True)
    W_hh = mg.Tensor(rng.normal(size=(hidden, hidden)) * 0.5, requires_grad=True)
    b = mg.Tensor(np.zeros(hidden), requires_grad=True)
    xs = [mg.Tensor(rng.normal(size=(batch, features))) for _ in range(steps)]
    h = mg.zeros(batch, hidden)
    for x in xs:
        h = (x @ W_xh + h @ W_hh + b).tanh()
    return (h * h).mean(), {"W_xh": W_xh, "W_hh": W_hh, "b": b}


# ----- the graph, node for node -----------------------------------------------------------
def test_a_tensor_used_twice_is_one_node_with_two_edges():
    x = mg.Tensor(3.0, requires_grad=True)
    y = x * x + x
    picture = draw_graph(y)
    assert_whole_graph(picture, y)
    square = next(i for i, n in enumerate(picture.nodes) if n.lines[0][0] == "mul")
    x_node = next(i for i, n in enumerate(picture.nodes) if n.tensor_id == id(x))
    assert drawn_edges(picture)[x_node, square] == 2
    assert "×2" in picture.to_svg()


def test_broadcasting_graph_labels_every_shape_and_op():
    x = mg.Tensor(np.ones((4, 3)))
    w = mg.Tensor(np.ones((3, 2)), requires_grad=True)
    b = mg.Tensor(np.zeros(2), requires_grad=True)
    out = (x @ w + b).tanh()
    picture = draw_graph(out)
    assert_whole_graph(picture, out)
    assert label_of(picture, x) == "input\n(4, 3)"
    assert label_of(picture, w) == "parameter\n(3, 2)"
    assert label_of(picture, b).startswith("parameter\n(2,) = [0, 0]")
    assert label_of(picture, out) == "tanh\n(4, 2)"
    assert {node.lines[0][0] for node in picture.nodes} >= {"matmul", "add", "tanh"}
    kinds = {node.tensor_id: node.kind for node in picture.nodes}
    assert (kinds[id(x)], kinds[id(w)], kinds[id(out)]) == ("input", "parameter", "op")


def test_indexing_with_slices_and_repeated_integers():
    x = mg.Tensor(np.arange(12.0).reshape(4, 3), requires_grad=True)
    first, picked = x[1:3], x[[0, 0, 2]]
    out = first.sum() + picked.sum()
    picture = draw_graph(out)
    assert_whole_graph(picture, out)
    assert label_of(picture, first) == "getitem\n(2, 3)"
    assert label_of(picture, picked) == "getitem\n(3, 3)"


def test_constants_and_data_computed_without_grad_are_drawn_as_such():
    w = mg.Tensor([1.0, 2.0], requires_grad=True)
    data = mg.Tensor(np.ones((2, 2))).reshape(4)[:2]   # computed from data: no graph behind it
    out = (w * 2 + data).sum()
    picture = draw_graph(out)
    assert_whole_graph(picture, out)
    kinds = Counter(node.kind for node in picture.nodes)
    assert kinds == {"op": 3, "parameter": 1, "constant": 1, "input": 1}
    assert label_of(picture, data).startswith("getitem (no grad)\n(2,)")


def test_scalar_nodes_show_their_values():
    a, b, c = (mg.Tensor(v, requires_grad=True) for v in (2.0, -0.5, 0.5))
    L = (a * b + c).tanh()
    picture = draw_graph(L, names={"a": a, "b": b, "c": c, "L": L})
    assert label_of(picture, a) == "a\n= 2"
    assert label_of(picture, L) == f"L = tanh\n= {L.item():.4g}"
    assert "L = tanh" in picture.to_svg()


def test_a_three_step_rnn_is_drawn_whole_with_shared_weights_once():
    cell = nn.RNNCell(3, 4)
    hiddens, _ = cell.unroll(mg.Tensor(np.ones((3, 2, 3))))
    loss = mg.stack(hiddens).sum()
    picture = draw_graph(loss, names=cell)
    assert_whole_graph(picture, loss)
    titles = Counter(node.lines[0][0] for node in picture.nodes)
    assert titles["W_hh"] == titles["W_xh"] == titles["b"] == 1
    assert titles["tanh"] == 3


# ----- gradients ------------------------------------------------------------------------------
def test_gradients_on_the_chapter_2_graph_are_the_engines():
    a, b, c = (mg.Tensor(v, requires_grad=True, dtype="float64") for v in (2.0, -0.5, 0.5))
    d = a * b
    e = d + c
    L = e.tanh()
    picture = draw_graph(L, gradients=True)
    for t in (d, e):
        t.retain_grad()
    L.backward()
    for t in (a, b, c, d, e):
        assert f"grad {short_number(float(t.grad))}" in label_of(picture, t)
    assert "grad 1\n" in label_of(picture, L) + "\n"
    assert "dL/d(node)" in picture.to_svg()


def test_gradients_match_backward_on_every_node_and_change_nothing():
    rng = np.random.default_rng(1)
    x = mg.Tensor(rng.normal(size=(4, 3)), dtype="float64")
    w = mg.Tensor(rng.normal(size=(3, 2)), requires_grad=True, dtype="float64")
    b = mg.Tensor(rng.normal(size=2), requires_grad=True, dtype="float64")
    h = (x @ w + b).tanh()                       # broadcasting
    loss = (h * h).sum() + h[[0, 0, 3]].sum()    # h used twice, indexing that repeats a row
    w.grad = np.full((3, 2), 5.0)                # a gradient the learner accumulated before
    calls = []
    h.register_hook(calls.append)
    picture = draw_graph(loss, gradients=True)
    assert calls == [] and np.all(w.grad == 5.0) and b.grad is None  # nothing was touched
    tensors, _ = walk(loss)
    for t in tensors.values():
        if t.requires_grad and not t.is_leaf:
            t.retain_grad()
    w.grad = None
    loss.backward()                              # the graph was not freed by drawing
    by_id = {node.tensor_id: node for node in picture.nodes}
    checked = 0
    for t in tensors.values():
        node = by_id[id(t)]
        if not t.requires_grad:
            assert node.gradient is None and "grad" not in node.text
            continue
        np.testing.assert_allclose(node.gradient, t.grad, rtol=1e-12)
        shown = numbers(t.grad) if t.size <= 4 else \
            f"norm {short_number(float(np.linalg.norm(t.grad)))}"
        assert f"grad {shown}" in node.text
        checked += 1
    assert checked == 10  # w, b, matmul, add, tanh, mul, getitem, two sums and their add
    assert len(calls) == 1


def legend_text(picture) -> str:
    legend = next(iter(svg_groups(picture, "legend")))
    return " ".join(t.text for t in legend.iter(f"{SVG}text"))


@pytest.mark.parametrize("root_name, says", [
    ("L", "grad = dL/d(node), L: the node with the thick border"),
    ("loss", "grad = dL/d(node), L = loss (thick border)"),
    (None, "grad = dL/d(node), L = the tanh output (thick border)")])
def test_the_gradient_legend_says_once_which_node_is_L(root_name, says):
    a, b = mg.Tensor(0.5, requires_grad=True), mg.Tensor(-1.5, requires_grad=True)
    out = (a * b).tanh()
    names = {"a": a, "b": b} | ({root_name: out} if root_name else {})
    legend = legend_text(draw_graph(out, gradients=True, names=names))
    assert says in legend and "L = L" not in legend
    assert "dL/d(node)" not in legend_text(draw_graph(out, names=names))  # no gradients drawn


def gate_by_gate_hiddens(cell, xs):
    """The cell's hidden states with its gates computed op by op (`cell.gates`), not fused."""
    h = c = cell.zeros(xs.shape[1])
    hiddens = []
    for x in xs:
        if isinstance(cell, nn.LSTMCell):
            i, f, g, o = cell.gates(x, h)
            c = f * c + i * g
            h = o * c.tanh()
        else:
            update, _, candidate = cell.gates(x, h)
            h = (1 - update) * h + update * candidate
        hiddens.append(h)
    return hiddens


@pytest.mark.parametrize("cell_type", [nn.LSTMCell, nn.GRUCell])
def test_drawn_weight_gradients_of_fused_steps_are_the_gate_by_gate_gradients(cell_type):
    # The fused steps send weight gradients as factors that GradientSums multiplies out in
    # batches of rows (40 steps of 8 rows cross one batch); the picture runs that sum too.
    cell = cell_type(3, 4).double()
    xs = mg.Tensor(np.random.default_rng(2).normal(size=(40, 8, 3)), dtype="float64")
    sum((h * h).sum() for h in gate_by_gate_hiddens(cell, xs)).backward()
    expected = {id(p): host(p.grad) for p in cell.parameters()}
    picture = draw_graph(sum((h * h).sum() for h in cell.unroll(xs)[0]), gradients=True)
    by_id = {node.tensor_id: node for node in picture.nodes}
    for parameter in cell.parameters():
        np.testing.assert_allclose(by_id[id(parameter)].gradient, expected[id(parameter)],
                                   rtol=1e-10, atol=1e-12)


def test_find_producers_and_consumers_read_the_drawn_graph():
    a, b, c = (mg.Tensor(v, requires_grad=True) for v in (1.5, -0.5, 1.0))
    d = a * b
    e = d + c
    L = e.tanh()
    picture = draw_graph(L, names={"a": a, "b": b, "c": c, "d": d, "e": e, "L": L})
    at = {name: picture.find(name) for name in "abcdeL"}
    assert all(picture.nodes[i].name == name for name, i in at.items())
    assert at["e"] == picture.find(e) and picture.nodes[at["L"]].is_root
    assert sorted(picture.producers(at["e"])) == sorted([at["d"], at["c"]])
    assert picture.consumers(at["c"]) == [at["e"]] and picture.producers(at["a"]) == []
    assert sorted(picture.producers(at["d"])) == sorted([at["a"], at["b"]])
    with pytest.raises(KeyError, match=r"no node named 'z'.*\['L', 'a', 'b', 'c', 'd', 'e'\]"):
        picture.find("z")
    with pytest.raises(KeyError, match="no tensor"):
        picture.find(mg.Tensor(1.0))


def test_find_gives_the_box_a_folded_tensor_is_drawn_in():
    loss, weights = fifty_step_graphs()["core ops"]
    picture = draw_graph(loss, max_nodes=80)
    tensors, _ = walk(loss)
    fold = next(i for i, node in enumerate(picture.nodes) if node.kind == "folded")
    inside = tensors[picture.nodes[fold].member_ids[0]]
    assert picture.find(inside) == fold
    W_hh = picture.find(weights[1])
    assert picture.nodes[W_hh].tensor_id == id(weights[1]) and fold in picture.consumers(W_hh)


def test_gradients_need_one_number():
    w = mg.Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(ValueError, match=r"shape \(3,\).*out.sum\(\), gradients=True"):
        draw_graph(w * 2, gradients=True)


def test_drawing_with_gradients_leaves_the_graph_for_backward():
    loss, weights = rnn_by_hand(steps=3)
    draw_graph(loss, gradients=True)
    loss.backward()
    assert weights["W_hh"].grad is not None and np.abs(weights["W_hh"].grad).sum() > 0


# ----- nothing to draw: clear errors ------------------------------------------------------
def test_a_freed_graph_gives_an_error_that_says_what_to_do():
    w = mg.Tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    loss.backward()
    with pytest.raises(RuntimeError, match=r"freed by an earlier backward.*retain_graph=True"):
        draw_graph(loss)


def test_a_graph_kept_with_retain_graph_can_be_drawn_after_backward():
    w = mg.Tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    loss.backward(retain_graph=True)
    assert_whole_graph(draw_graph(loss), loss)


def test_a_partly_freed_graph_marks_the_freed_node_and_refuses_gradients():
    w = mg.Tensor([1.0, 2.0], requires_grad=True)
    h = (w * 3).tanh()
    h.sum().backward()                # frees the graph behind h
    loss = (h * 2).sum()
    picture = draw_graph(loss)
    assert label_of(picture, h) == "tanh\n(2,) = " + numbers(h.numpy()) + "\nfreed by backward()"
    with pytest.raises(RuntimeError, match="freed by an earlier backward"):
        draw_graph(loss, gradients=True)


@pytest.mark.parametrize("how", ["no_grad", "data only"])
def test_a_tensor_computed_without_a_graph_gives_a_clear_error(how):
    w = mg.Tensor([1.0, 2.0], requires_grad=how == "no_grad")
    if how == "no_grad":
        with mg.no_grad():
            out = (w * 2).sum()
    else:
        out = (w * 2).sum()
    with pytest.raises(RuntimeError, match=r"computed by sum, but no graph was recorded.*"
                                           r"requires_grad=True"):
        draw_graph(out)


def test_a_leaf_is_one_node_with_a_note():
    w = mg.Tensor([1.0, 2.0], requires_grad=True)
    picture = draw_graph(w)
    assert [node.kind for node in picture.nodes] == ["parameter"] and picture.edges == []
    assert "leaf" in picture.note and "leaf" in picture.to_svg()


def test_bad_arguments_are_refused():
    with pytest.raises(TypeError, match="expects a minigrad Tensor, got ndarray"):
        draw_graph(np.ones(3))
    loss, _ = rnn_by_hand(steps=2)
    with pytest.raises(ValueError, match="max_nodes must be"):
        draw_graph(loss, max_nodes=1)
    with pytest.raises(ValueError, match="direction must be 'LR'"):
        draw_graph(loss, direction="sideways")


# ----- big graphs -------------------------------------------------------------------------
def fifty_step_graphs():
    rng = np.random.default_rng(2)
    xs = mg.Tensor(rng.normal(size=(50, 2, 3)))
    by_hand, weights = rnn_by_hand(steps=50)
    rnn_cell, lstm_cell = nn.RNNCell(3, 4), nn.LSTMCell(3, 4)
    hiddens, _ = rnn_cell.unroll(xs)
    h, (h_lstm, c) = None, (lstm_cell.zeros(2), lstm_cell.zeros(2))
    for t in range(50):               # a learner's loops over the cells, one call per step
        h = rnn_cell(xs[t], h)
        h_lstm, c = lstm_cell(xs[t], (h_lstm, c))
    return {"core ops": (by_hand, list(weights.values())),
            "RNNCell.unroll": (mg.stack(hiddens).sum(), rnn_cell.parameters()),
            "RNNCell loop": (h.sum(), rnn_cell.parameters()),
            "LSTMCell loop": ((h_lstm * c).sum(), lstm_cell.parameters())}


@pytest.mark.parametrize("name", ["core ops", "RNNCell.unroll", "RNNCell loop", "LSTMCell loop"])
def test_a_50_step_rnn_folds_its_repeated_steps(name):
    loss, parameters = fifty_step_graphs()[name]
    tensors, _ = walk(loss)
    picture = draw_graph(loss, max_nodes=80)
    # At least three nodes per step: a fused LSTM step is one op with two outputs.
    assert len(tensors) > 150 and len(picture.nodes) <= 80
    assert drawn_edges(picture) == expected_edges(picture, loss)
    folds = [node for node in picture.nodes if node.kind == "folded"]
    assert len(folds) == 1 and not any(node.kind == "omitted" for node in picture.nodes)
    repeats = int(folds[0].lines[0][0].split()[1])
    assert 40 <= repeats <= 48                    # most of the 50 steps, not all of them
    assert f"{repeats} repeats of a step of" in picture.note and "max_nodes=None" in picture.note
    drawn = {node.tensor_id for node in picture.nodes}
    assert all(id(p) in drawn for p in parameters)  # shared weights stay visible
    assert id(loss) in drawn
    into_fold = [e for e in picture.edges if picture.nodes[e.target].kind == "folded"]
    # One use of a weight per folded step, recorded once per output: lstm_step has two, h and c.
    outputs_per_step = 2 if name == "LSTMCell loop" else 1
    assert max(e.count for e in into_fold) == outputs_per_step * repeats


def test_a_1000_op_chain_is_capped_and_drawn_whole_on_request():
    x = mg.Tensor(0.5, requires_grad=True)
    y = x
    for _ in range(1000):
        y = y.tanh()
    picture = draw_graph(y, max_nodes=40)
    # tanh #1 reads the parameter, the other 999 a tanh: two steps are kept at each end
    assert len(picture.nodes) <= 40 and "995 repeats of a step of 1 node (tanh)" in picture.note
    assert drawn_edges(picture) == expected_edges(picture, y)
    assert_whole_graph(draw_graph(y, max_nodes=None), y)


def test_a_graph_without_repeats_is_cut_where_it_started_with_a_note():
    rng = np.random.default_rng(3)
    ops = [lambda v: v.tanh(), lambda v: v.sigmoid(), lambda v: v * 1.5, lambda v: v + 0.5,
           lambda v: v.exp() * 0.1, lambda v: v.relu()]
    w = mg.Tensor([0.3, -0.2], requires_grad=True)
    y = w
    for k in rng.permutation(np.repeat(np.arange(6), 25)):
        y = ops[k](y)
    loss = y.sum()
    picture = draw_graph(loss, max_nodes=30)
    assert len(picture.nodes) <= 30 and "computed first omitted" in picture.note
    assert drawn_edges(picture) == expected_edges(picture, loss)
    omitted = next(i for i, node in enumerate(picture.nodes) if node.kind == "omitted")
    assert all(picture.nodes[e.source].lines[0][0] in ("parameter", "constant")
               for e in picture.edges if e.target == omitted)  # nothing drawn feeds the box
    tensors, _ = walk(loss)
    kept_ops = [tensors[n.tensor_id]._number for n in picture.nodes if n.kind == "op"]
    left_out_ops = [tensors[i]._number for i in picture.nodes[omitted].member_ids
                    if not tensors[i].is_leaf]
    assert max(left_out_ops) < min(kept_ops)   # the ops computed last are the ones drawn


# ----- output -----------------------------------------------------------------------------
def test_svg_is_valid_and_has_one_group_per_node_and_arrow():
    loss, weights = rnn_by_hand(steps=3)
    picture = draw_graph(loss, gradients=True, names=weights)
    root = ET.fromstring(picture._repr_svg_())
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text == picture.title
    assert len(svg_groups(picture, "node")) == len(picture.nodes)
    assert len(svg_groups(picture, "edge")) == len(picture.edges)
    kinds = Counter(g.get("data-kind") for g in svg_groups(picture, "node"))
    assert kinds == Counter(node.kind for node in picture.nodes)
    assert picture._repr_html_().startswith("<div") and "<svg" in picture._repr_html_()


def test_save_writes_svg_png_and_refuses_other_formats(tmp_path):
    loss, weights = rnn_by_hand(steps=2)
    picture = draw_graph(loss, names=weights)
    ET.parse(picture.save(tmp_path / "graph.svg"))
    assert picture.save(tmp_path / "graph.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match=r"use \.svg, \.png or \.pdf"):
        picture.save(tmp_path / "graph.jpg")


def test_names_come_from_mappings_modules_and_namespaces():
    cell = nn.RNNCell(2, 3)
    x = mg.Tensor(np.ones((1, 1, 2)))
    hiddens, _ = cell.unroll(x)
    loss = hiddens[0].sum()
    namespace = {"rnn": cell, "loss": loss, "_hidden": hiddens[0], "steps": 1}
    picture = draw_graph(loss, names=namespace)
    titles = {node.lines[0][0] for node in picture.nodes}
    assert {"rnn.W_xh", "rnn.W_hh", "rnn.b", "loss = sum"} <= titles
    assert "_hidden = tanh" not in titles and "tanh" in titles
    titles = {node.lines[0][0] for node in draw_graph(loss, names={"h": hiddens}).nodes}
    assert "h[0] = tanh" in titles
    assert picture.title == "Computation graph of loss"


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_arrows_point_the_way_computation_goes_and_boxes_never_overlap(direction):
    loss, _ = fifty_step_graphs()["LSTMCell loop"]
    picture = draw_graph(loss, direction=direction)
    layout = picture.layout
    axis = 0 if direction == "LR" else 1
    for e in picture.edges:
        assert layout.centres[e.source][axis] < layout.centres[e.target][axis]
    boxes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
             for (x, y), (w, h) in zip(layout.centres, layout.sizes)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_layout_orders_a_column_to_avoid_a_crossing():
    # Created in the order u0, u1, v0, v1 with u0 -> v1 and u1 -> v0: drawn in creation order
    # the two edges would cross; sorting by barycentre puts v1 level with u0.
    layout = layered_layout([(40, 20)] * 4, [(0, 3), (1, 2)])
    y = [centre[1] for centre in layout.centres]
    assert (y[0] < y[1]) == (y[3] < y[2])


@pytest.mark.usefixtures("each_device")
def test_values_and_gradients_are_read_back_from_any_device():
    w = mg.Tensor([[0.5, -1.0]], requires_grad=True)
    x = mg.Tensor(np.ones((3, 2)))
    loss = (x * w).tanh()[[0, 0, 2]].sum()      # broadcasting and a repeated index, on device
    picture = draw_graph(loss, gradients=True)
    loss.backward()
    assert f"grad {numbers(host(w.grad))}" in label_of(picture, w)
    assert label_of(picture, loss) == f"sum\n= {loss.item():.4g}\ngrad 1"


def test_the_readme_example_draws_the_named_graph_with_gradients():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    example = re.search(r"## Seeing the graph\n\n```python\n(.+?)```", readme, re.S).group(1)
    *setup, last = example.strip().splitlines()
    assert len(setup) + 1 <= 3
    namespace = {}
    exec("\n".join(setup), namespace)
    picture = eval(last, namespace)
    titles = {node.lines[0][0] for node in picture.nodes}
    assert {"a", "b", "c", "mul", "add", "tanh"} == titles
    assert all(node.gradient is not None for node in picture.nodes)
