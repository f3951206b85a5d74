"""Failures the player plays on through (a sound that will not play, a scene that will not draw): each is logged
with its traceback, and with `main.py play --debug` raised instead, so an author sees it at once."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

log = logging.getLogger("game.player")
_raise = False


def raise_failures(on: bool) -> None:
    """--debug: a guarded failure stops the game with its traceback instead of being logged."""
    global _raise
    _raise = on


def failed(what: str) -> None:
    """Inside an `except`: log the failure with its traceback (or, with --debug, raise it again)."""
    if _raise:
        raise
    log.exception("%s failed; the game goes on without it", what)


@contextmanager
def guarded(what: str) -> Iterator[None]:
    """Run the block; if it fails, say so in the log and go on (see `failed`)."""
    try:
        yield
    except Exception:
        failed(what)
