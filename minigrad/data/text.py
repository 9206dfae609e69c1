"""Character-level text: a vocabulary, a default corpus that needs no download, and batching into
(T, B) windows for truncated backpropagation through time."""
import sysconfig
from pathlib import Path

import numpy as np


class Vocabulary:
    """The characters of a text, each given an integer id (sorted, so the ids are reproducible)."""

    def __init__(self, text):
        if not text:
            raise ValueError("Vocabulary: the text is empty; there are no characters to learn.")
        self.characters = sorted(set(text))
        self.index = {c: i for i, c in enumerate(self.characters)}

    def __len__(self):
        return len(self.characters)

    def encode(self, text):
        """The ids of the characters of `text`, as an int64 array."""
        unknown = sorted(set(text) - set(self.index))
        if unknown:
            raise KeyError(f"Vocabulary.encode: characters {unknown[:10]} are not in the "
                           f"vocabulary; build it from a text that contains them.")
        return np.array([self.index[c] for c in text], dtype=np.int64)

    def decode(self, ids):
        """The text spelled by a sequence of ids."""
        return "".join(self.characters[int(i)] for i in ids)


STANDARD_LIBRARY_MODULES = ("textwrap.py", "string.py", "fnmatch.py", "bisect.py", "heapq.py",
                            "colorsys.py", "keyword.py", "glob.py", "shlex.py", "queue.py")


def standard_library_text(max_characters=200_000):
    """Python source code from the running interpreter's own standard library: a corpus that is
    always there, needs no download and carries Python's licence. Its exact content depends on
    the Python version."""
    folder = Path(sysconfig.get_paths()["stdlib"])
    pieces = [(folder / name).read_text(encoding="utf-8") for name in STANDARD_LIBRARY_MODULES
              if (folder / name).exists()]
    if not pieces:
        raise FileNotFoundError(f"standard_library_text: no source files found in {folder}; "
                                f"pass your own text file to read_text() instead.")
    return "\n".join(pieces)[:max_characters]


def read_text(path, max_characters=None):
    """The contents of a UTF-8 text file, for training on any text you like."""
    text = Path(path).read_text(encoding="utf-8")
    return text if max_characters is None else text[:max_characters]


def batchify(ids, batch_size):
    """Cut a long sequence of ids into `batch_size` parallel streams: shape (T_total, B), each
    column a contiguous stretch of the text (the tail that does not fit is dropped)."""
    length = len(ids) // batch_size
    if length < 2:
        raise ValueError(f"batchify: {len(ids)} ids are too few for {batch_size} streams.")
    return np.asarray(ids[:length * batch_size]).reshape(batch_size, length).T


def bptt_windows(streams, window):
    """(inputs, targets) pairs of shape (T, B) walking down the streams, the targets shifted one
    step ahead. Carrying the hidden state from one window to the next (detached) is truncated
    backpropagation through time."""
    for start in range(0, len(streams) - 1, window):
        stop = min(start + window, len(streams) - 1)
        yield streams[start:stop], streams[start + 1:stop + 1]
