"""Measurements that print figures (`main.py bench`): the story tools' in `story.py`, the player's in `player.py`.

This package may import the player and the tools; nothing but `game.cli` imports it.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from game.core.loader import LoadResult

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "story"


class StoryHasErrors(Exception):
    """The story a benchmark was to play does not check clean; the message is the one line to print."""


def checked_story(label: str, story_dir: Path = STORY, *, dummy_drivers: bool = False) -> "LoadResult":
    """The story a player benchmark plays, checked and loaded; raises StoryHasErrors if it has errors.

    With dummy_drivers, SDL's dummy video and audio drivers unless others were chosen, for a
    benchmark that needs no real window.
    """
    if dummy_drivers:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.content import CATALOGUE
    from game.core.checker import check_story

    result = check_story(story_dir, CATALOGUE)
    if not result.ok or result.story is None:
        raise StoryHasErrors(f"{label}: the story at {story_dir} has errors; run main.py check")
    return result


def verdict(ok: bool) -> str:
    """How every benchmark line ends: whether its figure is within its target."""
    return "meets the target" if ok else "MISSES the target"


def run_sections(sections: "list[Callable[[], list[str]]]") -> list[str]:
    """Run each measurement, printing its lines as they come; one that breaks is reported, not fatal."""
    lines: list[str] = []
    for section in sections:
        try:
            produced = section()
        except StoryHasErrors as error:
            produced = [str(error)]
        except Exception as error:  # one broken measurement should not hide the others
            produced = [f"{getattr(section, '__name__', 'a benchmark')}: could not run: {error}"]
        for line in produced:
            print(line, flush=True)
        lines.extend(produced)
    return lines
