"""How backward adds up dL/d(node) over every path from the loss, without needless copies.

Chapter 2's `Scalar` writes `parent.grad += g`. On arrays that line hides three costs, which the
helpers here avoid:

- A closure may hand back the very array it received (add passes g on to both operands, reshape
  passes a view of it), so the first gradient to reach a node may be shared with other nodes, and
  adding into it in place would change theirs too. Copying every arriving gradient to be safe
  would copy every array of the backward pass. `GradientSums` keeps the first arrival as it came,
  makes one new array at the second, and adds in place from the third on, into an array that is
  now its own.
- Indexing (x[t], z[:, :H]) sends back a gradient that is zero except at the indexed places.
  Written as a full array of zeros, slicing a sequence into T steps would cost T full-size arrays
  in backward, O(T^2) work; as an `IndexedGrad`, each step's piece is added into one buffer.
- A weight used at every time step receives T products: W_h of an LSTM step gets dz_t^T h_{t-1},
  each a small matmul followed by an addition. The fused recurrent steps send them as `Products`,
  which wait and are multiplied out a few hundred rows at a time, in one matmul each, which BLAS
  does faster than the small ones (the stacked factors cost one copy each).
"""
from .errors import ShapeError


class IndexedGrad:
    """A gradient that is zero everywhere except at `index`, where it is `values`: what indexing
    sends back. `shape` is the whole gradient's shape (the indexed tensor's)."""

    __slots__ = ("index", "values", "shape", "repeatable")

    def __init__(self, index, values, shape, repeatable):
        self.index, self.values, self.shape, self.repeatable = index, values, shape, repeatable

    def add_into(self, buffer, backend):
        if self.repeatable:  # an integer array may pick one place twice: both picks must count
            backend.scatter_add(buffer, self.index, self.values)
        else:
            buffer[self.index] += self.values


class Products:
    """A gradient Σ_k first_k^T second_k, kept as its factors for a while: a fused recurrent step
    sends its W_h dz^T h_{t-1}, and a weight used at T time steps receives T of them. Once `ROWS`
    rows of factors are waiting (or the gradient is read), they are multiplied out in one matmul,
    by stacking the firsts' rows and the seconds' rows, and added to the total. (A bound, so that
    the waiting factors never hold more than a few steps' arrays.)"""

    ROWS = 256
    __slots__ = ("firsts", "seconds", "rows", "total", "shape", "xp")

    def __init__(self, first, second, xp):
        self.firsts, self.seconds, self.rows, self.total = [first], [second], len(first), None
        self.shape, self.xp = (first.shape[1], second.shape[1]), xp

    def extend(self, other):
        self.firsts += other.firsts
        self.seconds += other.seconds
        self.rows += other.rows
        if self.rows >= self.ROWS:
            self._multiply_out()

    def include(self, array):
        """Add `array`, which no one else refers to, to the total."""
        if self.total is None:
            self.total = array
        else:
            self.total += array

    def value(self):
        if self.firsts:
            self._multiply_out()
        return self.total

    def _multiply_out(self):
        if len(self.firsts) == 1:
            product = self.firsts[0].T @ self.seconds[0]
        else:
            product = self.xp.concatenate(self.firsts).T @ self.xp.concatenate(self.seconds)
        self.include(product)
        self.firsts, self.seconds, self.rows = [], [], 0


class GradientSums:
    """dL/d(node) for the nodes a backward pass has reached so far, each the sum of what every
    path from the loss has delivered. Keyed by the node itself (tensors hash by identity, so a
    lookup costs no id() call). `ours` holds the nodes whose sum is an array made here, which no
    closure has seen: only those are added to in place."""

    __slots__ = ("sums", "ours")

    def __init__(self, root, grad):
        self.sums, self.ours = {root: grad}, set()

    def pop(self, node):
        """The finished dL/d(node), or None if no path from the loss reaches it."""
        g = self.sums.pop(node, None)
        if type(g) is Products:
            self.ours.add(node)
            return g.value()
        return g

    def is_ours(self, node):
        """True if node's gradient is an array made here, which nothing else refers to."""
        return node in self.ours

    def disown(self, node):
        """node's gradient was replaced by a hook, which may keep a reference to it."""
        self.ours.discard(node)

    def add(self, tensor, grad, sent_by):
        """Add what `sent_by`'s backward sent to its input `tensor` into dL/d(tensor)."""
        if grad.shape != tensor.data.shape:
            raise ShapeError(
                f"backward of {sent_by._op}: produced a gradient of shape {grad.shape} for an "
                f"input of shape {tensor.data.shape}. A gradient always has its input's shape: "
                f"if the input was broadcast, sum the gradient over the broadcast axes.")
        sums = self.sums
        total = sums.get(tensor)
        if type(total) is Products and type(grad) is not Products:
            total = sums[tensor] = total.value()  # an array made here: ours
            self.ours.add(tensor)
        if type(grad) is Products:
            if type(total) is Products:  # multiplied out with the others, in a batch
                total.extend(grad)
                return
            if total is not None:
                grad.include(total if tensor in self.ours else total.copy())
            sums[tensor] = grad
        elif type(grad) is IndexedGrad:
            if total is None:
                total = sums[tensor] = tensor.xp.zeros(tensor.shape, dtype=grad.values.dtype)
            elif tensor not in self.ours:
                total = sums[tensor] = total.copy()
            self.ours.add(tensor)
            grad.add_into(total, tensor._backend)
        elif total is None:  # the first path: kept as it came, so possibly shared
            sums[tensor] = grad
        elif tensor in self.ours:
            sums[tensor] += grad  # stored back: NumPy's 0-d results are scalars, not arrays
        else:  # the second path: a new array, ours from now on
            sums[tensor] = total + grad
            self.ours.add(tensor)
