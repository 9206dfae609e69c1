"""Settings that affect the whole Python process, turned on by an explicit call, never by import.

The course and the benchmark call `use_course_settings()` once at the top; anything else that
imports minigrad leaves the process as it found it.

- One BLAS thread. NumPy's matrix products use every core by default. At the course's sizes the
  threads mostly wait for each other, and on a small shared machine under load they made chapters
  3 to 14 times slower; with one thread a result is also the same whatever the machine's core
  count, so the chapters print the same numbers everywhere.
- Freed memory kept for reuse. A training step allocates and frees the same tens of megabytes
  every time. By default glibc's malloc hands large blocks straight back to the operating system,
  so the next step page-faults them in again: that doubled an LSTM step's time on the course's
  machines (benchmarks/README.md). Set MINIGRAD_KEEP_FREED_MEMORY=0 to opt out.
"""
import ctypes
import os
import sys

from threadpoolctl import threadpool_info, threadpool_limits

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
LARGEST_MMAP_THRESHOLD = 32 * 2 ** 20  # glibc's upper limit on 64-bit systems


def limit_blas_threads(threads=1):
    """Make NumPy's BLAS (OpenBLAS, MKL, BLIS) use at most `threads` threads from now on."""
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"limit_blas_threads: threads must be a positive integer, got {threads!r}.")
    threadpool_limits(limits=threads, user_api="blas")


def blas_threads():
    """How many threads NumPy's BLAS will use (the largest, if several BLAS libraries are loaded)."""
    return max((pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"),
               default=1)


def keep_freed_memory(limit=256 * 2 ** 20):
    """Let malloc serve blocks up to 32 MiB from its heap and keep up to `limit` bytes of freed
    memory for reuse instead of returning it to the system. Returns True if malloc accepted;
    False where there is no glibc (macOS, Windows, musl), where there is nothing to tune."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, LARGEST_MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, limit))


def use_course_settings():
    """One BLAS thread and, unless MINIGRAD_KEEP_FREED_MEMORY=0, freed memory kept for reuse.
    Returns what was set, as a dict, so a notebook can show it."""
    limit_blas_threads(1)
    keeping = os.environ.get("MINIGRAD_KEEP_FREED_MEMORY", "1") != "0" and keep_freed_memory()
    return {"blas_threads": blas_threads(), "keep_freed_memory": keeping}
