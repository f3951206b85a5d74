"""Loops synthesised in this process, for tools and tests: the recipes by name and a small cache of the last few."""
from __future__ import annotations

import threading
from typing import Any, Callable

from game.content import AMBIENCES

# The engine does not use this: its worker synthesises, and it keeps only the mixer's copy.
SAMPLE_RATE = 44100


def _needs_numpy(name: str) -> Callable[[int], Any]:
    def synth(sample_rate: int) -> Any:
        raise RuntimeError(f"numpy is needed to synthesise the ambience {name!r}")
    return synth


def synths() -> dict[str, Callable[[int], Any]]:
    """The ambience recipes by name, imported (with numpy) only when first asked for."""
    found = globals().get("AMBIENCE_SYNTHS")
    if found is None:
        try:
            from game.player.sound.ambiences import AMBIENCE_SYNTHS as built
            found = dict(built)
        except ImportError:  # without numpy there is nothing to synthesise with
            found = {name: _needs_numpy(name) for name in AMBIENCES}
        found = globals().setdefault("AMBIENCE_SYNTHS", found)
    return found


# synthesize_ambience's last few loops, for tools and tests that ask for the same one twice.
_cache: dict[tuple[str, int], Any] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 2


def _cached_ambience(name: str, sample_rate: int) -> Any:
    """The named loop, from the small cache when it was asked for lately, else synthesised."""
    recipes = synths()
    if name not in recipes:
        raise ValueError(f"unknown ambience {name!r}; known: {', '.join(recipes)}")
    key = (name, int(sample_rate))
    with _cache_lock:
        found = _cache.pop(key, None)
        if found is not None:
            _cache[key] = found  # most recent last
    if found is None:
        # Synthesised outside the lock: two threads may both build it, which is only wasted time.
        found = recipes[name](int(sample_rate))
        found.setflags(write=False)
        with _cache_lock:
            found = _cache.setdefault(key, found)
            while len(_cache) > _CACHE_SIZE:
                del _cache[next(iter(_cache))]
    return found


def synthesize_ambience(name: str, sample_rate: int = SAMPLE_RATE) -> Any:
    """The named ambience's bed as an int16 (n, 2) numpy seamless loop of 6–10 s, at the given rate (imports numpy)."""
    return _cached_ambience(name, sample_rate).copy()
