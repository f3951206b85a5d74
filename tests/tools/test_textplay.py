"""Tests for the terminal player (`play --text`), driven through run_text with a scripted standard input."""
from __future__ import annotations

import argparse
import io
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.cli.text_play import run_text  # noqa: E402

MANIFEST = """
title: Test
chapters:
  - id: kettle
    title: The Kettle
    start: kitchen
    files: [kettle.yaml]
    status: "{if warm: Warm.|else: Cold.}"
    variables:
      warm: {type: bool, initial: false}
      cups: {type: int, initial: 0, min: 0, max: 3}
      mood: {type: enum, values: [flat, calm], initial: flat}
  - id: other
    title: Other
    start: other_start
    files: [other.yaml]
pages:
  content_note: {title: Note, text: A note.}
  help: {title: Help, text: Some help.}
  credits: {title: Credits, text: Thanks.}
"""

KETTLE = """
nodes:
  kitchen:
    title: The kitchen
    text: |
      The kettle has gone cold {if cups > 0: again}.
    choices:
      - text: Boil it.
        to: boiled
        set: [warm = true, cups += 1]
      - text: Pour a third cup.
        to: kitchen
        enabled: cups >= 2
        reason: The tin is nearly empty.
        set: cups += 1
      - text: Go back to bed.
        to: bed
  boiled:
    text: Steam on the window.
    next: bed
  bed:
    set: mood = 'calm'
    text: "You sleep. {if warm: Your hands are warm.}"
    ending: {id: slept, title: Sleep}
"""

OTHER = """
nodes:
  other_start:
    text: Elsewhere.
    ending: {id: away, title: Away}
"""


@pytest.fixture
def story_root(tmp_path: Path) -> Path:
    root = tmp_path / "story"
    root.mkdir()
    (root / "story.yaml").write_text(textwrap.dedent(MANIFEST), encoding="utf-8")
    (root / "kettle.yaml").write_text(textwrap.dedent(KETTLE), encoding="utf-8")
    (root / "other.yaml").write_text(textwrap.dedent(OTHER), encoding="utf-8")
    return root


def play(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], story: Path, keys: str,
         chapter: str | None = "kettle", start: str | None = None, sets: list[str] | None = None) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(keys))
    args = argparse.Namespace(story=story, chapter=chapter, start=start, set=sets, seed=1)
    code = run_text(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_plays_from_start_to_an_ending(story_root: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(monkeypatch, capsys, story_root, "1\n\n")
    assert code == 0
    assert "== The kitchen ==" in out and "The kettle has gone cold." in out
    assert "[Cold.]" in out  # the status line, in brackets
    assert "  1. Boil it." in out
    assert "Steam on the window." in out and "(Enter to continue) >" in out
    assert "You sleep. Your hands are warm." in out and "[Warm.]" in out
    assert out.rstrip().endswith("*** The end: Sleep ***")


def test_unavailable_choice_is_shown_and_explained(story_root: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(monkeypatch, capsys, story_root, "2\n3\n")
    assert code == 0
    assert "  2. ~~Pour a third cup.~~ (unavailable: The tin is nearly empty.)" in out
    assert "You can't take that now: The tin is nearly empty." in out
    assert "*** The end: Sleep ***" in out


def test_invalid_input_re_prompts(story_root: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(monkeypatch, capsys, story_root, "7\nboil\n\n3\n")
    assert code == 0
    assert "There is no choice 7; type a number from 1 to 3." in out
    assert out.count("Type a number from 1 to 3") == 2  # for "boil" and for the empty line
    assert "*** The end: Sleep ***" in out


def test_end_of_input_leaves_quietly(story_root: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(monkeypatch, capsys, story_root, "1\n")
    assert code == 0
    assert "(end of input: leaving the story here)" in out
    assert "*** The end" not in out


def test_undo_history_and_quit(story_root: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(monkeypatch, capsys, story_root, "u\n1\nh\nu\nq\n")
    assert code == 0
    assert "There is nothing to undo." in out
    assert "  1. The kitchen -> Boil it." in out
    assert "(undone)" in out and out.count("== The kitchen ==") == 2
    assert out.rstrip().endswith("(you leave the story here)")


def test_set_variables(story_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(monkeypatch, capsys, story_root, "2\n3\n", sets=["cups=2", "warm=true"])
    assert code == 0
    assert "The kettle has gone cold again." in out and "[Warm.]" in out
    assert "~~Pour a third cup.~~" not in out and "  2. Pour a third cup." in out
    code, _, err = play(monkeypatch, capsys, story_root, "", sets=["sugar=1"])
    assert code == 2 and "no variable 'sugar'" in err
    code, _, err = play(monkeypatch, capsys, story_root, "", sets=["cups=many"])
    assert code == 2 and "does not fit 'cups'" in err
    code, _, err = play(monkeypatch, capsys, story_root, "", sets=["cups"])
    assert code == 2 and "NAME=VALUE" in err
    code, _, err = play(monkeypatch, capsys, story_root, "", sets=["mood=angry"])
    assert code == 2 and "does not fit 'mood'" in err


def test_start_at_a_node(story_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(monkeypatch, capsys, story_root, "\n", start="boiled")
    assert code == 0
    assert "The kettle has gone cold" not in out
    assert out.index("Steam on the window.") < out.index("*** The end: Sleep ***")
    code, out, _ = play(monkeypatch, capsys, story_root, "", start="bed", sets=["warm=true"])
    assert code == 0 and "Your hands are warm." in out
    code, _, err = play(monkeypatch, capsys, story_root, "", start="other_start")
    assert code == 2 and "no node 'other_start' in chapter 'kettle'" in err
    code, _, err = play(monkeypatch, capsys, story_root, "", start="nowhere")
    assert code == 2 and "no node 'nowhere'" in err


def test_without_chapter_takes_the_first_when_not_a_terminal(story_root: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = play(monkeypatch, capsys, story_root, "3\n", chapter=None)
    assert code == 0
    assert "playing the first chapter, kettle" in out and "*** The end: Sleep ***" in out


def test_bad_story_or_chapter(story_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = play(monkeypatch, capsys, tmp_path / "missing", "")
    assert code == 2 and "no story folder" in err
    code, _, err = play(monkeypatch, capsys, story_root, "", chapter="tea")
    assert code == 2 and "no chapter 'tea'" in err
    (story_root / "kettle.yaml").write_text(textwrap.dedent(KETTLE).replace("to: bed\n  boiled", "to: attic\n  boiled"),
                                            encoding="utf-8")
    code, _, err = play(monkeypatch, capsys, story_root, "")
    assert code == 1 and "CL021" in err
