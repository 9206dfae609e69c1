"""The Tensor: an array, plus the record of how it was computed, so gradients can flow back.

Every op in `minigrad.ops` returns `Tensor._make(data, parents, backward, op)`: the result's
numbers, the tensors it was computed from, and a closure `backward(g) -> (g_parent, ...)` that turns
the gradient of the loss with respect to the result, g = dL/d(out), into dL/d(parent) for each
parent (None where a parent needs no gradient). `Tensor.backward` visits the recorded graph in
reverse topological order and applies those closures: reverse-mode automatic differentiation,
chapter 2's `Scalar` on whole arrays.

Where minigrad differs from chapter 2's `Scalar`, and why (each one is named where it lives):
- Topological order by creation number (`_topological_order`), not by a depth-first post-order:
  an op's inputs always exist before its output, so sorting what is reachable newest first is
  already a topological order, and sorting numbers is faster than the post-order walk.
- Gradients are summed in `GradientSums` rather than in each node's .grad: only leaves (and
  tensors that `retain_grad()`) keep one, and arrays are added in place only where that is safe
  (see minigrad/gradient_sums.py). Some ops send back a gradient in a cheaper form: indexing an
  `IndexedGrad` (the values at the indexed places), the fused recurrent steps `Products` (the
  factors of dz^T h, so that a weight used at every step gets a few large matmuls, not T small).
- An op may have several outputs (`_make_outputs`: a fused LSTM step gives h and c): backward
  calls its closure once, with the gradients of all of them.
- Backward frees each node's closure after using it, so the graph's arrays go as it goes; it
  pauses Python's cycle collector meanwhile (`_cycle_collector_paused`), and refuses a graph
  whose numbers were changed in place after use (`_check_unchanged`).
"""
import contextlib
import functools
import gc
import itertools
import weakref

import numpy as np

from .backend import CPU, backend_of, default_backend, get_backend
from .errors import DeviceError, DtypeError, ShapeError, describe
from .gradient_sums import GradientSums

DEFAULT_DTYPE = "float32"

_grad_enabled = True
_created = itertools.count()  # the engine's clock: numbers tensors and in-place changes in order
_last_change = 0  # the clock at the latest in-place change of any tensor (see _check_unchanged)


class no_grad:
    """Context manager (and decorator) inside which no graph is recorded: for evaluation, for
    optimizer updates, and for anything that must not be differentiated."""

    def __enter__(self):
        global _grad_enabled
        self._previous, _grad_enabled = _grad_enabled, False

    def __exit__(self, *exc):
        global _grad_enabled
        _grad_enabled = self._previous

    def __call__(self, function):
        @functools.wraps(function)
        def without_grad(*args, **kwargs):
            with no_grad():
                return function(*args, **kwargs)
        return without_grad


def is_grad_enabled():
    """False inside `no_grad()`."""
    return _grad_enabled


@contextlib.contextmanager
def _cycle_collector_paused():
    """Python's cycle collector off for the duration of a backward pass. Backward allocates and
    frees many small objects, which sets the collector off again and again to rescan the whole
    graph; it has nothing to find there, because the graph holds no reference cycles (a closure
    refers only to its op's inputs) and reference counting frees each part as soon as backward
    is done with it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _GraphFreed(RuntimeError):
    """Raised by a node whose graph an earlier backward() freed; backward explains it."""


def _graph_freed(grad):
    raise _GraphFreed


def _freed_graph_message(node, is_root):
    if is_root:
        return ("backward: this result was already backpropagated once, and its graph freed to "
                "save memory. Recompute the forward pass, or call backward(retain_graph=True) the "
                "first time if you really need to go backward twice.")
    return (f"backward: the graph reaches {describe(node)} made by {node._op}, whose part of the "
            f"graph an earlier backward() already used and freed. A result of an earlier step "
            f"was carried into this one without .detach(): in truncated BPTT, detach the hidden "
            f"state after each step (state = minigrad.nn.detach_state(state), or h = h.detach()) "
            f"so that gradients stop at the window's start. (If two losses share a part of the "
            f"graph, add them and call backward once: (loss_1 + loss_2).backward().)")


def _any_requires_grad(parents):
    for parent in parents:
        if parent.requires_grad:
            return True
    return False


class SharedBackward:
    """The backward closure of an op with several outputs, which each of them records. Called
    with the gradients of all outputs, in order; `outputs` refers to them weakly, so that the
    graph, like the graph of one-output ops, holds no reference cycle."""

    __slots__ = ("function", "outputs")

    def __init__(self, function, outputs):
        self.function = function
        self.outputs = tuple(weakref.ref(output) for output in outputs)

    def __call__(self, grads):
        return self.function(*grads)

    def outputs_alive(self):
        """The outputs, in order; None for one that no longer exists (so nothing read it)."""
        return [ref() for ref in self.outputs]


def _check_unchanged(order):
    """Refuse a backward through an op whose input or output was changed in place after the op
    ran: its backward would read the new numbers and give a wrong gradient without a word (as
    PyTorch does, minigrad raises). Nothing needs a look unless some tensor changed after the
    oldest op of this graph ran, so a training loop (forward, backward, step) pays one
    comparison per backward."""
    for node in reversed(order):  # oldest first: leaves such as parameters, then the first op
        if node._backward is not None:
            if node._number > _last_change:
                return
            break
    for node in order:
        if node._backward is not None and node._number < _last_change:
            for tensor in (node, *node._parents):
                if tensor._changed_at > node._number:
                    raise RuntimeError(_changed_in_place_message(tensor, node))


def _changed_in_place_message(tensor, user):
    what = "a leaf (a parameter or an input)" if tensor.is_leaf else f"made by {tensor._op}"
    return (f"backward: {describe(tensor)}, {what}, was changed in place after {user._op} used it "
            f"in the forward pass (by optimizer.step(), load_state_dict, Module.to, or an in-place "
            f"operator such as += or x[i] = v), so backward would compute the gradient at the new "
            f"numbers. Call optimizer.step() only after loss.backward() (zero_grad, forward, "
            f"backward, step), and run the forward pass again after changing the numbers; when a "
            f"state is carried between steps (truncated BPTT), detach it: "
            f"state = minigrad.nn.detach_state(state).")


def _as_array(data, backend, dtype, copy=True):
    """Convert lists, scalars and arrays of any backend into an array of `backend`."""
    source = backend_of(data)
    if source is None:
        array = backend.from_numpy(_host_array(data))
    elif source is backend:
        array = data
    else:
        array = backend.from_numpy(source.to_numpy(data))
    if array.dtype.kind not in "biuf":
        raise DtypeError(f"Tensor: expects numbers, (nested) lists of numbers or an array, got "
                         f"{_not_numbers(data, array)}")
    if dtype is None:
        keeps_own_dtype = source is not None and array.dtype.kind in "iub"
        dtype = array.dtype if keeps_own_dtype else DEFAULT_DTYPE
    if not copy and array.dtype == dtype:
        return array
    return array.astype(dtype, copy=copy)


def _host_array(data):
    """Numbers, (nested) lists of numbers, or a NumPy array, as a NumPy array (_as_array then
    refuses what is not real numbers: None, text, complex numbers); ragged lists are refused."""
    if isinstance(data, (list, tuple)) and data and isinstance(data[0], Tensor) and any(
            isinstance(item, Tensor) and item.requires_grad for item in data):
        raise RuntimeError("Tensor: the list holds tensors that require grad; copying their "
                           "numbers into a new tensor would cut them from the graph. Use "
                           "minigrad.stack([...]) to keep the gradient flowing, or .detach() them "
                           "first if cutting it is what you mean.")
    try:
        array = np.asarray(data)
    except ValueError:
        raise ShapeError("Tensor: the nested lists have different lengths, so they do not form a "
                         "rectangular array; give every row the same length (pad the short ones) "
                         "or make one tensor per row.") from None
    return array


def _not_numbers(data, array):
    """What came instead of numbers, and what to do about it."""
    if data is None:
        return ("None. There are no numbers to store: make them first, for example "
                "minigrad.zeros(3).")
    if array.dtype.kind in "US":
        return (f"text ({data!r:.40}). Convert it to numbers first, for example float('1.5'), or "
                f"np.array(strings, dtype=float).")
    if array.dtype.kind == "c":
        return ("complex numbers, which minigrad does not support. Keep the real part (z.real) or "
                "the magnitude (abs(z)).")
    return (f"{type(data).__name__} holding {array.dtype} items (for example None, or objects). "
            f"Give only numbers.")


def _checked_dtype(dtype):
    """`dtype` as a NumPy dtype of real numbers, or a clear error."""
    try:
        checked = np.dtype(dtype)
    except TypeError:
        raise DtypeError(f"unknown dtype {dtype!r}; use 'float32' (the default), 'float64', "
                         f"'int64' or 'bool'.") from None
    if checked.kind not in "biuf":
        raise DtypeError(f"dtype {checked} is not supported: minigrad holds real numbers; use "
                         f"'float32', 'float64', 'int64' or 'bool'.")
    return checked


class ElementCount(int):
    """x.size: how many numbers x holds, as in NumPy. Learners coming from PyTorch call it,
    x.size() or x.size(dim), and get the shape or one size of it, as PyTorch gives them."""

    def __new__(cls, count, shape):
        count = super().__new__(cls, count)
        count.shape = shape
        return count

    def __call__(self, dim=None):
        return self.shape if dim is None else self.shape[dim]


class Tensor:
    """An n-dimensional array that remembers how it was computed.

    Tensor(data, requires_grad=False, dtype=None, device=None)
      data: a number, a (nested) list, or an array (NumPy or CuPy); it is copied.
      dtype: float32 unless given; integer and bool arrays keep their dtype (class indices, masks).
      device: "cpu" (NumPy) or "cuda" (CuPy). By default, device arrays stay where they are and
        host data goes to the default device ("cpu" unless set_default_device says otherwise).
    After `loss.backward()`, `.grad` holds dL/d(tensor) as a plain array of the same shape.
    Comparisons (==, <, ...) give boolean tensors; a one-element tensor also works as a Python
    number: float(x), int(x), bool(x), f"{x:.4f}".
    """

    __slots__ = ("data", "grad", "requires_grad", "_backend", "_parents", "_backward", "_op",
                 "_retains_grad", "_hooks", "_number", "_changed_at", "__weakref__")
    # Make `ndarray * tensor` call Tensor.__rmul__ instead of NumPy looping over the tensor.
    __array_ufunc__ = None
    # == compares elementwise, so hashing stays by identity: tensors are keys in dicts and sets.
    __hash__ = object.__hash__

    def __init__(self, data, requires_grad=False, dtype=None, device=None):
        if isinstance(data, Tensor):
            data = data.data
        if dtype is not None:
            dtype = _checked_dtype(dtype)
        if device is not None:
            backend = get_backend(device)
        else:
            source = backend_of(data)
            backend = source if source not in (None, CPU) else default_backend()
        self._start(_as_array(data, backend, dtype), backend, "leaf")
        if requires_grad:
            self.requires_grad_()

    def _start(self, data, backend, op, parents=(), backward=None):
        """Set every field. `parents` and `backward` are the record of the op that made the tensor
        (none for a leaf); a tensor keeps them only if a gradient can flow through it."""
        self.data, self._backend, self._op = data, backend, op
        self._number = next(_created)
        self._changed_at = 0
        self.grad = self._hooks = None
        self._retains_grad = False
        if _grad_enabled and _any_requires_grad(parents):
            self._parents, self._backward, self.requires_grad = parents, backward, True
        else:
            self._parents, self._backward, self.requires_grad = (), None, False

    @classmethod
    def _make(cls, data, parents, backward, op, backend=None):
        """The result of an op: records parents and backward only if a gradient can flow.
        It lives on its parents' backend unless `backend` says otherwise (only `to` does)."""
        out = cls.__new__(cls)
        backend = backend or parents[0]._backend
        # NumPy returns a scalar, not an array, from a full reduction; keep tensors array-backed.
        if not isinstance(data, backend.array_type):
            data = backend.xp.asarray(data)
        out._start(data, backend, op, parents, backward)
        return out

    @classmethod
    def _make_outputs(cls, outputs, parents, backward, op):
        """The results of an op with several outputs (a fused LSTM step gives h and c): one
        tensor per array in `outputs`, all recording the same parents and a `SharedBackward`.
        `backward` takes one gradient per output (None for an output no gradient reached) and
        returns one per parent; backward() calls it once, with all of them."""
        results = tuple(cls._make(data, parents, None, op) for data in outputs)
        if results[0].requires_grad:
            shared = SharedBackward(backward, results)
            for result in results:
                result._backward = shared
        return results

    @classmethod
    def _constant(cls, data, backend, op="constant"):
        """Wrap an array of `backend` without copying; it needs no gradient."""
        out = cls.__new__(cls)
        out._start(data, backend, op)
        return out

    def _lift(self, value):
        """A Python number, list or host array as a constant tensor on this tensor's device (host
        data is copied over); in this tensor's dtype when it is floating point, so that `x * 2`
        stays float32. Arrays already on another device are refused, never moved silently."""
        if isinstance(value, Tensor):
            return value
        source = backend_of(value)
        if source not in (None, CPU, self._backend):
            raise DeviceError(f"an array on {source.device} cannot be combined with {describe(self)}; "
                              f"move one of them first, for example Tensor(array, "
                              f"device={self.device!r}).")
        if self.dtype.kind == "f":
            dtype = self.dtype
        elif isinstance(value, float):  # 2 ** 0.5 is a float32 tensor, as Tensor(0.5) would be
            dtype = DEFAULT_DTYPE
        else:  # integers stay integers: np.asarray keeps Python ints as int64
            dtype, value = None, _host_array(value) if source is None else value
        return Tensor._constant(_as_array(value, self._backend, dtype, copy=False), self._backend)

    # ----- what a tensor is ---------------------------------------------------------------
    @property
    def shape(self):
        return self.data.shape

    @property
    def ndim(self):
        return self.data.ndim

    @property
    def size(self):
        """The number of elements, as NumPy's .size (a number; x.size() and x.size(0), PyTorch's
        calls, give the shape and one size of it)."""
        return ElementCount(self.data.size, self.shape)

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def device(self):
        return self._backend.device

    @property
    def xp(self):
        """The array module (numpy or cupy) that holds this tensor's data."""
        return self._backend.xp

    @property
    def is_leaf(self):
        """True for tensors made by the user (parameters, inputs) rather than by an op."""
        return self._backward is None

    def __len__(self):
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor: it holds a single number and has no axis to "
                            "count along; read it with .item().")
        return len(self.data)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __repr__(self):
        body = np.array2string(self.numpy(), precision=4, separator=", ", prefix="tensor(")
        extras = "" if self.dtype == DEFAULT_DTYPE else f", dtype={self.dtype}"
        extras += "" if self.device == "cpu" else f", device={self.device!r}"
        if self.requires_grad:
            extras += ", requires_grad=True" if self.is_leaf else f", grad_fn={self._op}"
        return f"tensor({body}{extras})"

    def __array__(self, dtype=None, copy=None):
        if self.device != "cpu":
            raise TypeError(f"cannot turn {describe(self)} into a NumPy array implicitly; "
                            "call .numpy() to copy it to the host.")
        return self.data if dtype is None else self.data.astype(dtype)

    def numpy(self):
        """A NumPy copy of the data, on the host, detached from the graph."""
        return self._backend.to_numpy(self.data)

    def item(self):
        """The value of a one-element tensor as a Python number."""
        return self._only_number("item")

    def _only_number(self, asked_by):
        if self.data.size != 1:
            raise ShapeError(f"{asked_by}: needs a tensor with exactly one element, got shape "
                             f"{self.shape}; reduce it first (for example .sum() or .mean()) or "
                             f"index one element (x[0]).")
        return self.data.reshape(()).item()

    def tolist(self):
        """The numbers as (nested) Python lists, on the host."""
        return self.numpy().tolist()

    def numel(self):
        """How many numbers the tensor holds (PyTorch's name for .size)."""
        return self.data.size

    # ----- a one-element tensor used as a Python number, as in PyTorch -------------------
    def __float__(self):
        return float(self._only_number("float()"))

    def __int__(self):
        return int(self._only_number("int()"))

    def __index__(self):
        if self.dtype.kind not in "iub":
            raise TypeError(f"only integer tensors can be used as an index, and this is "
                            f"{describe(self)}; convert it with int(x) or x.long().")
        return int(self._only_number("index"))

    def __bool__(self):
        if self.data.size != 1:
            raise ShapeError(f"bool: the truth value of a tensor with {self.data.size} elements is "
                             f"ambiguous (`if x:`, `and`, `or`, `assert x` need one). Reduce it "
                             f"first: (x > 0).any() or (x > 0).all().")
        return bool(self.data.reshape(()).item())

    def __format__(self, spec):
        """f"{loss:.4f}" formats the number of a one-element tensor; f"{x}" prints any tensor."""
        if not spec:
            return str(self)
        return format(self._only_number(f"format ':{spec}'"), spec)

    def detach(self):
        """The same numbers, cut off from the graph: no gradient flows through the result."""
        return Tensor._constant(self.data, self._backend, "detach")

    def requires_grad_(self, requires_grad=True):
        """Mark this leaf tensor as one whose gradient backward() should compute."""
        if requires_grad and self.dtype.kind != "f":
            raise DtypeError(f"requires_grad: only floating-point tensors have gradients, and this is "
                             f"{describe(self)}. Create it as floats, for example "
                             f"Tensor(data, dtype='float32', requires_grad=True).")
        if not self.is_leaf:
            raise RuntimeError("requires_grad_: only leaf tensors (made by you, not by an op) can be "
                               "switched; use .detach() first to make a new leaf.")
        self.requires_grad = requires_grad
        return self

    # ----- gradients ----------------------------------------------------------------------
    def zero_grad(self):
        """Forget the accumulated gradient (set .grad to None)."""
        self.grad = None

    def retain_grad(self):
        """Keep dL/d(this tensor) in .grad after backward, although it is not a leaf: how the
        course reads the gradient of every hidden state h_t."""
        if not self.requires_grad:
            raise RuntimeError("retain_grad: this tensor does not require grad, so no gradient "
                               "will reach it. Make its inputs require grad first.")
        self._retains_grad = True
        return self

    def register_hook(self, hook):
        """Call hook(grad) when dL/d(this tensor) is known during backward; if the hook returns an
        array, that array is used as the gradient from then on."""
        if not self.requires_grad:
            raise RuntimeError("register_hook: this tensor does not require grad, so a hook "
                               "on it would never run.")
        self._hooks = (self._hooks or []) + [hook]
        return hook

    def backward(self, grad=None, retain_graph=False):
        """Compute dL/d(leaf) for every leaf that requires grad, where L is this tensor.

        grad: dL/d(this tensor); may be left out only when this tensor holds one number (then 1).
        Gradients add up in .grad across calls, as in PyTorch: zero them between steps. Unless
        retain_graph=True, the graph's saved arrays are freed as soon as they have been used.
        """
        grad = self._seed_gradient(grad)
        with _cycle_collector_paused():
            self._backpropagate(grad, retain_graph)

    def _backpropagate(self, grad, retain_graph):
        """Chapter 2's backward: the nodes in topological order, the loss first, so that each
        node's gradient is complete when it is visited; each node's closure turns dL/d(node) into
        dL/d(parent) for each parent, and what reaches a parent by several paths adds up."""
        order = self._topological_order()
        _check_unchanged(order)
        grads = GradientSums(self, grad)
        try:
            for node in order:
                g = grads.pop(node)
                if g is None:  # no path from the loss reaches this node
                    continue
                if node._hooks is not None:
                    g = node._run_hooks(g, grads)
                backward = node._backward
                if backward is None or node._retains_grad:
                    node._store_grad(g, grads)
                    if backward is None:  # a leaf: its gradient is the answer
                        continue
                if type(backward) is SharedBackward:
                    g = node._gradients_of_all_outputs(backward, g, grads, retain_graph)
                for parent, parent_grad in zip(node._parents, backward(g)):
                    if parent_grad is not None and parent.requires_grad:
                        grads.add(parent, parent_grad, node)
                if not retain_graph:  # the closure and the arrays it saved can go now
                    node._parents, node._backward = (), _graph_freed
        except _GraphFreed:
            raise RuntimeError(_freed_graph_message(node, node is self)) from None

    def _topological_order(self):
        """Every node that leads to self, each one before the nodes it was computed from.

        An op's inputs always exist before its output, so creation order is already a
        topological order: collect what is reachable (with an explicit stack, not recursion, so
        a 10,000-step unrolled RNN is fine) and sort it newest first. (Chapter 2's depth-first
        post-order gives another valid order; sorting numbers is faster.) The nodes found are
        kept by creation number, which is also the record of which were seen, and sorting plain
        integers is quicker than sorting tensors by a key.
        """
        reachable, stack = {self._number: self}, [self]
        while stack:
            for parent in stack.pop()._parents:
                if parent.requires_grad and parent._number not in reachable:
                    reachable[parent._number] = parent
                    stack.append(parent)
        return [reachable[number] for number in sorted(reachable, reverse=True)]

    def _run_hooks(self, g, grads):
        """Call each hook with dL/d(self); a hook that returns an array replaces the gradient."""
        for hook in self._hooks:
            replaced = hook(g)
            if replaced is not None:
                g = self._hooked_gradient(hook, g, replaced)
                grads.disown(self)
        return g

    def _hooked_gradient(self, hook, g, replaced):
        """What a hook returned, as the gradient array from now on: of g's shape, on g's device."""
        replaced = replaced.data if isinstance(replaced, Tensor) else replaced
        if getattr(replaced, "shape", None) != g.shape or backend_of(replaced) is not self._backend:
            raise ShapeError(f"register_hook: the hook {getattr(hook, '__name__', hook)} returned "
                             f"{type(replaced).__name__} of shape {getattr(replaced, 'shape', '?')}"
                             f" for the gradient of {describe(self)}; return an array of shape "
                             f"{g.shape} on {self.device} (or None to keep the gradient).")
        return replaced

    def _store_grad(self, g, grads):
        """Add dL/d(self) into .grad: the array itself if backward made it (nothing else refers
        to it), else a copy, so that changing one .grad in place never changes another."""
        if self.grad is None:
            self.grad = g if grads.is_ours(self) else g.copy()
        else:
            self.grad += g

    def _gradients_of_all_outputs(self, shared, g, grads, retain_graph):
        """The gradients of every output of the op that made self (see _make_outputs), in order:
        self's g, the others' taken from `grads` (after their hooks), None where no path from the
        loss reaches an output. They are complete: whatever reads an output was made after all
        of them, so it was visited before the first of them."""
        gradients = []
        for output in shared.outputs_alive():
            if output is self or output is None:  # None: gone, so nothing read it
                gradients.append(g if output is self else None)
                continue
            output_grad = grads.pop(output)
            if output_grad is not None:
                if output._hooks is not None:
                    output_grad = output._run_hooks(output_grad, grads)
                if output._retains_grad:
                    output._store_grad(output_grad, grads)
            gradients.append(output_grad)
            if not retain_graph:
                output._parents, output._backward = (), _graph_freed
        return gradients

    def _seed_gradient(self, grad):
        if not self.requires_grad:
            raise RuntimeError(
                "backward: this tensor does not require grad, so no graph was recorded for it. "
                "Create the inputs you want gradients for with requires_grad=True, and do not "
                "compute the loss inside no_grad().")
        if grad is None:
            if self.data.size != 1:
                raise ShapeError(
                    f"backward: called without a gradient on {describe(self)}. The implicit "
                    f"gradient 1 only makes sense for one number: reduce to a scalar loss first "
                    f"(for example .sum() or .mean()), or pass backward(grad) with shape {self.shape}.")
            return self.xp.ones(self.shape, dtype=self.dtype)
        grad = grad.data if isinstance(grad, Tensor) else grad
        grad = _as_array(grad, self._backend, self.dtype)
        if grad.shape != self.shape:
            raise ShapeError(f"backward: the gradient has shape {grad.shape}, but the tensor has "
                             f"shape {self.shape}; they must be equal.")
        return grad

    def _changed_in_place(self):
        """Record that this tensor's numbers were just changed in place (an optimizer step,
        load_state_dict, Module.to, +=, x[i] = v): a backward through an op that used the old
        numbers is then refused (see _check_unchanged)."""
        global _last_change
        self._changed_at = _last_change = next(_created)

    # ----- operators: each one is defined, forward and backward together, in minigrad.ops --
    def __add__(self, other):
        return ops.add(self, other)

    def __radd__(self, other):
        return ops.add(other, self)

    def __sub__(self, other):
        return ops.sub(self, other)

    def __rsub__(self, other):
        return ops.sub(other, self)

    def __mul__(self, other):
        return ops.mul(self, other)

    def __rmul__(self, other):
        return ops.mul(other, self)

    def __truediv__(self, other):
        return ops.div(self, other)

    def __rtruediv__(self, other):
        return ops.div(other, self)

    def __neg__(self):
        return ops.neg(self)

    def __abs__(self):
        return ops.abs(self)

    def __pow__(self, exponent):
        return ops.pow(self, exponent)

    def __rpow__(self, base):
        return ops.pow(base, self)

    def __matmul__(self, other):
        return ops.matmul(self, other)

    def __rmatmul__(self, other):
        return ops.matmul(other, self)

    def __getitem__(self, index):
        return ops.getitem(self, index)

    # ----- comparisons and logic: boolean tensors, no gradient (minigrad.ops.comparison) ----
    def __eq__(self, other):
        return ops.compare("eq", self, other)

    def __ne__(self, other):
        return ops.compare("ne", self, other)

    def __lt__(self, other):
        return ops.compare("lt", self, other)

    def __le__(self, other):
        return ops.compare("le", self, other)

    def __gt__(self, other):
        return ops.compare("gt", self, other)

    def __ge__(self, other):
        return ops.compare("ge", self, other)

    def __and__(self, other):
        return ops.logical("and", self, other)

    def __rand__(self, other):
        return ops.logical("and", other, self)

    def __or__(self, other):
        return ops.logical("or", self, other)

    def __ror__(self, other):
        return ops.logical("or", other, self)

    def __xor__(self, other):
        return ops.logical("xor", self, other)

    def __rxor__(self, other):
        return ops.logical("xor", other, self)

    def __invert__(self):
        return ops.logical_not(self)

    def any(self, axis=None):
        return ops.any(self, axis)

    def all(self, axis=None):
        return ops.all(self, axis)

    # ----- in-place changes: only where no graph needs the old numbers (minigrad.ops.inplace)
    def __setitem__(self, index, value):
        ops.setitem(self, index, value)

    def __iadd__(self, other):
        return ops.update_in_place("+=", self, other)

    def __isub__(self, other):
        return ops.update_in_place("-=", self, other)

    def __imul__(self, other):
        return ops.update_in_place("*=", self, other)

    def __itruediv__(self, other):
        return ops.update_in_place("/=", self, other)

    # ----- methods; `dim` and `keepdim` are accepted as PyTorch's names for axis, keepdims ---
    def sum(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return ops.sum(self, axis, keepdims, dim=dim, keepdim=keepdim)

    def mean(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return ops.mean(self, axis, keepdims, dim=dim, keepdim=keepdim)

    def max(self, axis=None, keepdims=False, *, dim=None):
        return ops.max(self, axis, keepdims, dim=dim)

    def argmax(self, axis=None, *, dim=None):
        return ops.argmax(self, axis, dim=dim)

    def reshape(self, *shape):
        return ops.reshape(self, *shape)

    def view(self, *shape):
        """PyTorch's name for reshape. (A PyTorch view shares memory with x; minigrad refuses
        in-place changes to results of ops, so sharing or not can never show.)"""
        return ops.reshape(self, *shape)

    def transpose(self, *axes):
        return ops.transpose(self, *axes)

    def permute(self, *dims):
        """PyTorch's name for transpose with every axis given: x.permute(1, 0, 2)."""
        return ops.transpose(self, *dims)

    @property
    def T(self):
        return ops.transpose(self)

    def unsqueeze(self, dim):
        return ops.unsqueeze(self, dim)

    def squeeze(self, dim=None):
        return ops.squeeze(self, dim)

    def flatten(self, start_dim=0, end_dim=-1):
        return ops.flatten(self, start_dim, end_dim)

    def split(self, sections, axis=0, *, dim=None):
        return ops.split(self, sections, axis, dim=dim)

    def exp(self):
        return ops.exp(self)

    def log(self):
        return ops.log(self)

    def tanh(self):
        return ops.tanh(self)

    def sigmoid(self):
        return ops.sigmoid(self)

    def relu(self):
        return ops.relu(self)

    def abs(self):
        return ops.abs(self)

    def softmax(self, axis=-1, *, dim=None):
        return ops.softmax(self, axis, dim=dim)

    def log_softmax(self, axis=-1, *, dim=None):
        return ops.log_softmax(self, axis, dim=dim)

    def clip(self, low=None, high=None):
        return ops.clip(self, low, high)

    def clamp(self, min=None, max=None):
        """PyTorch's name for clip."""
        return ops.clip(self, min, max)

    def to(self, device=None, dtype=None):
        return ops.to(self, device, dtype)

    def float(self):
        return ops.to(self, dtype="float32")

    def double(self):
        return ops.to(self, dtype="float64")

    def long(self):
        """As int64: class indices and index tensors."""
        return ops.to(self, dtype="int64")


from . import ops  # noqa: E402  (ops build Tensors, so they are imported once Tensor exists)
