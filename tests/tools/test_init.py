"""Tests for `main.py init DIR`: a new story folder that checks clean, with a working schema line in every file."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from game.core.checker import check_story
from game.core.schema import schema_json
from game.tools import init

ROOT = Path(__file__).resolve().parents[2]
LINE = "# yaml-language-server: $schema="


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    init.add_arguments(parser)
    return init.run(parser.parse_args(list(argv)))


def test_new_story_checks_clean(tmp_path: Path) -> None:
    folder = tmp_path / "my-story"
    assert cli(str(folder)) == 0
    result = check_story(folder)
    assert result.story is not None and result.diagnostics == []
    assert [c.id for c in result.story.chapters] == ["letter"] and len(result.story.nodes) == 2


def test_every_file_points_at_the_schema_copy_inside_the_folder(tmp_path: Path) -> None:
    from jsonschema import Draft7Validator

    folder = tmp_path / "new"
    assert cli(str(folder)) == 0
    moved = tmp_path / "elsewhere" / "deeper" / "moved"
    shutil.move(str(folder), str(moved))  # the line is relative to the file, so it works wherever the folder goes
    files = sorted(moved.rglob("*.yaml"))
    assert {path.name for path in files} == {"story.yaml", "letter.yaml"}
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(LINE), path
        schema_path = (path.parent / first[len(LINE):]).resolve()
        assert schema_path.is_file() and moved.resolve() in schema_path.parents
        assert schema_path.read_text(encoding="utf-8") == schema_json()
        validator = Draft7Validator(json.loads(schema_path.read_text(encoding="utf-8")))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == []
    assert check_story(moved).diagnostics == []


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    assert cli(str(folder)) == 1
    err = capsys.readouterr().err
    assert "is not empty" in err and "notes.txt" in err and "overwritten" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    # a second init over a first one is refused too, so nothing an author wrote is replaced
    made = tmp_path / "made"
    assert cli(str(made)) == 0
    (made / "letter.yaml").write_text("# my own words\n", encoding="utf-8")
    assert cli(str(made)) == 1
    assert (made / "letter.yaml").read_text(encoding="utf-8") == "# my own words\n"


def test_an_empty_folder_is_fine_and_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli(str(empty)) == 0 and (empty / "story.yaml").is_file()
    a_file = tmp_path / "file.yaml"
    a_file.write_text("x", encoding="utf-8")
    assert cli(str(a_file)) == 1
    assert "is a file" in capsys.readouterr().err


def test_title_is_quoted_for_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "titled"
    assert cli(str(folder), "--title", 'Tea: a "quiet" story #2') == 0
    result = check_story(folder)
    assert result.story is not None and result.story.title == 'Tea: a "quiet" story #2'
    assert not result.errors


def test_main_py_init_then_check(tmp_path: Path) -> None:
    folder = tmp_path / "from-cli"
    made = subprocess.run([sys.executable, str(ROOT / "main.py"), "init", str(folder)], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(folder)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and checked.stdout.startswith("0 errors, 0 warnings"), checked.stdout
    again = subprocess.run([sys.executable, str(ROOT / "main.py"), "init", str(folder)], capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "is not empty" in again.stderr


def test_the_tutorial_uses_init() -> None:
    tutorial = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert "main.py init my-story" in tutorial
    assert "Graphviz" in tutorial and "apt" in tutorial and "brew" in tutorial and "winget" in tutorial
