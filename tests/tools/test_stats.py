"""Tests for `main.py stats`: exact word, node, choice and ending counts, and the table."""
from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.core.loader import load_story  # noqa: E402
from game.tools import stats  # noqa: E402
from game.tools.stats import count_words, story_stats, template_text  # noqa: E402

MANIFEST = """
title: Tiny
chapters:
  - id: one
    title: One
    start: a
    files: [one.yaml]
    variables:
      hour: {type: int, initial: 2, min: 0, max: 23}
  - id: two
    title: Two
    start: x
    files: [two.yaml]
pages:
  content_note: {title: Note, text: A note.}
  help: {title: Help, text: Some help.}
  credits: {title: Credits, text: Thanks.}
"""

# Words, counted by hand:
#   a: "It is {hour} o'clock." -> It is o'clock = 3; "{if hour > 1: Late, late.|else: Early.}" -> Late late Early = 3
#      choices: "Wait." 1; "Sleep now." 2 + reason "Not tired, not yet." 4 -> 7
#   b: "The end-of-day light." -> The end-of-day light = 3
#   x: "Twenty-five steps." 2; choice "Go {if true: on|else: back}." -> Go on back = 3
#   y: "Done." 1
ONE = """
nodes:
  a:
    text: |
      It is {hour} o'clock.

      {if hour > 1: Late, late.|else: Early.}
    choices:
      - text: Wait.
        to: a
        if: hour < 23
        set: hour += 1
      - text: Sleep now.
        to: b
        enabled: hour >= 3
        reason: Not tired, not yet.
  b:
    text: The end-of-day light.
    ending: {id: slept, title: Slept}
"""

TWO = """
nodes:
  x:
    text: Twenty-five steps.
    choices:
      - text: "Go {if true: on|else: back}."
        to: y
  y:
    text: Done.
    ending: {id: done, title: Done}
"""


@pytest.fixture
def story_root(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    root.mkdir()
    (root / "story.yaml").write_text(textwrap.dedent(MANIFEST), encoding="utf-8")
    (root / "one.yaml").write_text(textwrap.dedent(ONE), encoding="utf-8")
    (root / "two.yaml").write_text(textwrap.dedent(TWO), encoding="utf-8")
    return root


def test_word_counting_rules() -> None:
    assert count_words("Don't stop — fifty-three, 87 years.") == 5
    assert count_words("… — !") == 0


def test_template_text_drops_markup_and_keeps_every_branch(story_root: Path) -> None:
    story = load_story(story_root).story
    first, second = story.nodes["a"].text
    assert template_text(first) == "It is o'clock."
    assert template_text(second) == "Late, late. Early."
    assert template_text(second, every_branch=False) == "Late, late."


def test_counts_are_exact(story_root: Path) -> None:
    rows = {row.id: row for row in story_stats(load_story(story_root).story)}
    one, two = rows["one"], rows["two"]
    assert (one.words, one.nodes, one.choices, one.gated, one.hidden, one.endings) == (16, 2, 2, 1, 1, 1)
    assert (two.words, two.nodes, two.choices, two.gated, two.hidden, two.endings) == (6, 2, 1, 0, 0, 1)
    assert one.minutes == pytest.approx(16 / 200)


def test_table(story_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    stats.add_arguments(parser)
    assert stats.run(parser.parse_args([str(story_root)])) == 0
    out = capsys.readouterr().out.splitlines()
    header, rule, one, two, rule2, total = out[:6]
    assert header.split()[:4] == ["chapter", "words", "nodes", "choices"]
    assert one.split() == ["one", "(One)", "16", "2", "2", "1", "1", "1", "<1", "min"]
    assert two.split() == ["two", "(Two)", "6", "2", "1", "0", "0", "1", "<1", "min"]
    assert total.split() == ["total", "22", "4", "3", "1", "1", "2", "<1", "min"]
    # aligned: every row of the table has the same width as the rule under the header
    assert len({len(rule), len(rule2)}) == 1 and all(len(line) <= len(rule) for line in out[:6])
    assert "200 words per minute" in out[6]


def test_reading_time_format() -> None:
    assert stats._minutes(0.4) == "<1 min"
    assert stats._minutes(12.4) == "12 min"
    assert stats._minutes(67) == "1 h 07 min"


def test_missing_story_exits_2(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    stats.add_arguments(parser)
    assert stats.run(parser.parse_args([str(tmp_path / "missing")])) == 2
