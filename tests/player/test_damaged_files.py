"""Damaged files in the data folder, in the real game: it starts, says so once, and keeps every byte."""
from __future__ import annotations

import json
import os
import struct
import time
import zlib
from pathlib import Path

import pygame
import pytest

from game.player.persist.saves import SAVE_KIND, SaveStore
from game.player.screens.saveload import load_thumbnail
from game.player.sound.cache import follow_data_dir

NESTED = b"[" * 100_000 + b"]" * 100_000


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()


def a_save(pilot, app, data_dir: Path, slot: str = "1") -> Path:
    """A real save made by playing, then the title screen again."""
    begin_walk(pilot)
    pilot.press(pygame.K_1)
    pilot.finish_reveal()
    app.save_to(slot)
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("title")
    return SaveStore(data_dir).path_for(slot)


@pytest.mark.parametrize("name, content", [
    ("saves/slot1.json", b'{"kind": "curtain-light-save", "saved_at": "0001-01-01T00:00:00", "state": {}}'),
    ("saves/slot1.json", b'{"kind": "curtain-light-save", "saved_at": "9999-12-31T23:59:59", "state": {}}'),
    ("saves/slot1.json", NESTED),
    ("saves/auto-walk.json", b'{"kind": "curtain-light-save", "saved_at": "2020-01-01T00:00:00", "state": ' + NESTED + b"}"),
    ("settings.json", NESTED),
    ("progress.json", NESTED),
])
def test_the_game_starts_whatever_a_file_holds(make_app, data_dir: Path, name: str, content: bytes) -> None:
    path = data_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    app, pilot = make_app()
    assert app.top.kind == "title"
    pilot.click_target("load")
    assert app.top.kind == "saveload"
    kept = [p for p in data_dir.rglob("*") if p.is_file() and p.read_bytes() == content]
    assert kept, "the damaged bytes are kept"


@pytest.mark.parametrize("name, what", [("progress.json", "endings"), ("settings.json", "settings")])
def test_a_damaged_progress_or_settings_file_is_set_aside_and_said_once(make_app, data_dir: Path, name: str, what: str) -> None:
    damaged = b'{"kind": "curtain-light-progress", "endings": {"night": ["night_print", "two_oclock"]}, "finished": ["nig'
    (data_dir / name).write_bytes(damaged)
    app, pilot = make_app()
    said = [toast.text for toast in app.toasts if name in toast.text]
    assert len(said) == 1 and what in said[0] and "damaged-1.json" in said[0], said
    assert (data_dir / name.replace(".json", ".damaged-1.json")).read_bytes() == damaged
    app.record_ending("walk", "home")
    app.settings_store.save(app.settings)
    assert (data_dir / name.replace(".json", ".damaged-1.json")).read_bytes() == damaged
    again, _ = make_app()
    assert not [toast.text for toast in again.toasts if name in toast.text], "said once, not at every start"


def test_a_damaged_autosave_is_never_overwritten_even_with_999_copies(make_app, data_dir: Path) -> None:
    saves = data_dir / "saves"
    saves.mkdir()
    for number in range(1, 1000):
        (saves / f"auto-walk.damaged-{number}.json").write_bytes(b"{")
    (saves / "auto-walk.json").write_bytes(b"{ the latest damage")
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.press(pygame.K_1)
    assert any(p.read_bytes() == b"{ the latest damage" for p in saves.glob("auto-walk.damaged-*.json"))
    assert json.loads((saves / "auto-walk.json").read_text())["kind"] == SAVE_KIND


def test_a_picture_declaring_a_huge_size_is_not_decoded(make_app, data_dir: Path) -> None:
    app, pilot = make_app()
    slot = a_save(pilot, app, data_dir)
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 45000, 45000, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1000)
    slot.with_suffix(".png").write_bytes(header + struct.pack(">I", 0) + struct.pack(">I", len(body)) + b"IDAT" + body)
    assert load_thumbnail(slot.with_suffix(".png")) is None
    started = time.perf_counter()
    pilot.click_target("load")
    print(f"Load screen with a 45000×45000 picture declared: {time.perf_counter() - started:.2f} s")
    assert "slot:1" in [target.name for target in pilot.targets()]


def test_stale_temp_files_are_removed_at_start_and_live_ones_kept(make_app, data_dir: Path) -> None:
    saves = data_dir / "saves"
    saves.mkdir()
    dead = saves / ".auto-walk.json.999999999.22effe804410.tmp"
    dead.write_bytes(b"half a save")
    old = data_dir / f".settings.json.{os.getpid() + 1}.aaaaaaaaaaaa.tmp"
    old.write_bytes(b"old")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    live = saves / f".slot1.json.{os.getppid()}.bbbbbbbbbbbb.tmp"
    live.write_bytes(b"being written")
    mine = saves / "notes.tmp"
    mine.write_bytes(b"not ours")
    make_app()
    assert not dead.exists() and not old.exists()
    assert live.exists() and mine.exists()


@pytest.mark.parametrize("damage", ["paragraphs", "vars"])
def test_a_save_with_damaged_contents_never_crashes_play(make_app, data_dir: Path, damage: str) -> None:
    app, pilot = make_app()
    slot = a_save(pilot, app, data_dir)
    payload = json.loads(slot.read_text())
    if damage == "paragraphs":
        for page in payload["state"]["history"]:
            page["paragraphs"] = 5
    else:
        payload["state"]["vars"] = 5
    slot.write_text(json.dumps(payload))
    pilot.click_target("load")
    pilot.click_target("slot:1")
    if damage == "vars":
        assert app.top.kind != "play" or not app.top.runtime.history
        assert any("damaged" in toast.text for toast in app.toasts)
        return
    assert app.top.kind == "play"
    assert any("damaged" in toast.text for toast in app.toasts)
    pilot.click_target("history")
    assert app.top.kind == "history"
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_BACKSPACE)


def test_the_sound_cache_follows_the_chosen_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CURTAIN_LIGHT_CACHE_DIR", raising=False)
    monkeypatch.delenv("CURTAIN_LIGHT_DATA_DIR", raising=False)
    follow_data_dir(None)
    assert "CURTAIN_LIGHT_CACHE_DIR" not in os.environ, "with no folder chosen, the platform's cache"
    follow_data_dir(tmp_path / "mine")
    assert os.environ["CURTAIN_LIGHT_CACHE_DIR"] == str(tmp_path / "mine" / "sound-cache")
