"""How fast is minigrad at the course's sizes? One training step of a recurrent network (forward
through T steps and backward through time), timed against a hand-written NumPy forward + BPTT
of the same math, and against PyTorch when it is installed. Everything runs in this process, so
the ratios compare like with like on whatever machine runs it.

    python benchmarks/recurrent_step.py            # the full table
    python benchmarks/recurrent_step.py --quick    # fewer repeats, for a smoke test

The loss is L = Σ_t h_t · r_t with fixed random r_t, so every hidden state gets a gradient.
"""
import argparse
import importlib.util
import os
import statistics
import time
import tracemalloc

# PyTorch's OpenMP threads otherwise spin after each call and starve NumPy's BLAS threads on a
# small machine, which made the NumPy baseline look up to 2x slower when timed beside PyTorch.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

import minigrad as mg  # noqa: E402
from minigrad import nn  # noqa: E402

mg.use_course_settings()  # the settings the course runs with: one BLAS thread, memory reused

BATCH, INPUTS, HIDDEN, STEPS = 32, 64, 128, 50


# ----- the baseline: forward and backpropagation through time written out by hand ---------------
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def numpy_lstm_step(x, W_x, W_h, b, r):
    """Forward and BPTT of an LSTM (gates i, f, g, o; weights (in, 4H)); returns the gradients."""
    T, B, _ = x.shape
    H = W_h.shape[0]
    h, c = np.zeros((B, H), np.float32), np.zeros((B, H), np.float32)
    saved = []
    for t in range(T):
        z = x[t] @ W_x + h @ W_h + b
        i, f = sigmoid(z[:, :H]), sigmoid(z[:, H:2 * H])
        g, o = np.tanh(z[:, 2 * H:3 * H]), sigmoid(z[:, 3 * H:])
        c_next = f * c + i * g
        tanh_c = np.tanh(c_next)
        saved.append((h, c, i, f, g, o, tanh_c))
        h, c = o * tanh_c, c_next
    gradients = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    dh_next, dc_next = np.zeros((B, H), np.float32), np.zeros((B, H), np.float32)
    for t in reversed(range(T)):
        h_prev, c_prev, i, f, g, o, tanh_c = saved[t]
        dh = r[t] + dh_next
        dc = dh * o * (1 - tanh_c * tanh_c) + dc_next
        dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                             dc * i * (1 - g * g), dh * tanh_c * o * (1 - o)], axis=1)
        dc_next = dc * f
        dh_next = add_step_gradients(gradients, x[t], h_prev, dz, W_h)
    return gradients


def numpy_rnn_step(x, W_x, W_h, b, r):
    """Forward and BPTT of a tanh RNN; returns the gradients."""
    T, B, _ = x.shape
    H = W_h.shape[0]
    h = np.zeros((B, H), np.float32)
    hiddens = [h]
    for t in range(T):
        h = np.tanh(x[t] @ W_x + h @ W_h + b)
        hiddens.append(h)
    gradients = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    dh_next = np.zeros((B, H), np.float32)
    for t in reversed(range(T)):
        dz = (r[t] + dh_next) * (1 - hiddens[t + 1] ** 2)
        dh_next = add_step_gradients(gradients, x[t], hiddens[t], dz, W_h)
    return gradients


def add_step_gradients(gradients, x_t, h_prev, dz, W_h):
    """Add one step's weight gradients (dz: dL/d pre-activations) into (dW_x, dW_h, db), in
    place; return dL/dh_{t-1} = dz W_h^T."""
    dW_x, dW_h, db = gradients
    dW_x += x_t.T @ dz
    dW_h += h_prev.T @ dz
    db += dz.sum(axis=0)
    return dz @ W_h.T


# ----- the same math with an engine's core ops, written once for every engine -------------------
def core_ops_lstm_loss(x, W_x, W_h, b, r, zeros, sigmoid, tanh):
    """L for the LSTM built from core ops only: matmul, slicing, sigmoid, tanh, *, +, sum."""
    T, B, _ = x.shape
    H = W_h.shape[0]
    h = c = zeros((B, H))
    loss = 0
    for t in range(T):
        z = x[t] @ W_x + h @ W_h + b
        i, f = sigmoid(z[:, :H]), sigmoid(z[:, H:2 * H])
        g, o = tanh(z[:, 2 * H:3 * H]), sigmoid(z[:, 3 * H:])
        c = f * c + i * g
        h = o * tanh(c)
        loss = loss + (h * r[t]).sum()
    return loss


def core_ops_rnn_loss(x, W_x, W_h, b, r, zeros, sigmoid, tanh):
    """L for the tanh RNN built from core ops only."""
    T, B, _ = x.shape
    h = zeros((B, W_h.shape[0]))
    loss = 0
    for t in range(T):
        h = tanh(x[t] @ W_x + h @ W_h + b)
        loss = loss + (h * r[t]).sum()
    return loss


PARAMETERS = ("W_x", "W_h", "b")


def minigrad_engine(loss_of, arrays):
    """(one forward + backward, the gradients it left as NumPy arrays) for minigrad."""
    tensors = {name: mg.Tensor(a, requires_grad=name in PARAMETERS) for name, a in arrays.items()}
    zeros = lambda shape: mg.zeros(*shape)  # noqa: E731
    return (lambda: loss_of(**tensors, zeros=zeros, sigmoid=mg.sigmoid, tanh=mg.tanh).backward(),
            lambda: [tensors[name].grad for name in PARAMETERS])


def torch_with_one_thread():
    """PyTorch limited to one thread, as NumPy's BLAS is under the course's settings; None if
    it is not installed."""
    if importlib.util.find_spec("torch") is None:
        return None
    import torch
    torch.set_num_threads(1)
    return torch


def torch_engine(loss_of, arrays):
    torch = torch_with_one_thread()
    tensors = {name: torch.tensor(a, requires_grad=name in PARAMETERS)
               for name, a in arrays.items()}
    zeros = lambda shape: torch.zeros(shape)  # noqa: E731
    return (lambda: loss_of(**tensors, zeros=zeros, sigmoid=torch.sigmoid, tanh=torch.tanh)
            .backward(), lambda: [tensors[name].grad.numpy() for name in PARAMETERS])


def hips_autograd_engine(loss_of, arrays):
    import autograd
    import autograd.numpy as anp
    zeros = lambda shape: anp.zeros(shape, dtype=np.float32)  # noqa: E731
    sigmoid = lambda z: 1 / (1 + anp.exp(-z))  # noqa: E731
    gradient = autograd.grad(lambda W_x, W_h, b: loss_of(
        arrays["x"], W_x, W_h, b, arrays["r"], zeros=zeros, sigmoid=sigmoid, tanh=anp.tanh),
        argnum=(0, 1, 2))
    latest = {}

    def step():  # autograd returns the gradients instead of storing them
        latest["gradients"] = gradient(*(arrays[name] for name in PARAMETERS))
    return step, lambda: latest["gradients"]


def mygrad_engine(loss_of, arrays):
    import mygrad
    from mygrad.nnet.activations import sigmoid
    tensors = {name: mygrad.tensor(a, constant=name not in PARAMETERS)
               for name, a in arrays.items()}
    zeros = lambda shape: mygrad.zeros(shape, dtype=np.float32)  # noqa: E731
    return (lambda: loss_of(**tensors, zeros=zeros, sigmoid=sigmoid, tanh=mygrad.tanh).backward(),
            lambda: [tensors[name].grad for name in PARAMETERS])


# Engines beside minigrad, each timed only if it is installed (none is a dependency).
OTHER_ENGINES = {"torch": ("PyTorch eager, same core ops, 1 thread", torch_engine),
                 "autograd": ("HIPS autograd, same core ops", hips_autograd_engine),
                 "mygrad": ("MyGrad, same core ops", mygrad_engine)}


def layer_step(layer, x, r):
    output, _ = layer(x)
    (output * r).sum().backward()


# ----- measuring --------------------------------------------------------------------------------
def medians_ms(functions, repeats, warmup=2):
    """Median milliseconds of each function, timed round-robin (one run of each in turn), so that
    a slow spell of the machine hits every contender alike and the ratios stay fair."""
    for _ in range(warmup):
        for function in functions.values():
            function()
    times = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: 1000 * statistics.median(samples) for name, samples in times.items()}


def peak_mib(function):
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2 ** 20


def problem(gates, steps=STEPS, batch=BATCH, seed=0):
    """The arrays of one benchmark problem: inputs x, weights (in, gates * H), targets r."""
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(HIDDEN)
    return dict(
        x=rng.normal(size=(steps, batch, INPUTS)).astype(np.float32),
        W_x=rng.uniform(-bound, bound, (INPUTS, gates * HIDDEN)).astype(np.float32),
        W_h=rng.uniform(-bound, bound, (HIDDEN, gates * HIDDEN)).astype(np.float32),
        b=rng.uniform(-bound, bound, gates * HIDDEN).astype(np.float32),
        r=rng.normal(size=(steps, batch, HIDDEN)).astype(np.float32))


def installed_engines():
    """minigrad, then every engine of OTHER_ENGINES that is installed."""
    engines = {"minigrad core ops": minigrad_engine}
    for module, (label, engine) in OTHER_ENGINES.items():
        if importlib.util.find_spec(module) is not None:
            engines[label] = engine
    return engines


def check_same_gradients(baseline, engine, loss_of, gates):
    """The benchmark is only fair if all compute the same thing: compare the gradients."""
    arrays = problem(gates, steps=5)
    step, gradients = engine(loss_of, arrays)
    step()
    for got, want in zip(gradients(), baseline(**arrays)):
        np.testing.assert_allclose(np.asarray(got), want, rtol=2e-3, atol=2e-4)


def row(name, ms, baseline_ms, target=""):
    print(f"  {name:<50} {ms:9.2f} ms   {ms / baseline_ms:5.2f}x   {target}")


def engine_overhead(repeats, verdicts):
    print(f"\n1. Engine overhead: core Tensor ops vs hand-written NumPy forward + BPTT "
          f"(B={BATCH}, in={INPUTS}, H={HIDDEN}, T={STEPS}, float32)")
    engines = installed_engines()
    torch_label = OTHER_ENGINES["torch"][0]
    for name, gates, baseline, loss_of, target in (
            ("LSTM", 4, numpy_lstm_step, core_ops_lstm_loss, 1.3),
            ("tanh RNN", 1, numpy_rnn_step, core_ops_rnn_loss, 1.4)):
        arrays = problem(gates)
        contenders = {"hand-written NumPy": lambda: baseline(**arrays)}
        for label, engine in engines.items():
            check_same_gradients(baseline, engine, loss_of, gates)
            contenders[label] = engine(loss_of, arrays)[0]
        ms = medians_ms(contenders, repeats)
        for label, value in ms.items():
            mark = f"target <= {target:.2f}x" if label == "minigrad core ops" else ""
            row(f"{name}: {label}", value, ms["hand-written NumPy"], mark)
        ratio = ms["minigrad core ops"] / ms["hand-written NumPy"]
        verdicts.append((f"{name}, core ops: {ratio:.2f}x the hand-written NumPy, target "
                         f"<= {target:.2f}x", ratio <= target))
        if torch_label in ms:
            verdicts.append((f"{name}, core ops: minigrad {ms['minigrad core ops']:.2f} ms, "
                             f"PyTorch eager {ms[torch_label]:.2f} ms, target: below",
                             ms["minigrad core ops"] < ms[torch_label]))
    missing = [label for module, (label, _) in OTHER_ENGINES.items() if label not in engines]
    if missing:
        print(f"  (not installed, so not timed: {', '.join(missing)})")


def torch_contenders():
    """PyTorch's eager LSTMCell loop and fused nn.LSTM at the same sizes, if it is installed."""
    torch = torch_with_one_thread()
    if torch is None:
        return {}
    torch.manual_seed(0)
    x = torch.randn(STEPS, BATCH, INPUTS)
    r = torch.randn(STEPS, BATCH, HIDDEN)
    cell, fused = torch.nn.LSTMCell(INPUTS, HIDDEN), torch.nn.LSTM(INPUTS, HIDDEN)

    def cell_loop():
        h = c = torch.zeros(BATCH, HIDDEN)
        loss = 0
        for t in range(STEPS):
            h, c = cell(x[t], (h, c))
            loss = loss + (h * r[t]).sum()
        cell.zero_grad()
        loss.backward()

    def fused_layer():
        fused.zero_grad()
        (fused(x)[0] * r).sum().backward()

    return {f"PyTorch {torch.__version__} eager LSTMCell loop": cell_loop,
            "PyTorch fused torch.nn.LSTM": fused_layer}


def layers(repeats, verdicts):
    print("\n2. nn layers vs the same hand-written NumPy LSTM (and PyTorch when installed)")
    arrays = problem(4)
    x, r = mg.Tensor(arrays["x"]), mg.Tensor(arrays["r"])
    contenders = {"LSTM: hand-written NumPy": lambda: numpy_lstm_step(**arrays)}
    for name, layer_type in (("nn.LSTM", nn.LSTM), ("nn.GRU", nn.GRU), ("nn.RNN", nn.RNN)):
        contenders[f"minigrad {name}"] = (lambda layer: lambda: layer_step(layer, x, r))(
            layer_type(INPUTS, HIDDEN))
    torch_functions = torch_contenders()
    ms = medians_ms({**contenders, **torch_functions}, repeats)
    base = ms["LSTM: hand-written NumPy"]
    for name, value in ms.items():
        layer = name in ("minigrad nn.LSTM", "minigrad nn.GRU")
        row(name, value, base, "target <= 1.00x" if layer else "")
        if layer:
            verdicts.append((f"{name[9:]}: {value / base:.2f}x the hand-written NumPy LSTM, "
                             f"target <= 1.00x", value <= base))
    if torch_functions:
        print(f"  minigrad nn.LSTM / fused torch.nn.LSTM: "
              f"{ms['minigrad nn.LSTM'] / ms['PyTorch fused torch.nn.LSTM']:.2f}x")
    else:
        print("  (PyTorch is not installed: its rows are skipped)")


def scaling(repeats, verdicts):
    print("\n3. Scaling in T: time and peak memory per step of nn.LSTM, beside the hand-written "
          "NumPy LSTM")
    layer, memory = nn.LSTM(INPUTS, HIDDEN), {}
    print(f"  {'T':>6} {'NumPy ms/step':>14} {'minigrad ms/step':>17} {'ratio':>6} "
          f"{'NumPy MiB/step':>15} {'minigrad MiB/step':>18}")
    for steps in (50, 100, 200, 500, 1000):
        arrays = problem(4, steps=steps)
        x, r = mg.Tensor(arrays["x"]), mg.Tensor(arrays["r"])
        ours, base = (lambda: layer_step(layer, x, r)), (lambda: numpy_lstm_step(**arrays))
        ms = medians_ms({"base": base, "ours": ours}, max(3, repeats * 50 // steps), 1)
        memory[steps] = peak_mib(base) / steps, peak_mib(ours) / steps
        print(f"  {steps:>6} {ms['base'] / steps:>14.3f} {ms['ours'] / steps:>17.3f} "
              f"{ms['ours'] / ms['base']:>6.2f} {memory[steps][0]:>15.3f} "
              f"{memory[steps][1]:>18.3f}")
    worst = max(ours / base for base, ours in memory.values())
    verdicts.append((f"memory per step: at most {worst:.2f}x the hand-written step's for T "
                     f"from 50 to 1000, target <= 2.00x", worst <= 2))
    growth = memory[1000][1] / memory[50][1]
    verdicts.append((f"memory per step at T = 1000: {growth:.2f}x that at T = 50, target: flat "
                     f"(<= 1.10x)", growth <= 1.1))


def gpu(repeats):
    print("\n4. GPU: nn.LSTM step at B=256, H=1024 (T=50), CuPy vs NumPy")
    if not mg.cuda_is_available():
        print("  (no CuPy with a GPU here: skipped)")
        return
    import cupy
    rng = np.random.default_rng(0)
    x_host, r_host = rng.normal(size=(STEPS, 256, INPUTS)), rng.normal(size=(STEPS, 256, 1024))
    contenders = {}
    for device in ("cpu", "cuda"):
        layer = nn.LSTM(INPUTS, 1024).to(device)
        x, r = mg.Tensor(x_host, device=device), mg.Tensor(r_host, device=device)

        def step(layer=layer, x=x, r=r, device=device):
            layer_step(layer, x, r)
            if device == "cuda":
                cupy.cuda.Device().synchronize()
        contenders[device] = step
    ms = medians_ms(contenders, max(3, repeats // 4))
    name = cupy.cuda.runtime.getDeviceProperties(0)["name"].decode()
    row("NumPy (cpu)", ms["cpu"], ms["cpu"])
    row(f"CuPy (cuda, {name})", ms["cuda"], ms["cpu"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats (a smoke test)")
    parser.add_argument("--repeats", type=int, default=21)
    arguments = parser.parse_args()
    repeats = 3 if arguments.quick else arguments.repeats
    print(f"minigrad {mg.__version__}, NumPy {np.__version__}; medians of {repeats} runs; ratios "
          f"are to the hand-written NumPy baseline measured in this run")
    verdicts = []
    engine_overhead(repeats, verdicts)
    layers(repeats, verdicts)
    scaling(repeats, verdicts)
    gpu(repeats)
    print(f"\nTargets (issue 15): {sum(met for _, met in verdicts)} of {len(verdicts)} met")
    for verdict, met in verdicts:
        print(f"  {'met   ' if met else 'MISSED'}  {verdict}")


if __name__ == "__main__":
    main()
