"""Where the game finds its story and fonts: from the checkout, from an installed package, from a frozen build."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from game import GAME_TITLE, __version__, resources

ROOT = Path(__file__).resolve().parent.parent


def test_a_source_checkout_uses_its_own_story_and_fonts_and_reloads_live():
    assert resources.story_dir() == ROOT / "story"
    assert (resources.fonts_dir() / "NotoSerif-Regular.ttf").is_file()
    assert resources.is_source_checkout() and resources.live_reload_by_default()
    assert resources.sound_worker_command() == [sys.executable, "-m", "game.player.sound.worker"]


def test_a_frozen_build_looks_beside_its_executable_and_starts_itself_as_the_sound_worker(tmp_path, monkeypatch):
    (tmp_path / "story").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path.parent / "curtain-light"))
    assert resources.story_dir() == tmp_path / "story"
    assert resources.fonts_dir() == tmp_path / "assets" / "fonts"
    assert not resources.live_reload_by_default()
    assert resources.sound_worker_command() == [str(tmp_path.parent / "curtain-light"), "--sound-worker"]


def test_an_installed_package_uses_the_copy_bundled_inside_it(tmp_path):
    package = tmp_path / "site-packages" / "game"
    (package / "_bundled" / "story").mkdir(parents=True)
    shutil.copy2(ROOT / "game" / "resources.py", package / "resources.py")
    spec = importlib.util.spec_from_file_location("installed_resources", package / "resources.py")
    assert spec is not None and spec.loader is not None
    installed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installed)
    assert installed.story_dir() == package / "_bundled" / "story"
    assert not installed.is_source_checkout() and not installed.live_reload_by_default()


def test_the_entry_runs_the_sound_worker_when_asked(tmp_path):
    from game.__main__ import main

    assert main(["--sound-worker", "select", "--rate", "8000", "--channels", "1", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "select.wav").stat().st_size > 1000


def test_the_entry_is_the_command_line_otherwise(capsys):
    from game.__main__ import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"{GAME_TITLE} {__version__}"


def test_live_reload_is_chosen_on_the_command_line_or_left_to_the_kind_of_build():
    from game.cli import build_parser

    parser = build_parser(only="play")
    assert parser.parse_args(["play"]).live_reload is None
    assert parser.parse_args(["play", "--live-reload"]).live_reload is True
    assert parser.parse_args(["play", "--no-live-reload"]).live_reload is False


def test_a_build_without_sources_keys_its_sound_cache_by_the_game_version(tmp_path, monkeypatch):
    from game.player.sound import cache

    from_sources = cache.synthesis_version()
    monkeypatch.setattr(cache, "_SOURCES", tmp_path)  # a frozen build's package folder: no .py files
    cache.synthesis_version.cache_clear()
    try:
        frozen = cache.synthesis_version()
        monkeypatch.setattr("game.__version__", "0.0.0-other")
        cache.synthesis_version.cache_clear()
        assert cache.synthesis_version() != frozen != from_sources
    finally:
        cache.synthesis_version.cache_clear()
