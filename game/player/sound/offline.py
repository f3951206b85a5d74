"""Loops synthesised in this process, for tools and tests: the recipes by name and a small cache of the last few."""
from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=2)
def _cached_ambience(name: str, sample_rate: int) -> Any:
    """The named loop, read-only: the last two asked for are kept, for tools and tests that ask twice."""
    recipes = synths()
    if name not in recipes:
        raise ValueError(f"unknown ambience {name!r}; known: {', '.join(recipes)}")
    found = recipes[name](sample_rate)
    found.setflags(write=False)
    return found


def synthesize_ambience(name: str, sample_rate: int = SAMPLE_RATE) -> Any:
    """The named ambience's bed as an int16 (n, 2) numpy seamless loop of 6–10 s, at the given rate (imports numpy)."""
    return _cached_ambience(name, int(sample_rate)).copy()
