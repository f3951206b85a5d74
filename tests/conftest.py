"""Shared test set-up: headless SDL drivers before anything imports pygame, and story builders."""
from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# The game follows the system's language on a first launch; tests read the English, whatever this machine's locale.
os.environ.setdefault("CURTAIN_LIGHT_LANG", "en")
# Synthesised sound is cached on disk; tests keep theirs in a folder of their own, never the player's.
os.environ.setdefault("CURTAIN_LIGHT_CACHE_DIR", tempfile.mkdtemp(prefix="curtain-light-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
STORY_DIR = ROOT / "story"


def write_story(folder: Path, manifest: str, files: dict[str, str]) -> Path:
    """Write a story folder from dedented YAML texts; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


PAGES = """
pages:
  content_note: {title: Note, text: A note.}
  help: {title: Help, text: Some help.}
  credits: {title: Credits, text: Thanks.}
"""

ONE_CHAPTER = """
title: Test
chapters:
  - id: main
    title: Main
    start: start
    files: [nodes.yaml]
    status: "{if energy <= 1: Tired.|else: Awake.}"
    variables:
      energy: {type: int, initial: 2, min: 0, max: 5}
      door: {type: bool, initial: false}
      mood: {type: enum, values: [flat, calm], initial: flat}
""" + PAGES


@pytest.fixture
def story_factory(tmp_path: Path):
    def make(nodes: str, manifest: str = ONE_CHAPTER, extra: dict[str, str] | None = None) -> Path:
        files = {"nodes.yaml": nodes, **(extra or {})}
        return write_story(tmp_path / "story", manifest, files)

    return make


# Chapters whose every state the exact explorer cannot visit within its default bound, and why. For them the gate
# finds every ending by seeded random playthroughs (each a witness that the ending is reachable), and no stuck
# state in the first BOUNDED_STATES states nor in any of those runs: less than a proof that none is stuck
# anywhere. Any other chapter must be explored completely.
BOUNDED: dict[str, str] = {}  # none: since the night's stages reset what they no longer need, every chapter fits

# The warnings the game's own story is known to give, as (chapter folder/file, code, first quoted name):
# none since the second draft. Any new warning fails the tests that compare against this list.
KNOWN_STORY_WARNINGS: list[tuple[str, str, str]] = []


def story_warning_keys(diagnostics) -> list[tuple[str, str, str]]:
    """Warnings as (chapter folder/file, code, first quoted name), to compare with KNOWN_STORY_WARNINGS."""
    import re

    keys = []
    for diagnostic in diagnostics:
        quoted = re.search(r"'([^']+)'", diagnostic.message)
        keys.append(("/".join(Path(diagnostic.path).parts[-2:]), diagnostic.code, quoted.group(1) if quoted else ""))
    return keys


def write_translation(folder: Path, lines: dict[str, str], lang: str = "ja") -> Path:
    """Make translations/LANG.po for a story and fill in the given keys, as a translator would in Poedit."""
    from babel.messages.pofile import read_po, write_po

    from game.core.checker import check_story
    from game.core.i18n.catalogue import po_path, updated_text, write_atomically
    from game.core.i18n.keys import entries

    story = check_story(folder).story
    assert story is not None
    text, _counts = updated_text(entries(story), None, lang)
    path = po_path(folder, lang)
    write_atomically(path, text)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.context in lines:
            message.string = lines[message.context]
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=True)
    return path
