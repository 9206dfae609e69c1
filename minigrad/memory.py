"""Keeping freed memory for reuse between training steps.

A training step allocates and frees the same tens of megabytes every time. By default, glibc's
malloc hands large blocks straight back to the operating system, so the next step page-faults
them in again: on the course's machines that doubled the time of an LSTM step (see
benchmarks/). On import, minigrad asks malloc to keep freed blocks for reuse, as a caching
allocator would. It changes nothing on systems without glibc; set the environment variable
MINIGRAD_KEEP_FREED_MEMORY=0 to leave malloc as it is.
"""
import ctypes
import os
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
LARGEST_MMAP_THRESHOLD = 32 * 2 ** 20  # glibc's upper limit on 64-bit systems


def keep_freed_memory(limit=256 * 2 ** 20):
    """Let malloc serve blocks up to 32 MiB from its heap and keep up to `limit` bytes of freed
    memory for reuse instead of returning it to the system. Returns True if malloc accepted."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (musl, for example): nothing to tune
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, LARGEST_MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, limit))


if os.environ.get("MINIGRAD_KEEP_FREED_MEMORY", "1") != "0":
    keep_freed_memory()
