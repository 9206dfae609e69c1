"""The grader is not vacuous and not brittle: full marks for the solutions and for correct answers
written another way, zero for untouched exercises, each exercise's points depend on that exercise
alone, planted mistakes lose their points with a message naming the mistake, and the notebook, the
command line and the reports say what they should. Attacks on the grader are in
test_grading_redteam.py."""
import csv
import json
import shutil
import subprocess
import sys
import traceback
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest

from grading_helpers import LEARNER, ROOT, SOLUTIONS, stub_only, submission
from minigrad.grading import (BY_NAME, EXERCISES, NUMPY_AND_MINIGRAD, CheckFailed, Exercise,
                              Grader, check)
from minigrad.grading.checks.tools import central_differences
from minigrad.grading.classroom import tests as classroom_tests
from minigrad.grading.child import wire
from minigrad.grading.child.wire import Make
from minigrad.grading.exercise import Array, Case, call_on_copies, materialize
from minigrad.grading.generate import BEGIN, learner_files
from minigrad.grading.judge import judge_case

TOTAL = sum(exercise.max_points for exercise in EXERCISES)
FILES = sorted({exercise.file for exercise in EXERCISES})


@pytest.fixture(scope="module")
def grader():
    with Grader(jobs=2) as shared:
        yield shared


def grade(grader, folder, *names, seed=None):
    """{name: Result} for the named exercises (all when none is named)."""
    chosen = [BY_NAME[n] for n in names] if names else EXERCISES
    return {r.exercise: r for r in grader.grade_folder(folder, chosen, seed)}


def test_the_solutions_get_full_marks_and_untouched_exercises_read_as_not_started(grader):
    solved = grade(grader, SOLUTIONS)
    assert [r.status for r in solved.values()] == ["passed"] * len(EXERCISES)
    assert sum(r.points for r in solved.values()) == TOTAL >= 41 and len(EXERCISES) >= 23
    untouched = grade(grader, LEARNER)
    assert sum(r.points for r in untouched.values()) == 0
    for result in untouched.values():
        assert result.status == "not started", result.line()
        assert result.exercise in result.message and result.file in result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_stubbing_one_exercise_loses_exactly_its_points(exercise, grader, tmp_path):
    folder = submission(tmp_path)
    path = folder / exercise.file
    path.write_text(stub_only(path.read_text(), exercise.name))
    same_file = [e.name for e in EXERCISES if e.file == exercise.file]
    results = grade(grader, folder, *same_file)
    assert results[exercise.name].status == "not started"
    assert all(r.passed for name, r in results.items() if name != exercise.name)


# file, old text, new text (or tuples of several), exercise, phrases the message must hold
PLANTED = {
    "lstm_cell returning (c, h)": (
        "ex08_lstm_cell.py", "return o * np.tanh(c), c", "return c, o * np.tanh(c)", "lstm_cell",
        ["returned (c_t, h_t)", "(h_t, c_t)"]),
    "lstm_cell without the forget gate": (
        "ex08_lstm_cell.py", "c = f * c_prev + i * g", "c = c_prev + i * g", "lstm_cell",
        ["c_t differs from expected, max abs error", "check c_t = f*c_prev + i*g",
         "Input: one LSTM step"]),
    "lstm_cell without tanh on c": (
        "ex08_lstm_cell.py", "return o * np.tanh(c), c", "return o * c, c", "lstm_cell",
        ["h_t = o*c_t: the cell state goes through tanh"]),
    "gru_cell with z and 1 - z swapped": (
        "ex09_gru_cell.py", "return (1 - z) * h_prev + z * h_tilde",
        "return z * h_prev + (1 - z) * h_tilde", "gru_cell", ["z and 1 - z are swapped"]),
    "gru_cell with the reset gate after the matmul": (
        "ex09_gru_cell.py", "(r * h_prev) @ W_hc.T", "r * (h_prev @ W_hc.T)", "gru_cell",
        ["reset gate is applied after the matmul", "PyTorch"]),
    "gru_cell in PyTorch's convention": (
        "ex09_gru_cell.py",
        "    h_tilde = np.tanh(x_c + (r * h_prev) @ W_hc.T)\n    return (1 - z) * h_prev + z * h_tilde",
        "    h_tilde = np.tanh(x_c + r * (h_prev @ W_hc.T))\n    return z * h_prev + (1 - z) * h_tilde",
        "gru_cell", ["PyTorch's GRU convention", "reset gate applied after the matmul"]),
    "gradient norms shifted by one step": (
        "ex07_gradient_flow.py",
        "        norms[t] = np.linalg.norm(delta)\n        delta = (delta * (1 - hs[t] ** 2)) @ W_hh",
        "        delta = (delta * (1 - hs[t] ** 2)) @ W_hh\n        norms[t] = np.linalg.norm(delta)",
        "gradient_norms_through_time", ["shifted by one step", "||dh_last||"]),
    "gradient norms in reverse order": (
        "ex07_gradient_flow.py", "    return norms\n", "    return norms[::-1]\n",
        "gradient_norms_through_time", ["reverse order"]),
    "bidirectional halves swapped": (
        "ex10_bidirectional.py", "[np.stack(forward), np.stack(backward[::-1])]",
        "[np.stack(backward[::-1]), np.stack(forward)]", "bidirectional",
        ["two halves are swapped", "forward half first"]),
    "bidirectional backward states left unreversed": (
        "ex10_bidirectional.py", "np.stack(backward[::-1])", "np.stack(backward)", "bidirectional",
        ["order they were computed"]),
    "bidirectional backward cell reading forwards": (
        "ex10_bidirectional.py", "for x in xs[::-1]:", "for x in xs:", "bidirectional",
        ["read the sequence from first to last"]),
    "tanh backward with the wrong sign": (
        "ex02_backward_rules.py", "return upstream * (1 - y * y)", "return -upstream * (1 - y * y)",
        "tanh_backward", ["wrong sign", "1 - tanh(x)^2"]),
    "tanh backward without the chain rule": (
        "ex02_backward_rules.py", "return upstream * (1 - y * y)", "return 1 - y * y",
        "tanh_backward", ["chain rule"]),
    "mul backward using its own input": (
        "ex02_backward_rules.py", "return upstream * b, upstream * a", "return upstream * a, upstream * b",
        "mul_backward", ["dL/da uses a where it should use b"]),
    "a gradient not summed over broadcast axes": (
        "ex03_broadcasting_and_matmul.py",
        "    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))\n", "    return grad\n",
        "unbroadcast", ["not summed over the broadcast axes", "operand shape"]),
    "size-1 axes summed away": (
        "ex03_broadcasting_and_matmul.py", "return grad.sum(axis=stretched, keepdims=True).reshape(shape)",
        "return grad.sum(axis=stretched)", "unbroadcast", ["keepdims=True"]),
    "matmul gradients returned in the wrong order": (
        "ex03_broadcasting_and_matmul.py", "return upstream @ B.T, A.T @ upstream",
        "return A.T @ upstream, upstream @ B.T", "matmul_backward", ["(dL/dA, dL/dB)"]),
    "softmax without the max shift": (
        "ex04_softmax_cross_entropy.py", "shifted = logits - logits.max(axis=1, keepdims=True)",
        "shifted = logits", "softmax_cross_entropy", ["inf or nan", "subtract each row's maximum"]),
    "dlogits not divided by N": (
        "ex04_softmax_cross_entropy.py", "return loss, dlogits / len(targets)", "return loss, dlogits",
        "softmax_cross_entropy", ["not divided by N"]),
    "rnn step without the transpose of W_hh": (
        "ex06_rnn_and_bptt.py", "return np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b)",
        "return np.tanh(x @ W_xh.T + h_prev @ W_hh + b)", "rnn_step", ["without the transpose"]),
    "bptt that drops the recurrent term": (
        "ex06_rnn_and_bptt.py", "delta = dlosses[t] + g_next @ W_hh", "delta = dlosses[t]",
        "rnn_bptt", ["without the recurrent term", "delta_t = dlosses[t] + g_(t+1) @ W_hh"]),
    "bptt returning g_1 as dh0": (
        "ex06_rnn_and_bptt.py", "return dW_xh, dW_hh, db, g_next @ W_hh", "return dW_xh, dW_hh, db, g_next",
        "rnn_bptt", ["dh0 is g_1"]),
    "clip returning the norm after clipping": (
        "ex07_gradient_flow.py", "return [g * scale for g in grads], norm",
        "return [g * scale for g in grads], min(norm, max_norm)", "clip_by_global_norm",
        ["measured after clipping"]),
    "clip modifying its inputs": (
        "ex07_gradient_flow.py", "return [g * scale for g in grads], norm",
        "for g in grads:\n        g *= scale\n    return grads, norm", "clip_by_global_norm",
        ["modified its input grads"]),
    # The exercises added for issue 10, two or more planted mistakes each.
    "topological order with the inputs first": (
        "ex02_scalar_engine.py", "    return order[::-1]\n", "    return order\n",
        "topological_order", ["the order is reversed", "root first"]),
    "topological order without a visited set": (
        "ex02_scalar_engine.py", "elif id(node) not in visited:", "elif True:",
        "topological_order", ["listed twice", "remember the nodes already visited"]),
    "backward overwriting a node's gradient": (
        "ex02_scalar_engine.py", "parent.grad += g", "parent.grad = g", "backward",
        ["node used twice gets only one of its contributions", "parent.grad += g"]),
    "backward from the inputs up": (
        "ex02_scalar_engine.py", "    for node in order:\n", "    for node in order[::-1]:\n",
        "backward", ["wrong order (inputs first)"]),
    "backward that drops what send_grad returns, as if it added like chapter 2's Scalar": (
        "ex02_scalar_engine.py", "        for parent, g in zip(node.parents, node.send_grad(node.grad)):\n"
        "            parent.grad += g\n", "        node.send_grad(node.grad)\n", "backward",
        ["only the root has a gradient", "returns one share per parent"]),
    "backward without dL/dL = 1": (
        "ex02_scalar_engine.py", "    order[0].grad = 1.0\n", "", "backward",
        ["every gradient is 0", "dL/dL = 1"]),
    "transition table counted across households": (
        "ex05_markov_chains.py", "(sequences[:-1].ravel(), sequences[1:].ravel())",
        "(sequences.ravel()[:-1], sequences.ravel()[1:])", "transition_table",
        ["counted across households", "sequences[t + 1, b]"]),
    "transition table of counts": (
        "ex05_markov_chains.py", "return np.where(left > 0, counts / np.maximum(left, 1), 1 / states)",
        "return counts", "transition_table", ["holds counts", "each row sums to 1"]),
    "transition table with empty rows left at zero": (
        "ex05_markov_chains.py", "counts / np.maximum(left, 1), 1 / states)",
        "counts / np.maximum(left, 1), 0.0)", "transition_table", ["never left", "uniform"]),
    "forecast from the table's columns": (
        "ex05_markov_chains.py", "return np.linalg.matrix_power(table, days)[today]",
        "return np.linalg.matrix_power(table, days)[:, today].T", "forecast",
        ["reads the table's columns", "row today of P^k"]),
    "forecast one day too far": (
        "ex05_markov_chains.py", "matrix_power(table, days)[today]",
        "matrix_power(table, days + 1)[today]", "forecast", ["one day too far"]),
    "output layer divided by B only": (
        "ex06_rnn_output_layer.py", "d_scores /= T * B", "d_scores /= B", "output_layer_backward",
        ["divided by the batch size B only", "N = T*B"]),
    "output layer without the one-hot target": (
        "ex06_rnn_output_layer.py",
        "    d_scores[np.arange(T)[:, None], np.arange(B)[None, :], targets] -= 1\n", "",
        "output_layer_backward", ["softmax(o_t) alone", "p_t - y_t"]),
    "output layer softmax without the max shift": (
        "ex06_rnn_output_layer.py", "np.exp(scores - scores.max(axis=-1, keepdims=True))",
        "np.exp(scores)", "output_layer_backward", ["inf or nan", "largest score"]),
    "perplexity as a mean of perplexities": (
        "ex06b_language_model.py", "return float(np.exp(-picked.mean()))",
        "return float(np.exp(-picked).mean())", "perplexity",
        ["mean of the per-character perplexities", "exp(mean(-log p))"]),
    "perplexity without the max shift": (
        "ex06b_language_model.py", "    shifted = logits - logits.max(axis=-1, keepdims=True)\n",
        "    shifted = logits\n", "perplexity", ["inf or nan", "largest score subtracted"]),
    "perplexity returned in nats": (
        "ex06b_language_model.py", "return float(np.exp(-picked.mean()))",
        "return float(-picked.mean())", "perplexity", ["returned the mean cross-entropy"]),
    "sampling with the scores multiplied by the temperature": (
        "ex06b_language_model.py", "scaled = logits / temperature", "scaled = logits * temperature",
        "sample_with_temperature", ["multiplied by the temperature"]),
    "sampling one token too low": (
        "ex06b_language_model.py", "return np.minimum(below, logits.shape[-1] - 1)",
        "return np.minimum(below, logits.shape[-1] - 1) - 1", "sample_with_temperature",
        ["one too low", "first token whose cumulative probability exceeds the draw"]),
    "truncated BPTT that is full BPTT": (
        "ex07_gradient_flow.py",
        "        if (t + 1) % window == 0:\n            g_next = np.zeros_like(h0)"
        "                  # the next window's gradient stops here\n", "", "truncated_bptt",
        ["gradients of full BPTT", "start of each window"]),
    "truncated BPTT restarting the state": (
        "ex07_gradient_flow.py",
        ("        hs.append(np.tanh(x @ W_xh.T + hs[-1] @ W_hh.T + b))\n",
         "        dW_hh += g.T @ hs[t]\n"),
        ("        start = h0 if (len(hs) - 1) % window == 0 else hs[-1]\n"
         "        hs.append(np.tanh(x @ W_xh.T + start @ W_hh.T + b))\n",
         "        dW_hh += g.T @ (h0 if t % window == 0 else hs[t])\n"),
        "truncated_bptt", ["started again from h0", "carried"]),
    "LSTM backward without the path through h_t": (
        "ex08_lstm_step_backward.py", "dc_t = dc + dh * o * (1 - tanh_c ** 2)", "dc_t = dc",
        "lstm_step_backward", ["misses the path through h_t", "dc_prev = dc_t * f"]),
    "LSTM backward with 1 - c^2": (
        "ex08_lstm_step_backward.py", "dc_t = dc + dh * o * (1 - tanh_c ** 2)",
        "dc_t = dc + dh * o * (1 - np.arctanh(tanh_c) ** 2)", "lstm_step_backward",
        ["1 - c_t^2", "1 - tanh(c_t)^2"]),
    "greedy decoding that drops EOS": (
        "ex10b_decoding.py",
        "        tokens.append(token)\n        log_p += float(log_probs[token])\n"
        "        if token == eos:\n            break\n",
        "        if token == eos:\n            break\n        tokens.append(token)\n"
        "        log_p += float(log_probs[token])\n", "greedy_decode", ["EOS is missing"]),
    "greedy decoding that forgets the state": (
        "ex10b_decoding.py", "        log_probs, state = step(token, state)\n        token = int",
        "        log_probs, _ = step(token, state)\n        token = int", "greedy_decode",
        ["started from the first state"]),
    "beam search that extends finished outputs": (
        "ex10b_decoding.py", "(finished if hypothesis[0][-1] == eos else live)", "live",
        "beam_search", ["ending in EOS was extended further"]),
    "beam search ranking by log p per token": (
        "ex10b_decoding.py", "key=lambda hypothesis: hypothesis[1])",
        "key=lambda hypothesis: hypothesis[1] / len(hypothesis[0]))", "beam_search",
        ["per token", "total log p(y)"]),
    "beam search that keeps only the best token": (
        "ex10b_decoding.py", "        extensions.sort(key=lambda hypothesis: -hypothesis[1])\n",
        "        extensions.sort(key=lambda hypothesis: -hypothesis[1])\n"
        "        extensions = extensions[:1]\n", "beam_search", ["greedy decoding's output"]),
}


@pytest.mark.parametrize("plant", sorted(PLANTED))
def test_a_planted_mistake_loses_its_points_with_a_message_naming_it(plant, grader, tmp_path):
    filename, old, new, name, phrases = PLANTED[plant]
    edits = list(zip(old, new)) if isinstance(old, tuple) else [(old, new)]
    folder = submission(tmp_path, {filename: edits})
    results = grade(grader, folder, *[e.name for e in EXERCISES if e.file == filename])
    wrong = results[name]
    assert wrong.status == "failed" and wrong.points == 0, wrong.line()
    for phrase in phrases:
        assert phrase in wrong.line(), f"{phrase!r} missing from: {wrong.line()}"
    assert f"[edit {filename}]" in wrong.line() and f'check("{name}", seed={wrong.seed})' in wrong.line()
    assert all(r.passed for other, r in results.items() if other != name)


def test_a_recursive_topological_order_fails_on_the_deep_chain_with_a_recursion_error(grader,
                                                                                     tmp_path):
    recursive = ("    order = []\n\n    def visit(node):\n        for parent in node.parents:\n"
                 "            visit(parent)\n        if all(node is not seen for seen in order):\n"
                 "            order.append(node)\n    visit(root)\n    return order[::-1]\n")
    folder = submission(tmp_path, {"ex02_scalar_engine.py": [(
        "    order, visited, stack = [], set(), [(root, False)]\n",
        recursive + "    order, visited, stack = [], set(), [(root, False)]\n")]})
    results = grade(grader, folder, "topological_order", "backward")
    deep = results["topological_order"]
    assert deep.status == "error" and deep.points == 0 and "RecursionError" in deep.message
    assert "visit(parent)" in deep.message and results["backward"].passed


# Mistakes that leave some parts of an answer right: file, old, new, exercise, points, phrases.
PARTIAL = {
    "LSTM backward stacked as i, f, o, g": (
        "ex08_lstm_step_backward.py", "dc_t * i * (1 - g ** 2), dh * tanh_c * o * (1 - o)]",
        "dh * tanh_c * o * (1 - o), dc_t * i * (1 - g ** 2)]", "lstm_step_backward", 1,
        ["dc_prev right", "order i, f, o, g", "CS231n"]),
    "LSTM backward with dW_x transposed": (
        "ex08_lstm_step_backward.py", "dz.T @ x, dz.T @ h_prev", "x.T @ dz, dz.T @ h_prev",
        "lstm_step_backward", 5, ["dx, dh_prev, dc_prev, dW_h, db right", "dW_x has shape",
                                  "(transposed?)"]),
    "output layer with db_y per step": (
        "ex06_rnn_output_layer.py", "d_scores.sum(axis=(0, 1))", "d_scores.sum(axis=1)",
        "output_layer_backward", 2, ["dW_hy, dh right", "db_y has one row per step"]),
}


@pytest.mark.parametrize("plant", sorted(PARTIAL))
def test_a_mistake_in_one_part_keeps_the_points_of_the_others(plant, grader, tmp_path):
    filename, old, new, name, points, phrases = PARTIAL[plant]
    folder = submission(tmp_path, {filename: [(old, new)]})
    result = grade(grader, folder, name)[name]
    assert result.status == "partial" and result.points == points, result.line()
    for phrase in phrases:
        assert phrase in result.line(), f"{phrase!r} missing from: {result.line()}"


# Correct answers written in other ways than the solutions'.
HONEST = {
    "lstm_cell updating c_prev in place": ("ex08_lstm_cell.py", [(
        "    c = f * c_prev + i * g\n    return o * np.tanh(c), c",
        "    c_prev *= f\n    c_prev += i * g\n    x[...] = 0\n    return o * np.tanh(c_prev), c_prev")]),
    "lstm_cell with einsum, a list and float32": ("ex08_lstm_cell.py", [(
        "z = x @ W_x.T + h_prev @ W_h.T + b",
        "z = np.einsum('bi,gi->bg', x, W_x) + np.einsum('bh,gh->bg', h_prev, W_h) + b"), (
        "return o * np.tanh(c), c", "return [(o * np.tanh(c)).astype(np.float32), c]")]),
    "gru_cell with a loop over the batch and a helper from ex08": ("ex09_gru_cell.py", [(
        "import numpy as np\n", "import numpy as np\nfrom ex08_lstm_cell import sigmoid as logistic\n"), (
        "    return (1 - z) * h_prev + z * h_tilde",
        "    rows = [h_prev[k] + logistic(0) * 2 * z[k] * (h_tilde[k] - h_prev[k])"
        " for k in range(len(x))]\n    return np.array(rows)")]),
    "rnn_bptt with lists and tuple-free returns": ("ex06_rnn_and_bptt.py", [(
        "    return dW_xh, dW_hh, db, g_next @ W_hh",
        "    return [dW_xh.tolist(), dW_hh, list(db), g_next @ W_hh]")]),
    "gradient norms as a Python list from a forward loop": ("ex07_gradient_flow.py", [(
        "    norms = np.zeros(len(hs))\n    delta = dh_last\n    for t in reversed(range(len(hs))):\n"
        "        norms[t] = np.linalg.norm(delta)\n        delta = (delta * (1 - hs[t] ** 2)) @ W_hh\n"
        "    return norms",
        "    deltas = [dh_last]\n    for t in range(len(hs) - 1, 0, -1):\n"
        "        deltas.insert(0, (deltas[0] * (1 - hs[t] ** 2)) @ W_hh)\n"
        "    return [float(np.sqrt((d * d).sum())) for d in deltas]")]),
    "clip returning a tuple and a 0-d norm": ("ex07_gradient_flow.py", [(
        "return [g * scale for g in grads], norm", "return tuple(g * scale for g in grads), np.array(norm)")]),
    "softmax returning a (1,) loss and float32 dlogits": ("ex04_softmax_cross_entropy.py", [(
        "return loss, dlogits / len(targets)",
        "return np.array([loss]), (dlogits / len(targets)).astype(np.float32)")]),
    "unbroadcast by a loop over axes": ("ex03_broadcasting_and_matmul.py", [(
        "    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))\n"
        "    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)\n"
        "    return grad.sum(axis=stretched, keepdims=True).reshape(shape)",
        "    while grad.ndim > len(shape):\n        grad = grad.sum(axis=0)\n"
        "    for axis, size in enumerate(shape):\n        if size == 1:\n"
        "            grad = grad.sum(axis=axis, keepdims=True)\n    return grad")]),
    "bidirectional with lists of states": ("ex10_bidirectional.py", [(
        "    return np.concatenate([np.stack(forward), np.stack(backward[::-1])], axis=-1)",
        "    return [np.concatenate([f, b], axis=-1) for f, b in zip(forward, backward[::-1])]")]),
    "tanh backward by the identity 1 - tanh^2 = 1/cosh^2": ("ex02_backward_rules.py", [(
        "return upstream * (1 - y * y)", "return upstream / np.cosh(x) ** 2")]),
    "topological order by counting uses (Kahn's algorithm), a backward that reads parents by "
    "index": ("ex02_scalar_engine.py", [(
        "    order, visited, stack = [], set(), [(root, False)]\n",
        "    nodes, stack, uses = {id(root): root}, [root], {}\n"
        "    while stack:\n        for parent in stack.pop().parents:\n"
        "            uses[id(parent)] = uses.get(id(parent), 0) + 1\n"
        "            if id(parent) not in nodes:\n"
        "                nodes[id(parent)] = parent\n                stack.append(parent)\n"
        "    ready, order = [root], []\n    while ready:\n        node = ready.pop()\n"
        "        order.append(node)\n        for parent in node.parents:\n"
        "            uses[id(parent)] -= 1\n            if uses[id(parent)] == 0:\n"
        "                ready.append(parent)\n    return order\n"
        "    order, visited, stack = [], set(), [(root, False)]\n"), (
        "        for parent, g in zip(node.parents, node.send_grad(node.grad)):\n"
        "            parent.grad += g\n",
        "        shares = node.send_grad(node.grad)\n        for k in range(len(shares)):\n"
        "            node.parents[k].grad = node.parents[k].grad + float(shares[k])\n")]),
    "a transition table counted in loops, a forecast one day at a time": ("ex05_markov_chains.py", [(
        "    counts = np.zeros((states, states))\n    np.add.at",
        "    table = np.full((states, states), 1 / states)\n    for i in range(states):\n"
        "        nexts = [sequences[t + 1, b] for t in range(len(sequences) - 1)\n"
        "                 for b in range(sequences.shape[1]) if sequences[t, b] == i]\n"
        "        if nexts:\n            table[i] = np.bincount(nexts, minlength=states) / len(nexts)\n"
        "    return table\n    counts = np.zeros((states, states))\n    np.add.at"), (
        "    return np.linalg.matrix_power(table, days)[today]",
        "    p = np.eye(len(table))[today]\n    for _ in range(days):\n        p = p @ table\n"
        "    return p.tolist()")]),
    "perplexity by logaddexp, sampling by searchsorted": ("ex06b_language_model.py", [(
        "    picked = np.take_along_axis(log_p, targets[..., None], axis=-1)\n"
        "    return float(np.exp(-picked.mean()))",
        "    log_z = np.logaddexp.reduce(logits, axis=-1)\n"
        "    chosen = np.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]\n"
        "    return np.exp(np.mean(log_z - chosen))"), (
        "    below = (np.cumsum(p, axis=-1) <= uniforms[:, None]).sum(axis=-1)\n",
        "    below = np.array([np.searchsorted(np.cumsum(row), u, side='right')\n"
        "                      for row, u in zip(p, uniforms)])\n")]),
    "truncated BPTT as windows of full BPTT": ("ex07_gradient_flow.py", [(
        "    hs = [h0]\n    for x in xs:\n        hs.append(np.tanh(x @ W_xh.T + hs[-1] @ W_hh.T + b))\n"
        "    dW_xh, dW_hh, db = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b)\n",
        "    from ex06_rnn_and_bptt import rnn_bptt, rnn_step\n"
        "    totals, h = [0, 0, 0], h0\n    for start in range(0, len(xs), window):\n"
        "        part = rnn_bptt(xs[start:start + window], h, W_xh, W_hh, b,\n"
        "                        dlosses[start:start + window])\n"
        "        totals = [total + g for total, g in zip(totals, part[:3])]\n"
        "        for x in xs[start:start + window]:\n            h = rnn_step(x, h, W_xh, W_hh, b)\n"
        "    return tuple(totals)\n"
        "    hs = [h0]\n    for x in xs:\n        hs.append(np.tanh(x @ W_xh.T + hs[-1] @ W_hh.T + b))\n"
        "    dW_xh, dW_hh, db = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b)\n")]),
    "the output layer's gradients by einsum": ("ex06_rnn_output_layer.py", [(
        "    return dW_hy, d_scores.sum(axis=(0, 1)), d_scores @ W_hy",
        "    return dW_hy, np.einsum('tbc->c', d_scores), np.einsum('tbc,ch->tbh', d_scores, W_hy)")]),
    "beam search with a beam kept as a heap": ("ex10b_decoding.py", [(
        "        extensions.sort(key=lambda hypothesis: -hypothesis[1])\n        live = []\n"
        "        for hypothesis in extensions[:beam_width]:",
        "        import heapq\n        live = []\n"
        "        for hypothesis in heapq.nlargest(beam_width, extensions, key=lambda h: h[1]):")]),
    "rnn_bptt returning its four gradients in an object array": ("ex06_rnn_and_bptt.py", [(
        "    return dW_xh, dW_hh, db, g_next @ W_hh",
        "    packed = np.empty(4, dtype=object)\n"
        "    packed[:] = [dW_xh, dW_hh, db, g_next @ W_hh]\n    return packed")]),
    "gradient norms as an object array, clipped gradients as big-endian arrays": (
        "ex07_gradient_flow.py", [("    return norms\n", "    return norms.astype(object)\n"), (
            "return [g * scale for g in grads], norm",
            "return [(g * scale).astype('>f8') for g in grads], np.float32(norm)")]),
    "lstm_cell returning np.matrix and extended precision": ("ex08_lstm_cell.py", [(
        "    return o * np.tanh(c), c",
        "    return np.asmatrix(o * np.tanh(c)), c.astype(np.longdouble)")]),
}


@pytest.mark.parametrize("variant", sorted(HONEST))
def test_a_correct_answer_written_its_own_way_gets_full_marks(variant, grader, tmp_path):
    filename, edits = HONEST[variant]
    folder = submission(tmp_path, {filename: edits})
    results = grade(grader, folder, *[e.name for e in EXERCISES if e.file == filename])
    assert all(r.passed for r in results.values()), [r.line() for r in results.values()]


def test_a_float32_answer_passes_with_a_word_about_dtype_and_float16_fails_saying_why(grader,
                                                                                     tmp_path):
    folder = submission(tmp_path / "f32", {"ex08_lstm_cell.py": [
        ("return o * np.tanh(c), c", "return (o * np.tanh(c)).astype(np.float32), c.astype(np.float32)")]})
    passed = grade(grader, folder, "lstm_cell")["lstm_cell"]
    assert passed.passed and "float32" in passed.line(), passed.line()
    folder = submission(tmp_path / "f16", {"ex08_lstm_cell.py": [
        ("return o * np.tanh(c), c", "return (o * np.tanh(c)).astype(np.float16), c")]})
    failed = grade(grader, folder, "lstm_cell")["lstm_cell"]
    assert failed.status == "failed" and "float16" in failed.message, failed.line()
    folder = submission(tmp_path / "wrong32", {"ex08_lstm_cell.py": [
        ("c = f * c_prev + i * g", "c = (c_prev + i * g).astype(np.float32)")]})
    wrong = grade(grader, folder, "lstm_cell")["lstm_cell"]
    assert wrong.status == "failed" and "already allowed for float32 rounding" in wrong.message


def test_wrong_structures_are_named_not_crashed_on(grader, tmp_path):
    folder = submission(tmp_path, {"ex08_lstm_cell.py": [
        ("return o * np.tanh(c), c", "return {'h': o * np.tanh(c)}")],
        "ex09_gru_cell.py": [("return (1 - z) * h_prev + z * h_tilde", "h = (1 - z) * h_prev")],
        "ex06_rnn_and_bptt.py": [("return np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b)",
                                  "return str(np.tanh(x @ W_xh.T + h_prev @ W_hh.T + b))")]})
    results = grade(grader, folder, "lstm_cell", "gru_cell", "rnn_step")
    assert "must return (h_t, c_t)" in results["lstm_cell"].message and "dict" in results["lstm_cell"].message
    assert "None: is a `return` missing?" in results["gru_cell"].message
    assert "got a str" in results["rnn_step"].message
    assert all(r.status == "failed" and r.points == 0 for r in results.values())


def test_an_exception_is_reported_with_its_line_and_the_seed_to_rerun(grader, tmp_path):
    folder = submission(tmp_path, {"ex04_softmax_cross_entropy.py": [
        ("    rows = np.arange(len(targets))\n",
         "    rows = np.arange(len(targets))\n    rows = rows.reshape(2, -1, 7)\n")]})
    result = grade(grader, folder, "softmax_cross_entropy")["softmax_cross_entropy"]
    assert result.status == "error" and "ValueError" in result.message
    assert "ex04_softmax_cross_entropy.py line 19: rows = rows.reshape(2, -1, 7)" in result.message
    assert f"seed={result.seed}" in result.message


def test_each_run_draws_new_inputs_and_a_seed_reruns_the_same_case(grader, tmp_path):
    folder = submission(tmp_path, {"ex08_lstm_cell.py": [("c = f * c_prev + i * g", "c = c_prev + i * g")]})
    first, second = (grade(grader, folder, "lstm_cell")["lstm_cell"] for _ in range(2))
    assert first.seed != second.seed and first.message != second.message
    again = grade(grader, folder, "lstm_cell", seed=first.seed)["lstm_cell"]
    assert again.message == first.message
    exercise = BY_NAME["lstm_cell"]
    drawn = [exercise.cases(np.random.default_rng(first.seed))[0].args for _ in range(2)]
    assert all(np.array_equal(a, b) for a, b in zip(*drawn))


def test_a_file_may_import_its_own_siblings_but_not_minigrad_for_numpy_exercises(grader, tmp_path):
    helper = "import numpy as np\n\ndef squash(z):\n    return np.tanh(z)\n"
    folder = submission(tmp_path, {
        "ex06_rnn_and_bptt.py": [("import numpy as np\n", "import numpy as np\nfrom my_helpers import squash\n"),
                                 ("return np.tanh(x @ W_xh.T", "return squash(x @ W_xh.T")],
        "ex08_lstm_cell.py": [("import numpy as np\n", "import numpy as np\nimport minigrad as mg\n")],
        "ex09_gru_cell.py": [("import numpy as np\n", "import numpy as np\nimport torch\n")]},
        files={"my_helpers.py": helper})
    results = grade(grader, folder, "rnn_step", "lstm_cell", "gru_cell")
    assert results["rnn_step"].passed
    lstm, gru = results["lstm_cell"], results["gru_cell"]
    assert lstm.status == gru.status == "not allowed" and lstm.points == gru.points == 0
    assert "lstm_cell asks for the equations in NumPy; minigrad is not available while it is graded" \
           in lstm.message and "line 7: import minigrad as mg" in lstm.message
    assert "`torch` is not available" in gru.message


def doubled(x):
    return 2 * x


def doubling(rng):
    return [Case((rng.normal(size=(3, 4)),), "an array of shape (3, 4)")]


def test_an_exercise_that_allows_minigrad_accepts_a_tensor_and_hides_the_grader(grader, tmp_path):
    exercise = Exercise(name="double", file="double.py", chapter="99", cases=doubling,
                        reference=doubled, answer=Array("2x"), points=1, may_use=NUMPY_AND_MINIGRAD)
    (tmp_path / "double.py").write_text(
        "import minigrad as mg\n\ndef double(x):\n    return mg.Tensor(x, dtype='float64') * 2\n")
    assert grader.grade(exercise, tmp_path).passed
    (tmp_path / "double.py").write_text(
        "import minigrad.grading.checks.tools\n\ndef double(x):\n    return 2 * x\n")
    refused = grader.grade(exercise, tmp_path)
    assert refused.status == "not allowed" and "grader's own code" in refused.message


def test_the_references_agree_with_central_differences():
    """The grader's gradient references (minigrad's autodiff) against central differences of the
    forward computations, on fresh inputs."""
    rng = np.random.default_rng(0)
    lstm = BY_NAME["lstm_cell"]
    for name, forward in (("tanh_backward", lambda x: np.tanh(x)),):
        (x, upstream), = (c.args for c in BY_NAME[name].cases(rng))
        numeric = central_differences(lambda v: (forward(v) * upstream).sum(), x)
        assert np.allclose(call_on_copies(BY_NAME[name].reference, (x, upstream)), numeric, atol=1e-6)
    case = BY_NAME["rnn_bptt"].cases(rng)[0]
    xs, h0, W_xh, W_hh, b, dlosses = case.args
    step = BY_NAME["rnn_step"].reference

    def loss(W):
        h, total = h0, 0.0
        for x, dloss in zip(xs, dlosses):
            h = step(x, h, W_xh, W, b)
            total += (h * dloss).sum()
        return total
    dW_hh = call_on_copies(BY_NAME["rnn_bptt"].reference, case.args)[1]
    assert np.allclose(dW_hh, central_differences(loss, W_hh), atol=1e-6)
    norms_case = BY_NAME["gradient_norms_through_time"].cases(rng)[0]
    hs, W_hh, dh_last = norms_case.args
    # Perturbing h_(T-1) moves h_T = tanh(atanh(h_T) + dh W_hh^T): the last-but-one norm.
    numeric = central_differences(
        lambda h: (np.tanh(np.arctanh(hs[-1]) + (h - hs[-2]) @ W_hh.T) * dh_last).sum(), hs[-2])
    norms = call_on_copies(BY_NAME["gradient_norms_through_time"].reference, norms_case.args)
    assert np.isclose(norms[-2], np.linalg.norm(numeric), rtol=1e-6)
    h, c = call_on_copies(lstm.reference, lstm.cases(rng)[0].args)
    assert h.shape == c.shape and np.all(np.abs(h) < 1)


def the_case(name, seed=0):
    """The first case of an exercise, and the reference's answer for it."""
    case = BY_NAME[name].cases(np.random.default_rng(seed))[0]
    return case.args, call_on_copies(BY_NAME[name].reference, case.args)


def test_the_new_references_agree_with_central_differences():
    """The references of the exercises added for issue 10 against central differences of their
    forward computations (the scalar graph's, the output layer's, truncated BPTT's with the
    window states frozen, and one LSTM step's)."""
    (graph,), rows = the_case("backward")
    inputs = graph.args["inputs"]

    def root_value(values):
        return materialize(Make(graph.name, **{**graph.args, "inputs": values}))[0].value
    numeric = central_differences(root_value, inputs)
    input_numbers = graph.args["numbers"][:len(inputs)]
    by_number = dict(zip(rows[:, 0].astype(int), rows[:, 1]))
    assert np.allclose([by_number[n] for n in input_numbers], numeric, atol=1e-6)

    (hs, W_hy, b_y, targets), (dW_hy, db_y, dh) = the_case("output_layer_backward")

    def mean_cross_entropy(hs, W_hy, b_y):
        scores = hs @ W_hy.T + b_y
        log_p = scores - scores.max(-1, keepdims=True)
        log_p -= np.log(np.exp(log_p).sum(-1, keepdims=True))
        return -np.take_along_axis(log_p, targets[..., None], -1).mean()
    assert np.allclose(dW_hy, central_differences(lambda W: mean_cross_entropy(hs, W, b_y), W_hy))
    assert np.allclose(db_y, central_differences(lambda v: mean_cross_entropy(hs, W_hy, v), b_y))
    assert np.allclose(dh, central_differences(lambda h: mean_cross_entropy(h, W_hy, b_y), hs))

    (xs, h0, W_xh, W_hh, b, dlosses, window), (_, dW_hh, _) = the_case("truncated_bptt")
    step = BY_NAME["rnn_step"].reference

    def windows_loss(W, entering=None):
        h, total, states = h0, 0.0, []
        for t, (x, dloss) in enumerate(zip(xs, dlosses)):
            if entering is not None and t % window == 0:
                h = entering[t // window]
            h = step(x, h, W_xh, W, b)
            states.append(h)
            total += (h * dloss).sum()
        return total, states
    _, states = windows_loss(W_hh)
    entering = [h0] + states[window - 1::window]
    assert np.allclose(dW_hh, central_differences(lambda W: windows_loss(W, entering)[0], W_hh),
                       atol=1e-6)
    assert not np.allclose(dW_hh, central_differences(lambda W: windows_loss(W)[0], W_hh), atol=1e-3)

    args, gradients = the_case("lstm_step_backward")
    *forward, dh, dc = args

    def lstm_loss(*values):
        h, c = BY_NAME["lstm_cell"].reference(*values)
        return (h * dh).sum() + (c * dc).sum()
    for k, gradient in enumerate(gradients):
        numeric = central_differences(lambda v: lstm_loss(*forward[:k], v, *forward[k + 1:]),
                                      forward[k])
        assert np.allclose(gradient, numeric, atol=1e-6), k


def test_the_decoding_references_agree_with_each_other_and_with_exhaustive_search():
    """Beam width 1 is greedy; a wider beam never scores below greedy; on a decoder with few
    tokens and a short max_length, exhaustive search finds nothing better than what the beam
    found with a beam as wide as the vocabulary... which is then the most probable output."""
    greedy, beam = BY_NAME["greedy_decode"].reference, BY_NAME["beam_search"].reference
    for seed in range(3):
        (decoder, state, bos, eos, max_length), (tokens, log_p) = the_case("greedy_decode", seed)
        step = materialize(decoder)
        narrow = beam(step, state, bos, eos, 1, max_length)
        assert np.array_equal(narrow[0], tokens) and np.isclose(narrow[1], log_p)
        assert beam(step, state, bos, eos, 3, max_length)[1] >= log_p
        vocabulary, short = len(step(bos, state)[0]), 3
        best = max(exhaustive_outputs(step, state, bos, eos, short), key=lambda o: o[1])
        found = beam(step, state, bos, eos, vocabulary ** short, short)
        assert np.array_equal(found[0], best[0]) and np.isclose(found[1], best[1])


def exhaustive_outputs(step, state, bos, eos, max_length):
    """Every output of at most max_length tokens (ending at its first EOS), with its log p."""
    outputs, frontier = [], [([], 0.0, state)]
    for _ in range(max_length):
        grown = []
        for tokens, log_p, hidden in frontier:
            log_probs, new_state = step(tokens[-1] if tokens else bos, hidden)
            for token, value in enumerate(log_probs):
                (outputs if token == eos else grown).append((tokens + [token], log_p + value,
                                                             new_state))
        frontier = grown
    return [(np.array(t), p) for t, p, _ in outputs + frontier]


def test_every_named_mistake_is_rejected_and_recognised_by_the_judge():
    """Each mistake that says what the wrong code computes must differ from the reference, and the
    judge must name it when it is the answer."""
    rng = np.random.default_rng(1)
    for exercise in EXERCISES:
        for mistake in exercise.mistakes:
            if mistake.computes is None:
                continue
            case = exercise.cases(rng)[0]
            right = call_on_copies(exercise.reference, case.args)
            wrong = call_on_copies(mistake.computes, case.args)
            gaps, _, named = judge_case(exercise, case, right, wrong, case.args)
            assert any(gaps.values()), (exercise.name, mistake.says)
            assert named == mistake.says, (exercise.name, mistake.says, named)


def test_an_answer_s_arrays_stop_at_the_byte_limit_counted_over_all_of_them():
    """Arrays are sent while their total stays within the limit; the next is described instead."""
    buffers = wire.Buffers()
    arrays = [np.zeros(50), np.ones(50), np.full(50, 2.0)]        # 400 bytes each
    tree = wire.encode(arrays, buffers, True, limit=1000)
    kinds = [item["t"] for item in tree["items"]]
    assert kinds == ["array", "array", "unsupported"]
    assert "more than an answer may hold (1000 bytes)" in tree["items"][2]["type"]
    assert buffers.nbytes == sum(len(b) for b in buffers) == 800
    header, received = wire.unpack(wire.pack({"value": tree}, buffers))
    assert np.array_equal(wire.decode(header["value"]["items"][1], received), np.ones(50))


def test_check_prints_one_line_raises_without_a_traceback_and_returns_nothing(capsys, tmp_path):
    with pytest.raises(CheckFailed, match="lstm_cell has not passed yet: 0/2 points, not started") as raised:
        check("lstm_cell", folder=LEARNER)
    shown = capsys.readouterr().out
    assert shown.startswith("lstm_cell") and "not started [edit ex08_lstm_cell.py]" in shown
    assert raised.value._render_traceback_() == [f"CheckFailed: {raised.value}"]
    frames = traceback.extract_tb(raised.value.__traceback__)
    assert [frame.name for frame in frames][-1] == "check"   # raised by check() itself
    assert check("lstm_cell", folder=SOLUTIONS) is None
    assert capsys.readouterr().out.strip() == "lstm_cell                    2/2  passed"
    long = submission(tmp_path, {"ex08_lstm_cell.py": [("c = f * c_prev + i * g", "c = c_prev + i * g")]})
    with pytest.raises(CheckFailed):
        check("lstm_cell", folder=long)
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    assert len(lines) > 1 and all(len(line) <= 100 for line in lines)
    assert all(line.startswith("    ") for line in lines[1:])
    with pytest.raises(KeyError, match="no exercise named 'lstm'"):
        check("lstm")


def run_cli(*arguments, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "minigrad.grading", *map(str, arguments)],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def test_the_exit_status_says_whether_every_selected_exercise_passed(tmp_path):
    folder = submission(tmp_path, {"ex08_lstm_cell.py": [("c = f * c_prev + i * g", "c = c_prev + i * g")]})
    assert run_cli(folder, "--only", "rnn_step", "--only", "gru_cell").returncode == 0
    failing = run_cli(folder, "--only", "rnn_step", "--only", "lstm_cell")
    assert failing.returncode == 1 and "lstm_cell                    0/2  failed" in failing.stdout
    assert "gru_cell" not in failing.stdout
    assert run_cli(LEARNER, "--only", "tanh_backward").returncode == 1
    unknown = run_cli(folder, "--only", "lstm")
    assert unknown.returncode == 2 and "no exercise named 'lstm'" in unknown.stderr
    missing = run_cli("exercises", cwd=tmp_path)
    assert missing.returncode == 2 and "run from the course's folder" in missing.stderr


def test_json_and_junit_reports_carry_every_result(tmp_path):
    folder = submission(tmp_path, {"ex08_lstm_cell.py": [("c = f * c_prev + i * g", "c = c_prev + i * g")]})
    shown = json.loads(run_cli(folder, "--only", "lstm_cell", "--only", "gru_cell",
                               "--format", "json").stdout)
    (learner,) = shown["submissions"].values()
    assert learner["total"] == 2 and learner["max"] == 4 and shown["grader"]["sandbox"] in (True, False)
    statuses = {r["exercise"]: r["status"] for r in learner["exercises"]}
    assert statuses == {"lstm_cell": "failed", "gru_cell": "passed"}
    junit = ElementTree.fromstring(run_cli(folder, "--only", "lstm_cell", "--only", "gru_cell",
                                           "--format", "junit").stdout)
    suite = junit.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase[@name='lstm_cell']/failure")
    assert failure.get("message") == "0/2 failed" and "c_t differs" in failure.text


def test_a_batch_writes_points_and_statuses_for_every_submission(tmp_path):
    submissions = tmp_path / "submissions"
    submission(submissions / "alice")
    submission(submissions / "bob", {"ex09_gru_cell.py": [("(1 - z) * h_prev + z * h_tilde",
                                                           "z * h_prev + (1 - z) * h_tilde")]})
    shutil.copytree(LEARNER, submissions / "=cmd|calc")
    grades = tmp_path / "grades.csv"
    done = run_cli("--batch", submissions, "--csv", grades, "--json", tmp_path / "grades.json",
                   "--junit", tmp_path / "grades.xml", "--jobs", "2", "--seed", "7")
    assert done.returncode == 1 and f"alice: {TOTAL:g}/{TOTAL:g}" in done.stdout
    rows = {row["submission"]: row for row in csv.DictReader(grades.open())}
    assert list(rows) == ["'=cmd|calc", "alice", "bob"]
    assert rows["bob"]["gru_cell"] == "0" and rows["bob"]["gru_cell status"] == "failed"
    assert rows["bob"]["total"] == f"{TOTAL - 2:g}" and rows["alice"]["lstm_cell status"] == "passed"
    assert rows["'=cmd|calc"]["lstm_cell status"] == "not started"
    details = json.loads((tmp_path / "grades.json").read_text())["submissions"]
    assert details["bob"]["total"] == TOTAL - 2
    seeds = [{r["seed"] for r in details[name]["exercises"]} for name in ("alice", "bob")]
    assert not seeds[0] & seeds[1], "no two submissions share a case"
    assert len(ElementTree.parse(tmp_path / "grades.xml").getroot().findall("testsuite")) == 3


def test_release_writes_a_learner_copy_without_solutions(tmp_path):
    destination = tmp_path / "course"
    done = run_cli("--release", destination)
    assert done.returncode == 0, done.stderr
    assert not (destination / "solutions").exists()
    assert (destination / "minigrad" / "grading" / "runner.py").is_file()
    assert (destination / "notebooks").is_dir() and (destination / "README.md").is_file()
    for name, text in learner_files(SOLUTIONS).items():
        assert (destination / "exercises" / name).read_text() == text
    for path in destination.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".md", ".toml"):
            assert not any(line.strip() == BEGIN for line in path.read_text().splitlines()), path
    assert '"solutions"' not in (destination / "pyproject.toml").read_text()
    assert not list(destination.glob("tests/test_grading*"))
    assert run_cli("--release", destination).returncode == 2      # refuses a folder in use


def test_the_classroom_workflow_has_one_test_per_exercise_with_its_points():
    text = run_cli("--classroom").stdout
    tests = classroom_tests()
    assert [name for name, *_ in tests] == [
        f"{e.name} {part}" if len(e.parts) > 1 else e.name for e in EXERCISES for part in e.parts]
    assert "--only 'lstm_step_backward:dc_prev'" in text and "max-score: 1\n" in text
    assert sum(points for *_, points in tests) == TOTAL
    for name, step, command, points in tests:
        assert f"test-name: {name}\n          command: {command}\n" in text
        assert f'{step.upper()}_RESULTS: "${{{{steps.{step}.outputs.result}}}}"' in text
    assert "runners: " + ",".join(step for _, step, _, _ in tests) in text


def test_exercises_are_exactly_what_the_generator_makes_from_the_solutions():
    expected = learner_files(SOLUTIONS)
    assert sorted(expected) == sorted(p.name for p in LEARNER.iterdir() if p.is_file())
    for name, text in expected.items():
        assert (LEARNER / name).read_text() == text, f"exercises/{name} is out of date: run " \
                                                     f"python3 -m minigrad.grading.generate"
    assert not any(BEGIN in text for text in expected.values())
    assert sorted(FILES) == sorted(p.name for p in SOLUTIONS.glob("*.py"))


def test_generate_check_fails_when_an_exercise_file_is_stale(tmp_path):
    stale = tmp_path / "exercises"
    shutil.copytree(LEARNER, stale)
    (stale / "ex08_lstm_cell.py").write_text("# edited by hand\n")
    command = [sys.executable, "-m", "minigrad.grading.generate", "--check", "--exercises", str(stale)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1 and "ex08_lstm_cell.py" in result.stdout
