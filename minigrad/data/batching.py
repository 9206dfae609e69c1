"""Mini-batches: shuffle examples each epoch and hand them out batch_size at a time."""
import numpy as np

from ..random import generator


class Batches:
    """Iterate over mini-batches of several aligned arrays.

    Batches(inputs, targets, batch_size=32, shuffle=True, seed=None, axis=0): `axis` is the batch
    axis of every array (1 for time-first sequences of shape (T, B, ...)). Each pass (epoch)
    shuffles anew; a seed makes the order reproducible.
    """

    def __init__(self, *arrays, batch_size=32, shuffle=True, seed=None, axis=0, drop_last=False):
        sizes = {np.shape(a)[axis] for a in arrays}
        if len(sizes) != 1:
            raise ValueError(f"Batches: the arrays have different sizes along axis {axis}: "
                             f"{[np.shape(a) for a in arrays]}.")
        self.arrays, self.batch_size, self.shuffle = arrays, batch_size, shuffle
        self.axis, self.drop_last, self.size = axis, drop_last, sizes.pop()
        self.rng = generator() if seed is None else np.random.default_rng(seed)

    def __len__(self):
        full, rest = divmod(self.size, self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def __iter__(self):
        order = self.rng.permutation(self.size) if self.shuffle else np.arange(self.size)
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            chosen = order[start:start + self.batch_size]
            yield tuple(np.take(a, chosen, axis=self.axis) for a in self.arrays)
