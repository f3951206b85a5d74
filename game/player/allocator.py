"""The process's memory allocator: tuned once by the App so that freed full-screen layers go back to the system, and trimmed after painting."""
from __future__ import annotations

import functools
import sys
from typing import Any


def return_freed_memory_to_the_system() -> None:
    """Make the C allocator hand large freed blocks straight back to the system (glibc only).

    Painting a scene makes and drops several full-screen layers (3.7 MB each), and synthesising
    a sound loop several float buffers. glibc's default raises its mmap threshold the first time
    such a block is freed, after which blocks that size come from the heap and, once freed, stay
    there as gaps: the process would keep the high-water mark of every paint for good. A fixed
    threshold keeps them mapped on their own, so freeing one gives its memory back at once.
    """
    libc = _glibc()
    if libc is not None:
        M_MMAP_THRESHOLD = -3
        libc.mallopt(M_MMAP_THRESHOLD, 256 * 1024)


def give_back_freed_memory() -> None:
    """Hand the pages freed inside the allocator's heaps back to the system (glibc only).

    What a paint frees in smaller blocks (sprites, buffers under the threshold above, on the
    painting thread's own heap) stays in the process as free space between blocks still held;
    trimming returns every whole free page of it, a megabyte or two after a scene is painted.
    """
    trim = getattr(_glibc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


@functools.cache
def _glibc() -> Any:
    """glibc, looked up once; None where there is none (musl has no mallopt: nothing to tune)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") else None
