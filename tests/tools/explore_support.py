"""The small stories and the command-line call the explorer's tests share."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from game.core.loader import load_story
from game.tools import explore
from tests.conftest import PAGES

MANIFEST = """
title: Test
chapters:
  - id: main
    title: Main
    start: start
    files: [nodes.yaml]
    variables:
      energy: {type: int, initial: 2, min: 0, max: 5}
      door: {type: bool, initial: false}
      lucky: {type: bool, initial: false}
      said: {type: int, initial: 0, min: 0, max: 9}
""" + PAGES


def make(tmp_path: Path, nodes: str, manifest: str = MANIFEST) -> Path:
    import textwrap

    root = tmp_path / "story"
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")
    (root / "nodes.yaml").write_text(textwrap.dedent(nodes), encoding="utf-8")
    return root


def loaded(root: Path):
    result = load_story(root)
    assert result.story is not None, result.diagnostics
    return result.story


def cli(root: Path, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    explore.add_arguments(parser)
    code = explore.run(parser.parse_args([str(root), *extra]))
    captured = capsys.readouterr()
    return code, captured.out + captured.err
