"""The only data that crosses between the grader and a learner's process, both ways.

A message is a JSON header followed by raw array bytes:

    b"MGW1" | header length (4 bytes) | payload length (8 bytes) | header (JSON) | payload

Reading one can never run code: there is no pickle, arrays are rebuilt from a dtype restricted to
numbers (bool, int, uint, float, complex) and a shape that must match the bytes, and everything else
is JSON. Sizes are checked before anything is allocated, and each buffer is read once, so a message
cannot grow in its reader's memory (a header naming one 16 MB buffer ten thousand times).

Values inside a header are JSON trees: null, booleans, numbers and strings as themselves, and
    {"t": "array", "buffer": i, "dtype": "<f8", "shape": [3, 4]}
    {"t": "tuple" | "list", "items": [...]}      {"t": "dict", "items": [[key, value], ...]}
    {"t": "make", "name": "tanh_rnn_step", "args": {...}}   (grader to learner only; see makers.py)
    {"t": "unsupported", "type": "generator"}               (learner to grader: a value not data)
"""
import json
import struct

import numpy as np

MAGIC = b"MGW1"
PREFIX = struct.Struct("<4sIQ")
MAX_HEADER_BYTES = 4 << 20
MAX_DEPTH = 12
MAX_ITEMS = 10_000
MAX_STRING = 10_000
NUMBER_KINDS = "biufc"


class WireError(ValueError):
    """A message or value that is not in the format (truncated, too large, or forged)."""


class Make:
    """A value the receiving side builds from plain data with a function in makers.MAKERS."""

    def __init__(self, name: str, **args):
        self.name, self.args = name, args

    def __repr__(self):
        return f"Make({self.name!r}, {', '.join(self.args)})"


class Buffers(list):
    """The array bytes of one message, with their total size kept as they are appended."""

    nbytes = 0

    def append(self, data: bytes):
        super().append(data)
        self.nbytes += len(data)


# ----- messages -----------------------------------------------------------------------------------
def pack(header: dict, buffers=()) -> bytes:
    buffers = [bytes(b) for b in buffers]
    text = json.dumps({**header, "sizes": [len(b) for b in buffers]}).encode()
    payload = b"".join(buffers)
    return PREFIX.pack(MAGIC, len(text), len(payload)) + text + payload


def unpack(data: bytes):
    """(header, buffers) from the bytes of exactly one message."""
    if len(data) < PREFIX.size:
        raise WireError(f"a message of {len(data)} bytes is shorter than its prefix")
    header_size, payload_size = _sizes(data[:PREFIX.size], limit=len(data))
    if PREFIX.size + header_size + payload_size != len(data):
        raise WireError("the message's length does not match its prefix")
    return _parse(data[PREFIX.size:PREFIX.size + header_size], data[PREFIX.size + header_size:])


def read_message(stream, limit: int):
    """Read one message from a binary stream; EOFError if the stream ends before it starts."""
    prefix = _read_exactly(stream, PREFIX.size, allow_eof=True)
    header_size, payload_size = _sizes(prefix, limit)
    header = _read_exactly(stream, header_size)
    return _parse(header, _read_exactly(stream, payload_size))


def write_message(stream, header: dict, buffers=()):
    """Write one message whole (an unbuffered pipe may take it in several writes)."""
    data = memoryview(pack(header, buffers))
    while data:
        written = stream.write(data)
        data = data[len(data) if written is None else written:]
    stream.flush()


def _sizes(prefix, limit):
    magic, header_size, payload_size = PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise WireError("not a grading message (wrong magic bytes)")
    if header_size > MAX_HEADER_BYTES or PREFIX.size + header_size + payload_size > limit:
        raise WireError(f"a message of {header_size + payload_size} bytes is over the limit of "
                        f"{limit} bytes")
    return header_size, payload_size


def _read_exactly(stream, size, allow_eof=False):
    parts, missing = [], size
    while missing:
        part = stream.read(missing)
        if not part:
            if allow_eof and missing == size:
                raise EOFError("the stream ended")
            raise WireError(f"the stream ended {missing} bytes before the end of a message")
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def _parse(header_bytes, payload):
    try:
        header = json.loads(header_bytes.decode())
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise WireError(f"the header is not JSON: {error}") from None
    if not isinstance(header, dict):
        raise WireError("the header is not a JSON object")
    sizes = header.pop("sizes", None)
    if (not isinstance(sizes, list) or not all(type(s) is int and s >= 0 for s in sizes)
            or sum(sizes) != len(payload)):
        raise WireError("the header's buffer sizes do not match the payload")
    buffers, start = [], 0
    for size in sizes:
        buffers.append(payload[start:start + size])
        start += size
    return header, buffers


# ----- values -------------------------------------------------------------------------------------
def encode(value, buffers: list, convert: bool = False, depth: int = 0, limit: int = None):
    """A JSON tree for `value`, appending array bytes to `buffers`. With convert=True (a learner's
    answer), objects that turn into arrays (a minigrad Tensor, anything with __array__) are
    converted, an array of dtype object is sent as the list it holds, and any other object is
    described instead of sent. Arrays that would take the
    buffers (then a Buffers) past `limit` bytes are described instead of sent."""
    if depth > MAX_DEPTH:
        return {"t": "unsupported", "type": f"nesting deeper than {MAX_DEPTH} levels"}
    if value is None or type(value) is bool:
        return value
    if convert and isinstance(value, np.ndarray) and value.dtype == object:
        # Not numbers but a container of the learner's objects (four gradients, or floats): sent
        # as the nested list it holds, each item for what it is.
        if value.size > MAX_ITEMS:
            return {"t": "unsupported", "type": f"an object array of {value.size} items"}
        return encode(value.tolist(), buffers, convert, depth + 1, limit)
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        return _encode_array(np.asarray(value), buffers, limit)
    if type(value) is int:
        return value if abs(value) < 2 ** 63 else {"t": "unsupported", "type": "a huge int"}
    if type(value) is float:
        return value            # JSON as Python writes it keeps nan and inf
    if type(value) is str:
        return value[:MAX_STRING]
    if isinstance(value, Make) and not convert:
        return {"t": "make", "name": value.name,
                "args": {k: encode(v, buffers, convert, depth + 1, limit)
                         for k, v in value.args.items()}}
    if isinstance(value, (tuple, list)):
        items = list(value)
        if len(items) > MAX_ITEMS:
            return {"t": "unsupported", "type": f"a {type(value).__name__} of {len(items)} items"}
        return {"t": "tuple" if isinstance(value, tuple) else "list",
                "items": [encode(v, buffers, convert, depth + 1, limit) for v in items]}
    if isinstance(value, dict) and len(value) <= MAX_ITEMS:
        return {"t": "dict", "items": [[encode(k, buffers, convert, depth + 1, limit),
                                        encode(v, buffers, convert, depth + 1, limit)]
                                       for k, v in value.items()]}
    if convert:
        converted = _as_array(value)
        if converted is not None:
            return _encode_array(converted, buffers, limit)
    return {"t": "unsupported", "type": _type_name(value)}


def _as_array(value):
    """An array from an array-like object (a Tensor's .numpy(), or __array__), else None."""
    numpy_method = getattr(type(value), "numpy", None)
    if callable(numpy_method):
        candidate = numpy_method(value)
        if isinstance(candidate, np.ndarray):
            return candidate
    if hasattr(type(value), "__array__"):
        return np.asarray(value)
    return None


def _encode_array(array, buffers, limit=None):
    if array.dtype.kind not in NUMBER_KINDS or array.dtype.fields is not None:
        return {"t": "unsupported", "type": f"an array of dtype {array.dtype}"}
    if limit is not None and buffers.nbytes + array.nbytes > limit:
        return {"t": "unsupported", "type": f"an array of shape {array.shape} ({array.nbytes} "
                                            f"bytes), more than an answer may hold ({limit} bytes)"}
    buffers.append(array.tobytes(order="C"))
    return {"t": "array", "buffer": len(buffers) - 1, "dtype": array.dtype.str,
            "shape": list(array.shape)}


def _type_name(value):
    name = type(value).__name__
    return f"a {name}" if isinstance(name, str) else "an object"


def decode(tree, buffers, makers=None, depth: int = 0):
    """The value of a JSON tree; `makers` (name -> function) only where Make values are expected.
    Each buffer an array names is taken out of `buffers` (a second array naming it is an error).
    Raises WireError on anything outside the format."""
    if depth > MAX_DEPTH + 1:
        raise WireError("a value nested too deeply")
    if tree is None or type(tree) in (bool, int, float):
        return tree
    if type(tree) is str:
        if len(tree) > MAX_STRING:
            raise WireError("a string over the size limit")
        return tree
    if type(tree) is not dict:
        raise WireError(f"a value of JSON type {type(tree).__name__} is not in the format")
    kind = tree.get("t")
    if kind == "array":
        return _decode_array(tree, buffers)
    if kind in ("tuple", "list", "dict"):
        items = tree.get("items")
        if type(items) is not list or len(items) > MAX_ITEMS:
            raise WireError(f"a {kind} without a list of items")
        if kind == "dict":
            if not all(type(pair) is list and len(pair) == 2 for pair in items):
                raise WireError("a dict whose items are not pairs")
            decoded = [(decode(k, buffers, makers, depth + 1), decode(v, buffers, makers, depth + 1))
                       for k, v in items]
            if not all(type(k) in (str, int, float, bool) or k is None for k, _ in decoded):
                raise WireError("a dict with keys that are not plain values")
            return dict(decoded)
        values = [decode(item, buffers, makers, depth + 1) for item in items]
        return tuple(values) if kind == "tuple" else values
    if kind == "unsupported":
        return Unsupported(str(tree.get("type"))[:200])
    if kind == "make" and makers is not None:
        name, args = tree.get("name"), tree.get("args")
        if name not in makers or type(args) is not dict:
            raise WireError(f"no maker named {name!r}")
        return makers[name](**{str(k): decode(v, buffers, makers, depth + 1) for k, v in args.items()})
    raise WireError(f"a value of kind {str(kind)[:40]!r} is not in the format")


class Unsupported:
    """Stands for a value the learner's function returned that is not data (a generator, a str in
    place of an array...); `type` says what it was."""

    def __init__(self, type_name: str):
        self.type = type_name

    def __repr__(self):
        return f"<{self.type}>"


def _decode_array(tree, buffers):
    index, dtype_text, shape = tree.get("buffer"), tree.get("dtype"), tree.get("shape")
    if type(index) is not int or not 0 <= index < len(buffers) or buffers[index] is None:
        raise WireError("an array that names no buffer, or one that another array already took")
    if type(dtype_text) is not str or len(dtype_text) > 8:
        raise WireError("an array without a dtype")
    try:
        dtype = np.dtype(dtype_text)
    except (TypeError, ValueError, SyntaxError):   # numpy parses "f8,(2)i4"-like text itself
        raise WireError(f"an array with an unknown dtype {dtype_text!r}") from None
    if dtype.kind not in NUMBER_KINDS or dtype.fields is not None or dtype.shape != ():
        raise WireError(f"an array of dtype {dtype}, which is not numbers")
    if (type(shape) is not list or len(shape) > 32
            or not all(type(n) is int and n >= 0 for n in shape)):
        raise WireError("an array without a valid shape")
    size = 1
    for n in shape:
        size *= n
    if size * dtype.itemsize != len(buffers[index]):
        raise WireError(f"an array of shape {tuple(shape)} and dtype {dtype} does not match its "
                        f"{len(buffers[index])} bytes")
    data, buffers[index] = buffers[index], None
    try:
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()
    except ValueError as error:   # a shape numpy cannot make, such as (0, 10**30)
        raise WireError(f"an array of shape {tuple(shape)}: {error}") from None
