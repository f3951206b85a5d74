"""Loads that reuse unchanged files' parses and compiled texts (the language server's) find exactly what fresh loads find."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from game.core import loader
from game.core.checker import check_story
from tests.conftest import STORY_DIR


@pytest.fixture
def reuse() -> Iterator[None]:
    loader.reuse_between_loads(True)
    try:
        yield
    finally:
        loader.reuse_between_loads(False)


def _findings(root: Path) -> list[str]:
    return [str(d) for d in check_story(root).diagnostics]


def _fresh(root: Path) -> list[str]:
    loader.reuse_between_loads(False)
    try:
        return _findings(root)
    finally:
        loader.reuse_between_loads(True)


def test_reused_loads_find_what_fresh_loads_find(tmp_path: Path, reuse: None) -> None:
    root = tmp_path / "story"
    shutil.copytree(STORY_DIR, root)
    target = sorted((root / "room").glob("*.yaml"))[-1]
    original = target.read_text(encoding="utf-8")
    declaring = root / "room" / "01_curtains.yaml"
    declared = declaring.read_text(encoding="utf-8")
    node_id = next(line.strip().rstrip(":") for line in original.splitlines() if line.startswith("  ") and not line.startswith("   ") and line.strip().endswith(":"))
    edits = [
        original,
        original + "\n#",                                                   # a comment: nothing changes
        original.replace("\nnodes:\n", "\nnodes:\n  extra_node:\n    text: \"{nowhere_var}\"\n    next: nowhere\n", 1),  # new id, two errors
        original.replace("\nnodes:\n", "\nnodes:\n  extra_node:\n    text: \"Fine {if chance(50): heads.|else: tails.}\"\n"
                         f"    next: {node_id}\n", 1),                     # the error fixed, a dice roll
        original.replace("nodes:", "nodes:\n  bad: [", 1),                  # does not parse
        original,                                                           # back as it was
    ]
    assert original.count("\nnodes:\n") == 1
    baseline = _fresh(root)
    for number, text in enumerate(edits):
        target.write_text(text, encoding="utf-8")
        first, again = _findings(root), _findings(root)  # the second load reuses everything
        assert first == again == _fresh(root), f"edit {number}"
    assert _findings(root) == baseline
    # a variable renamed where it is declared: texts that read it no longer compile, in every file of the chapter
    assert "\n  energy: {type: int" in declared
    declaring.write_text(declared.replace("\n  energy: {type: int", "\n  energy_gone: {type: int", 1), encoding="utf-8")
    changed = _findings(root)
    assert changed == _fresh(root) and changed != baseline
    assert any("energy" in finding and str(target.name) in finding for finding in changed)
    declaring.write_text(declared, encoding="utf-8")
    assert _findings(root) == baseline


def test_dice_are_named_the_same_on_every_reused_load(tmp_path: Path, reuse: None) -> None:
    from game.core.loader import load_story

    root = tmp_path / "dice"
    root.mkdir()
    (root / "story.yaml").write_text("title: D\nchapters:\n  - {id: c, title: C, start: a, files: [n.yaml]}\n", encoding="utf-8")
    (root / "n.yaml").write_text("nodes:\n  a:\n    text: x\n    choices:\n"
                                 "      - {text: One, to: b, if: chance(50)}\n      - {text: Two, to: b, if: chance(50)}\n"
                                 "  b:\n    text: y\n    ending: {id: e, title: E}\n", encoding="utf-8")

    def sites() -> list[list[bool]]:
        from types import SimpleNamespace

        story = load_story(root).story
        return [[bool(choice.condition.run(SimpleNamespace(vars={}, visits={}, turns=0, seed=seed))) for seed in range(40)]
                for choice in story.nodes["a"].choices]

    loader.reuse_between_loads(False)
    fresh = sites()
    loader.reuse_between_loads(True)
    assert fresh[0] != fresh[1]  # two rolls, each its own
    assert sites() == sites() == sites() == fresh
