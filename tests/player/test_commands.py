"""The command line: `play` errors said plainly, the screenshot command, the first-frame exit, `check` ending its process."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.cli import main


ROOT = Path(__file__).resolve().parents[2]
FIXTURE_STORY = Path(__file__).parent / "fixtures" / "story"


def test_missing_story_folder_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["play", "--story", str(tmp_path / "nowhere"), "--data-dir", str(tmp_path)]) == 1
    assert "no story folder" in capsys.readouterr().err


def test_bad_chapter_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["play", "--story", str(FIXTURE_STORY), "--data-dir", str(tmp_path), "--chapter", "nope"])
    assert code == 2
    err = capsys.readouterr().err
    assert "no chapter 'nope'" in err and "walk, tea" in err


def test_story_with_errors_prints_findings(tmp_path: Path, story_copy: Path, capsys: pytest.CaptureFixture[str]):
    _broken_copy(story_copy)
    code = main(["play", "--story", str(story_copy), "--data-dir", str(tmp_path), "--chapter", "walk"])
    assert code == 1
    err = capsys.readouterr().err
    assert "walk.yaml:" in err and "walk_nowhere" in err


def test_story_with_errors_at_startup_exits_1(make_app, story_copy: Path):
    walk = story_copy / "walk" / "walk.yaml"
    walk.write_text(walk.read_text().replace("to: walk_street", "to: walk_nowhere"))
    app, pilot = make_app(story_copy, wait=False)
    pilot.wait_until(lambda: not app.running, timeout=15)
    assert app.exit_code == 1
    assert any("walk_nowhere" in line for line in app.startup_errors)


def test_bad_set_value_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["play", "--story", str(FIXTURE_STORY), "--data-dir", str(tmp_path), "--chapter", "walk",
                 "--set", "steps"])
    assert code == 2 and "NAME=VALUE" in capsys.readouterr().err


def test_screenshot_renders_a_node(tmp_path: Path):
    out = tmp_path / "shot.png"
    code = main(["screenshot", "--story", str(FIXTURE_STORY), "--chapter", "walk", "--node", "walk_corner",
                 "--set", "tired=true", "--seed", "3", "-o", str(out), "--size", "960x540"])
    assert code == 0
    picture = pygame.image.load(str(out))
    assert picture.get_size() == (960, 540)
    colours = {picture.get_at((x, y))[:3] for x in range(0, 960, 8) for y in range(0, 540, 8)}
    assert len(colours) > 40
    # The scene left of the text panel is painted, as it rests once arrived (not the backdrop a crossfade begins on).
    scene = {picture.get_at((x, y))[:3] for x in range(0, 480, 8) for y in range(0, 540, 8)}
    assert len(scene) > 20, scene


def test_screenshot_rejects_an_unknown_node(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["screenshot", "--story", str(FIXTURE_STORY), "--chapter", "walk", "--node", "zz",
                 "-o", str(tmp_path / "x.png")])
    assert code == 2 and "no node 'zz'" in capsys.readouterr().err


def test_chapter_start_node_and_set_open_straight_into_play(make_app):
    app, pilot = make_app(start_chapter="walk", start_node="walk_corner", set_values=[("tired", "true")])
    pilot.press(pygame.K_RETURN)  # the content note, once
    assert app.top.kind == "play"
    assert app.top.runtime.node_id == "walk_corner"
    pilot.finish_reveal()
    assert pilot.target("choice:2").enabled  # tired = true


def test_starting_at_a_node_applies_its_own_set(make_app, story_copy: Path):
    """--start walks the way there like play does, so the node's own `set` shows in its status line."""
    walk = story_copy / "walk" / "walk.yaml"
    walk.write_text(walk.read_text().replace("    title: The corner\n", "    title: The corner\n    set: tired = true\n"))
    app, pilot = make_app(story_copy, start_chapter="walk", start_node="walk_corner")
    pilot.press(pygame.K_RETURN)  # the content note, once
    assert app.top.kind == "play" and app.top.runtime.node_id == "walk_corner"
    assert app.top.runtime.status == "Tired."
    assert app.top.runtime.scene.name == "konbini" and app.top.runtime.ambience == "store_hum"


def test_first_frame_exit(make_app):
    app, _pilot = make_app(wait=False, first_frame_exit=True)
    assert app.run() == 0
    assert app.frames == 1


def test_help_stays_fast_without_pygame():
    """`main.py --help` must not import pygame (it is imported only when the game runs)."""
    code = "import sys, game.cli; game.cli.build_parser(); print('pygame' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def _broken_copy(story_copy: Path) -> Path:
    walk = story_copy / "walk" / "walk.yaml"
    walk.write_text(walk.read_text().replace("to: walk_street", "to: walk_nowhere"))
    return story_copy


def test_check_as_the_whole_process_ends_it_once_its_findings_are_written(story_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]):
    """Run by the entry, `check` ends the process itself with its exit code (the story is not freed first);
    run as a function, as here in tests, it returns. What it prints is the same either way."""
    import os

    folder = _broken_copy(story_copy)
    ended: list[int] = []
    monkeypatch.setattr(os, "_exit", ended.append)
    for watcher in ("getprofile", "gettrace"):  # as when no profiler, coverage or debugger runs these tests
        monkeypatch.setattr(sys, watcher, lambda: None)
    returned = main(["check", str(folder)])
    printed = capsys.readouterr().out
    assert returned == 1 and ended == [] and "walk_nowhere" in printed
    assert main(["check", str(folder)], ends_process=True) == 1
    assert ended == [1] and capsys.readouterr().out == printed
    # A profiler watching the process writes its report at the normal end: then the check returns.
    monkeypatch.setattr(sys, "getprofile", lambda: print)
    assert main(["check", str(folder)], ends_process=True) == 1
    assert ended == [1] and capsys.readouterr().out == printed


def test_check_from_the_entry_writes_every_finding_and_its_exit_code(story_copy: Path):
    folder = _broken_copy(story_copy)
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(folder)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert "walk_nowhere" in run.stdout and run.stdout.rstrip().splitlines()[-1].startswith("1 error")
