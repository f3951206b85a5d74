"""A worker thread's loop: take jobs from a queue and handle each, until None says stop."""
from __future__ import annotations

import queue
from typing import Any, Callable


def serve(jobs: "queue.Queue[Any]", handle: Callable[[Any], None]) -> None:
    """Handle each job in turn until a None arrives; every job is marked done (for `join`), even one that fails."""
    while True:
        job = jobs.get()
        try:
            if job is None:
                return
            handle(job)
        finally:
            jobs.task_done()
