"""The process's memory allocator, tuned once by the App so that freed full-screen layers go back to the system."""
from __future__ import annotations

import sys


def return_freed_memory_to_the_system() -> None:
    """Make the C allocator hand large freed blocks straight back to the system (glibc only).

    Painting a scene makes and drops several full-screen layers (3.7 MB each), and synthesising
    a sound loop several float buffers. glibc's default raises its mmap threshold the first time
    such a block is freed, after which blocks that size come from the heap and, once freed, stay
    there as gaps: the process would keep the high-water mark of every paint for good. A fixed
    threshold keeps them mapped on their own, so freeing one gives its memory back at once.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        M_MMAP_THRESHOLD = -3
        libc.mallopt(M_MMAP_THRESHOLD, 256 * 1024)
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): nothing to tune
        pass
