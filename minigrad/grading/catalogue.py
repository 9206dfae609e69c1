"""The graded exercises and the checks that award their points.

Each check receives the learner's module, runs the learner's function on seeded inputs, and
compares with a reference computed by minigrad (autodiff, for the gradients) or by the course's
equations; gradient exercises are also compared with central differences. A check returns quietly
when the answer is right and raises Mismatch with the gap when it is not. Known mistakes (a sign
flipped, a broadcast axis not summed, the recurrent term dropped, z and 1 - z swapped) are
recognised and named.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .. import functional as F
from .. import nn
from ..tensor import Tensor
from .feedback import LearnerError, Mismatch, call, expect_close


@dataclass(frozen=True)
class Exercise:
    name: str           # also the function the learner writes
    file: str           # in exercises/ (and solutions/)
    points: float
    check: Callable


def learner_function(module, name):
    function = getattr(module, name, None)
    if not callable(function):
        raise LearnerError(f"the file has no function `{name}`; keep the name and the signature "
                           f"given in the exercise.")
    return function


def central_difference_gradient(scalar_function, x, eps=1e-6):
    """d scalar_function / dx for a float64 array x, by central differences."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        above = scalar_function(x)
        x[index] = saved - eps
        below = scalar_function(x)
        x[index] = saved
        grad[index] = (above - below) / (2 * eps)
    return grad


def autodiff(function, *arrays):
    """Gradients of sum(function(*tensors)) with respect to each array, by minigrad."""
    tensors = [Tensor(a, dtype="float64", requires_grad=True) for a in arrays]
    function(*tensors).sum().backward()
    return [t.grad for t in tensors]


# ----- chapter 2: backward rules -----------------------------------------------------------------
def check_tanh_backward(module):
    tanh_backward = learner_function(module, "tanh_backward")
    rng = np.random.default_rng(0)
    x, upstream = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    inputs = "input: x and upstream of shape (3, 4), seed 0"
    actual = call(tanh_backward, x.copy(), upstream.copy())
    (expected,) = autodiff(lambda t: t.tanh() * Tensor(upstream, dtype="float64"), x)
    if actual is not None and np.shape(actual) == x.shape and np.allclose(actual, -expected):
        raise Mismatch(f"dL/dx has the wrong sign everywhere; tanh'(x) = 1 - tanh(x)^2 is positive, "
                       f"so dL/dx = upstream * (1 - tanh(x)^2). {inputs}.")
    expect_close("dL/dx", actual, expected, "dL/dx = upstream * (1 - tanh(x)^2)", inputs)
    numeric = central_difference_gradient(lambda v: (np.tanh(v) * upstream).sum(), x.copy())
    expect_close("dL/dx (against central differences)", actual, numeric,
                 "dL/dx = upstream * (1 - tanh(x)^2)", inputs, rtol=1e-4)


def check_mul_backward(module):
    mul_backward = learner_function(module, "mul_backward")
    rng = np.random.default_rng(1)
    a, b, upstream = (rng.normal(size=(2, 5)) for _ in range(3))
    inputs = "input: a, b and upstream of shape (2, 5), seed 1"
    answer = call(mul_backward, a.copy(), b.copy(), upstream.copy())
    if not isinstance(answer, tuple) or len(answer) != 2:
        raise Mismatch(f"mul_backward must return a pair (dL/da, dL/db), got "
                       f"{type(answer).__name__}. {inputs}.")
    expected_a, expected_b = autodiff(lambda x, y: x * y * Tensor(upstream, dtype="float64"), a, b)
    if np.shape(answer[0]) == a.shape and np.allclose(answer[0], upstream * a):
        raise Mismatch(f"dL/da uses a where it should use b: the derivative of a*b with respect to "
                       f"a is the other factor, dL/da = upstream * b. {inputs}.")
    expect_close("dL/da", answer[0], expected_a, "dL/da = upstream * b", inputs)
    expect_close("dL/db", answer[1], expected_b, "dL/db = upstream * a", inputs)


# ----- chapter 3: broadcasting and matmul --------------------------------------------------------
UNBROADCAST_CASES = [((4, 3), (3,)), ((4, 3), (1, 3)), ((4, 3), (4, 1)), ((2, 4, 3), (4, 1)),
                     ((5,), ()), ((3, 2), (3, 2)), ((2, 1, 3), (1, 1))]


def check_unbroadcast(module):
    unbroadcast = learner_function(module, "unbroadcast")
    rng = np.random.default_rng(2)
    for grad_shape, shape in UNBROADCAST_CASES:
        grad = rng.normal(size=grad_shape)
        inputs = f"input: grad of shape {grad_shape}, operand shape {shape}"
        # minigrad's own answer: broadcast an operand of `shape` and backpropagate `grad`.
        operand = Tensor(np.zeros(shape), dtype="float64", requires_grad=True)
        (operand + Tensor(np.zeros(grad_shape), dtype="float64")).backward(grad)
        actual = call(unbroadcast, grad.copy(), shape)
        if actual is not None and np.shape(actual) == grad_shape and grad_shape != shape:
            raise Mismatch(f"the result has the broadcast shape {grad_shape}, not the operand's "
                           f"shape {shape}: the gradient was not summed over the broadcast axes. "
                           f"{inputs}.")
        expect_close("the unbroadcast gradient", actual, operand.grad,
                     "sum over the added leading axes and over the size-1 axes (keepdims)", inputs)


def check_matmul_backward(module):
    matmul_backward = learner_function(module, "matmul_backward")
    rng = np.random.default_rng(3)
    A, B, upstream = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(4, 5))
    inputs = "input: A (4, 3), B (3, 5), upstream (4, 5), seed 3"
    answer = call(matmul_backward, A.copy(), B.copy(), upstream.copy())
    if not isinstance(answer, tuple) or len(answer) != 2:
        raise Mismatch(f"matmul_backward must return a pair (dL/dA, dL/dB). {inputs}.")
    expected_A, expected_B = autodiff(lambda a, b: (a @ b) * Tensor(upstream, dtype="float64"), A, B)
    expect_close("dL/dA", answer[0], expected_A, "dL/dA = upstream @ B^T", inputs)
    expect_close("dL/dB", answer[1], expected_B, "dL/dB = A^T @ upstream", inputs)
    numeric = central_difference_gradient(lambda a: ((a @ B) * upstream).sum(), A.copy())
    expect_close("dL/dA (against central differences)", answer[0], numeric,
                 "dL/dA = upstream @ B^T", inputs, rtol=1e-4)


# ----- chapter 4: softmax cross-entropy ----------------------------------------------------------
def check_softmax_cross_entropy(module):
    softmax_cross_entropy = learner_function(module, "softmax_cross_entropy")
    rng = np.random.default_rng(4)
    for scale, case in ((1.0, "ordinary logits"), (1000.0, "huge logits (stability)")):
        logits, targets = rng.normal(size=(6, 4)) * scale, rng.integers(0, 4, size=6)
        inputs = f"input: {case}, logits (6, 4) times {scale:g}, seed 4"
        answer = call(softmax_cross_entropy, logits.copy(), targets.copy())
        if not isinstance(answer, tuple) or len(answer) != 2:
            raise Mismatch(f"softmax_cross_entropy must return (loss, dlogits). {inputs}.")
        logits_tensor = Tensor(logits, dtype="float64", requires_grad=True)
        loss = F.cross_entropy(logits_tensor, targets)
        loss.backward()
        if not np.all(np.isfinite(np.asarray(answer[1], dtype=float))) or not np.isfinite(
                float(answer[0])):
            raise Mismatch(f"the result contains inf or nan: subtract each row's maximum before "
                           f"exponentiating. {inputs}.")
        expect_close("the loss", answer[0], loss.item(),
                     "loss = mean of -log softmax(logits)[row, target]", inputs)
        expect_close("dlogits", answer[1], logits_tensor.grad,
                     "dlogits = (softmax(logits) - one_hot(targets)) / N", inputs)


# ----- chapter 6: the RNN step and BPTT ----------------------------------------------------------
def rnn_problem(seed, T=5, B=3, I=2, H=4):
    rng = np.random.default_rng(seed)
    return dict(xs=rng.normal(size=(T, B, I)), h0=rng.normal(size=(B, H)) * 0.5,
                W_xh=rng.normal(size=(H, I)) * 0.5, W_hh=rng.normal(size=(H, H)) * 0.5,
                b=rng.normal(size=H) * 0.1, dlosses=rng.normal(size=(T, B, H)))


def check_rnn_step(module):
    rnn_step = learner_function(module, "rnn_step")
    p = rnn_problem(5)
    inputs = "input: x (3, 2), h_prev (3, 4), W_xh (4, 2), W_hh (4, 4), b (4,), seed 5"
    actual = call(rnn_step, p["xs"][0], p["h0"], p["W_xh"], p["W_hh"], p["b"])
    cell = nn.RNNCell(2, 4).double()
    for name in ("W_xh", "W_hh", "b"):
        getattr(cell, name).data[...] = p[name]
    expected = cell(Tensor(p["xs"][0], dtype="float64"), Tensor(p["h0"], dtype="float64")).numpy()
    expect_close("h_t", actual, expected, "h_t = tanh(x W_xh^T + h_prev W_hh^T + b)", inputs)


def reference_bptt(p):
    """minigrad's gradients for L = sum_t sum(h_t * dlosses[t])."""
    weights = {name: Tensor(p[name], dtype="float64", requires_grad=True)
               for name in ("h0", "W_xh", "W_hh", "b")}
    h, loss = weights["h0"], 0
    for x, dl in zip(p["xs"], p["dlosses"]):
        h = (Tensor(x, dtype="float64") @ weights["W_xh"].T + h @ weights["W_hh"].T
             + weights["b"]).tanh()
        loss = loss + (h * Tensor(dl, dtype="float64")).sum()
    loss.backward()
    return [weights[name].grad for name in ("W_xh", "W_hh", "b", "h0")]


def without_recurrent_term(p):
    """The gradients a BPTT that forgets the recurrent term computes (a common mistake)."""
    hs = [p["h0"]]
    for x in p["xs"]:
        hs.append(np.tanh(x @ p["W_xh"].T + hs[-1] @ p["W_hh"].T + p["b"]))
    dW_hh = sum((p["dlosses"][t] * (1 - hs[t + 1] ** 2)).T @ hs[t] for t in range(len(p["xs"])))
    return dW_hh


def check_rnn_bptt(module):
    rnn_bptt = learner_function(module, "rnn_bptt")
    p = rnn_problem(6)
    inputs = "input: T=5 steps, batch 3, input 2, hidden 4, seed 6"
    answer = call(rnn_bptt, *(p[k].copy() for k in ("xs", "h0", "W_xh", "W_hh", "b", "dlosses")))
    if not isinstance(answer, tuple) or len(answer) != 4:
        raise Mismatch(f"rnn_bptt must return (dW_xh, dW_hh, db, dh0). {inputs}.")
    expected = reference_bptt(p)
    if np.shape(answer[1]) == p["W_hh"].shape and np.allclose(answer[1], without_recurrent_term(p)):
        raise Mismatch(f"dW_hh matches a BPTT without the recurrent term: dL/dh_t must also "
                       f"collect the gradient coming back from step t+1, delta_t = dlosses[t] + "
                       f"g_(t+1) @ W_hh. {inputs}.")
    for name, actual, want, equation in zip(
            ("dW_xh", "dW_hh", "db", "dh0"), answer, expected,
            ("dW_xh = sum_t g_t^T @ x_t", "dW_hh = sum_t g_t^T @ h_(t-1)",
             "db = sum over t and batch of g_t", "dh0 = g_1 @ W_hh")):
        expect_close(name, actual, want, f"{equation}, with g_t = delta_t * (1 - h_t^2) and "
                     f"delta_t = dlosses[t] + g_(t+1) @ W_hh", inputs)


# ----- chapter 7: gradient flow ------------------------------------------------------------------
def check_gradient_norms_through_time(module):
    gradient_norms_through_time = learner_function(module, "gradient_norms_through_time")
    p = rnn_problem(7, T=8)
    cell = nn.RNNCell(2, 4).double()
    for name in ("W_xh", "W_hh", "b"):
        getattr(cell, name).data[...] = p[name]
    h, states = Tensor(p["h0"], dtype="float64"), []
    for x in p["xs"]:
        h = cell(Tensor(x, dtype="float64"), h)
        states.append(h.retain_grad())
    dh_last = p["dlosses"][-1]
    (h * Tensor(dh_last, dtype="float64")).sum().backward()
    expected = np.array([np.linalg.norm(s.grad) for s in states])
    hs = np.stack([s.numpy() for s in states])
    inputs = "input: 8 states of a tanh RNN with batch 3 and hidden 4, seed 7"
    actual = call(gradient_norms_through_time, hs, p["W_hh"].copy(), dh_last.copy())
    expect_close("the gradient norms", actual, expected,
                 "dL/dh_(t-1) = (dL/dh_t * (1 - h_t^2)) @ W_hh, norm per step", inputs)


def check_clip_by_global_norm(module):
    clip_by_global_norm = learner_function(module, "clip_by_global_norm")
    rng = np.random.default_rng(8)
    for max_norm, case in ((1.0, "a norm above max_norm"), (100.0, "a norm below max_norm")):
        grads = [rng.normal(size=(3, 4)) * 2, rng.normal(size=5) * 2]
        originals = [g.copy() for g in grads]
        inputs = f"input: two gradients of shapes (3, 4) and (5,), max_norm {max_norm:g} ({case})"
        answer = call(clip_by_global_norm, grads, max_norm)
        if not isinstance(answer, tuple) or len(answer) != 2:
            raise Mismatch(f"clip_by_global_norm must return (clipped, norm). {inputs}.")
        clipped, norm = answer
        total = np.sqrt(sum((g ** 2).sum() for g in originals))
        expect_close("the returned norm", norm, total,
                     "norm = sqrt(sum of every squared entry), before clipping", inputs)
        scale = min(1.0, max_norm / total)
        if len(clipped) != len(originals):
            raise Mismatch(f"clipped has {len(clipped)} arrays, expected {len(originals)}. {inputs}.")
        for k, (got, original) in enumerate(zip(clipped, originals)):
            expect_close(f"clipped[{k}]", got, original * scale,
                         "clipped = grad * max_norm / norm when norm > max_norm, else grad", inputs)
        if any(not np.array_equal(g, o) for g, o in zip(grads, originals)):
            raise Mismatch(f"the input gradients were modified; return new arrays instead. {inputs}.")


# ----- chapter 8: the LSTM cell ------------------------------------------------------------------
def lstm_problem(seed, B=3, I=2, H=4):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(B, I)), rng.normal(size=(B, H)), rng.normal(size=(B, H)),
            rng.normal(size=(4 * H, I)) * 0.7, rng.normal(size=(4 * H, H)) * 0.7,
            rng.normal(size=4 * H) * 0.3)


def check_lstm_cell(module):
    lstm_cell = learner_function(module, "lstm_cell")
    x, h_prev, c_prev, W_x, W_h, b = lstm_problem(9)
    inputs = "input: one LSTM step, batch 3, input 2, hidden 4, seed 9"
    answer = call(lstm_cell, x, h_prev, c_prev, W_x, W_h, b)
    if not isinstance(answer, tuple) or len(answer) != 2:
        raise Mismatch(f"lstm_cell must return (h_t, c_t). {inputs}.")
    cell = nn.LSTMCell(2, 4).double()
    cell.W_x.data[...], cell.W_h.data[...], cell.b.data[...] = W_x, W_h, b
    h, c = cell(Tensor(x, dtype="float64"), (Tensor(h_prev, dtype="float64"),
                                             Tensor(c_prev, dtype="float64")))
    expect_close("c_t", answer[1], c.numpy(),
                 "c_t = f*c_prev + i*g (gates in the order i, f, g, o)", inputs)
    expect_close("h_t", answer[0], h.numpy(), "h_t = o*tanh(c_t)", inputs)


# ----- chapter 9: the GRU cell -------------------------------------------------------------------
def check_gru_cell(module):
    gru_cell = learner_function(module, "gru_cell")
    rng = np.random.default_rng(10)
    B, I, H = 3, 2, 4
    x, h_prev = rng.normal(size=(B, I)), rng.normal(size=(B, H))
    W_x, W_h = rng.normal(size=(3 * H, I)) * 0.7, rng.normal(size=(2 * H, H)) * 0.7
    W_hc, b = rng.normal(size=(H, H)) * 0.7, rng.normal(size=3 * H) * 0.3
    inputs = "input: one GRU step, batch 3, input 2, hidden 4, seed 10"
    actual = call(gru_cell, x, h_prev, W_x, W_h, W_hc, b)
    cell = nn.GRUCell(I, H).double()
    cell.W_x.data[...], cell.W_h.data[...], cell.W_hc.data[...], cell.b.data[...] = W_x, W_h, W_hc, b
    x_t, h_t = Tensor(x, dtype="float64"), Tensor(h_prev, dtype="float64")
    update, _, candidate = (g.numpy() for g in cell.gates(x_t, h_t))
    swapped = update * h_prev + (1 - update) * candidate
    if actual is not None and np.shape(actual) == swapped.shape and np.allclose(actual, swapped):
        raise Mismatch(f"z and 1 - z are swapped: the course's GRU keeps (1 - z) of the old state "
                       f"and takes z of the candidate, h_t = (1 - z)*h_prev + z*h_tilde. {inputs}.")
    expect_close("h_t", actual, cell(x_t, h_t).numpy(),
                 "h_t = (1 - z)*h_prev + z*h_tilde with h_tilde = tanh(x_c + (r*h_prev) W_hc^T)",
                 inputs)


# ----- chapter 10: bidirectional -----------------------------------------------------------------
def check_bidirectional(module):
    bidirectional = learner_function(module, "bidirectional")
    p, q = rnn_problem(11, T=6), rnn_problem(12, T=6)

    def step(params):
        return lambda x, h: np.tanh(x @ params["W_xh"].T + h @ params["W_hh"].T + params["b"])
    forward_step, backward_step = step(p), step(q)
    xs = p["xs"]
    inputs = "input: 6 steps, batch 3, two tanh cells with hidden 4, seed 11"
    actual = call(bidirectional, xs.copy(), forward_step, backward_step, p["h0"], q["h0"])
    forward, h = [], p["h0"]
    for x in xs:
        h = forward_step(x, h)
        forward.append(h)
    backward, h = [], q["h0"]
    for x in xs[::-1]:
        h = backward_step(x, h)
        backward.append(h)
    expected = np.concatenate([np.stack(forward), np.stack(backward[::-1])], axis=-1)
    unreversed = np.concatenate([np.stack(forward), np.stack(backward)], axis=-1)
    if actual is not None and np.shape(actual) == expected.shape and np.allclose(actual, unreversed):
        raise Mismatch(f"the backward states are in the order they were computed (last step first); "
                       f"reverse them back to time order before concatenating. {inputs}.")
    expect_close("the bidirectional states", actual, expected,
                 "out[t] = [forward state at t, backward state at t] along the last axis", inputs)


EXERCISES = [
    Exercise("tanh_backward", "ex02_backward_rules.py", 1, check_tanh_backward),
    Exercise("mul_backward", "ex02_backward_rules.py", 1, check_mul_backward),
    Exercise("unbroadcast", "ex03_broadcasting_and_matmul.py", 2, check_unbroadcast),
    Exercise("matmul_backward", "ex03_broadcasting_and_matmul.py", 2, check_matmul_backward),
    Exercise("softmax_cross_entropy", "ex04_softmax_cross_entropy.py", 2,
             check_softmax_cross_entropy),
    Exercise("rnn_step", "ex06_rnn_and_bptt.py", 1, check_rnn_step),
    Exercise("rnn_bptt", "ex06_rnn_and_bptt.py", 3, check_rnn_bptt),
    Exercise("gradient_norms_through_time", "ex07_gradient_flow.py", 2,
             check_gradient_norms_through_time),
    Exercise("clip_by_global_norm", "ex07_gradient_flow.py", 1, check_clip_by_global_norm),
    Exercise("lstm_cell", "ex08_lstm_cell.py", 2, check_lstm_cell),
    Exercise("gru_cell", "ex09_gru_cell.py", 2, check_gru_cell),
    Exercise("bidirectional", "ex10_bidirectional.py", 1, check_bidirectional),
]
BY_NAME = {exercise.name: exercise for exercise in EXERCISES}
