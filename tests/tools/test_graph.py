"""Tests for `main.py graph`: the DOT text (edges, styles, escaping, clusters) and the .dot/.svg outputs."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.core.loader import load_story  # noqa: E402
from game.tools import graph  # noqa: E402
from game.tools.graph import quote, story_dot  # noqa: E402

MANIFEST = """
title: Two "Rooms"
chapters:
  - id: first
    title: First
    start: a
    files: [first.yaml]
    variables:
      energy: {type: int, initial: 2, min: 0, max: 5}
  - id: "2nd"
    title: Second
    start: x
    files: [second.yaml]
pages:
  content_note: {title: Note, text: A note.}
  help: {title: Help, text: Some help.}
  credits: {title: Credits, text: Thanks.}
"""

FIRST = r"""
nodes:
  a:
    title: The "first" room
    text: Start.
    choices:
      - text: 'Say "hello" \ wave'
        to: b
      - text: Hidden way.
        to: c
        if: energy > 3
      - text: Gated way.
        to: end
        enabled: energy >= 4
        reason: Too tired.
      - text: Just once.
        to: a
        once: true
  b:
    text: "It is {energy} o'clock. {if energy > 1: Awake.|else: Tired.}"
    next: end
  c:
    text: C.
    next: end
    fallback: end
  lonely:
    text: Nobody comes here.
    next: end
  end:
    text: The end.
    ending: {id: end, title: The End}
"""

SECOND = """
nodes:
  x:
    text: X.
    next: y
  y:
    text: Y.
    ending: {id: y, title: Why}
"""


@pytest.fixture
def story_root(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    root.mkdir()
    (root / "story.yaml").write_text(textwrap.dedent(MANIFEST), encoding="utf-8")
    (root / "first.yaml").write_text(textwrap.dedent(FIRST), encoding="utf-8")
    (root / "second.yaml").write_text(textwrap.dedent(SECOND), encoding="utf-8")
    return root


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    graph.add_arguments(parser)
    return graph.run(parser.parse_args(list(argv)))


def test_quote_escapes_quotes_backslashes_and_newlines() -> None:
    assert quote('say "hi"') == '"say \\"hi\\""'
    assert quote("a\\b") == '"a\\\\b"'
    assert quote("one\ntwo") == '"one\\ntwo"'


def test_dot_has_the_expected_edges_and_styles(story_root: Path) -> None:
    story = load_story(story_root).story
    dot = story_dot(story)
    assert dot.startswith('digraph "Two \\"Rooms\\"" {')
    # one cluster per chapter
    assert 'subgraph "cluster_first" {' in dot and 'subgraph "cluster_2nd" {' in dot
    assert 'label="First (first)";' in dot
    # nodes: titles with ids, the start in bold, endings as double octagons, unreachable in red
    assert '"a" [label="The \\"first\\" room\\n(a)", penwidth=2.2];' in dot
    assert '"end" [label="The end.\\n(end)\\nending: The End", shape=doubleoctagon' in dot
    assert '"lonely" [label="Nobody comes here.\\n(lonely)\\nunreachable", color="#c0392b"' in dot
    assert '"b" [label="It is o\'clock. Awake.\\n(b)"];' in dot  # first words without {…} markup
    # edges: next plain, choices labelled, `if` dashed, `enabled` dotted grey, once marked, fallback
    assert '"b" -> "end";' in dot
    assert '"a" -> "b" [label="Say \\"hello\\" \\\\ wave"];' in dot
    assert '"a" -> "c" [label="Hidden way.", style=dashed];' in dot
    assert '"a" -> "end" [label="Gated way.", style=dotted, color="#888888", fontcolor="#777777"];' in dot
    assert '"a" -> "a" [label="Just once. (once)"];' in dot
    assert '"c" -> "end" [label="fallback", style=dashed, color="#d35400"' in dot
    assert '"x" -> "y";' in dot
    assert dot.count("{") == dot.count("}")


def test_long_choice_labels_are_cut_and_wrapped() -> None:
    label = graph.short("Go downstairs and ask her, at last, why she said it that evening")
    assert len(label.replace("\n", " ")) <= graph.LABEL_CHARS and label.endswith("…")
    assert all(len(line) <= graph.LABEL_WIDTH for line in label.split("\n"))


def test_one_chapter_only(story_root: Path) -> None:
    dot = story_dot(load_story(story_root).story, ["2nd"])
    assert "cluster_2nd" in dot and "cluster_first" not in dot


def test_writes_dot_file(story_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "story.dot"
    assert cli(str(story_root), "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert '"a" -> "b"' in text and "doubleoctagon" in text


def test_svg_without_graphviz_writes_dot_beside_and_says_how(story_root: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "story.svg"
    assert cli(str(story_root), "-o", str(out)) == 1
    assert not out.exists() and (tmp_path / "story.dot").is_file()
    err = capsys.readouterr().err
    assert f"dot -Tsvg {tmp_path / 'story.dot'} -o {out}" in err


def test_svg_is_rendered_or_the_dot_fallback_is_written(story_root: Path, tmp_path: Path) -> None:
    """Real when Graphviz is installed: the DOT must parse and render; without it, the fallback applies."""
    out = tmp_path / "story.svg"
    code = cli(str(story_root), "-o", str(out))
    if shutil.which("dot"):
        assert code == 0
        svg = out.read_text(encoding="utf-8")
        assert "<svg" in svg and "cluster_first" in svg and "Gated way." in svg
        checked = subprocess.run(["dot", "-Tcanon"], input=story_dot(load_story(story_root).story).encode(),
                                 capture_output=True, timeout=60)
        assert checked.returncode == 0, checked.stderr
    else:
        assert code == 1 and (tmp_path / "story.dot").is_file()


def test_bad_usage(story_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(str(tmp_path / "missing")) == 2
    assert cli(str(story_root), "--chapter", "nope") == 2
    assert cli(str(story_root), "-o", str(tmp_path / "graph.txt")) == 2
    assert "no chapter 'nope'" in capsys.readouterr().err


def test_dot_on_standard_output(story_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(str(story_root), "--chapter", "first") == 0
    assert capsys.readouterr().out.startswith("digraph")


def test_real_story_graph_renders() -> None:
    story = load_story(ROOT / "story").story
    assert story is not None
    dot = story_dot(story)
    for chapter in story.chapters:
        assert f"cluster_{chapter.id}" in dot
    if shutil.which("dot"):
        checked = subprocess.run(["dot", "-Tcanon"], input=dot.encode(), capture_output=True, timeout=120)
        assert checked.returncode == 0, checked.stderr[:500]
