"""The play session and its saves: written off the input path, in order, atomically; views read an index, never the disk."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pygame

from game.player.persist import saves as saves_module
from game.player.persist.saves import SaveStore


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()


def test_a_choice_does_not_wait_for_its_autosave(make_app, data_dir: Path, monkeypatch) -> None:
    app, pilot = make_app()
    begin_walk(pilot)
    release = threading.Event()
    written: list[str] = []
    real_write = SaveStore.write

    def slow_write(self, slot, state, **about):
        release.wait(10)  # the disk is slow: the game must not be
        written.append(state["node"])
        return real_write(self, slot, state, **about)

    monkeypatch.setattr(SaveStore, "write", slow_write)
    app.step(events=[pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1", scancode=0)])
    assert app.top.runtime.node_id == "walk_street", "the choice is taken while the save is still waiting"
    assert app.save_index.read("auto-walk").node_id == "walk_street", "the index has the save at once"
    for _press in range(2):  # two presses of Space, each let go (a held key's repeat would take nothing)
        app.step(events=[pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=0),
                         pygame.event.Event(pygame.KEYUP, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=0)])
    release.set()
    app.wait_for_saves()
    assert written == ["walk_street", "walk_corner"], "written in the order they were made"
    on_disk = json.loads((data_dir / "saves" / "auto-walk.json").read_text())
    assert on_disk["node_id"] == app.top.runtime.node_id, "the last save written is the last one made"


def test_quitting_waits_for_the_save_being_written(make_app, data_dir: Path, monkeypatch) -> None:
    app, pilot = make_app()
    begin_walk(pilot)
    started = threading.Event()
    real_write = SaveStore.write

    def slow_write(self, slot, state, **about):
        started.set()
        threading.Event().wait(0.3)
        return real_write(self, slot, state, **about)

    monkeypatch.setattr(SaveStore, "write", slow_write)
    app.step(events=[pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1", scancode=0)])
    assert started.wait(5)
    app.shutdown()
    assert json.loads((data_dir / "saves" / "auto-walk.json").read_text())["node_id"] == "walk_street"


def test_building_the_menus_reads_no_save_file(make_app, monkeypatch) -> None:
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_ESCAPE)
    reads: list[Path] = []
    real = saves_module.read_json_object

    def read(path: Path, kind: str):
        if threading.current_thread() is threading.main_thread():  # the writer's own check is off the input path
            reads.append(path)
        return real(path, kind)

    monkeypatch.setattr(saves_module, "read_json_object", read)
    pilot.click_target("title")  # the title screen, with Continue and its detail
    pilot.click_target("new")  # the chapter list, with each chapter's kept place
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("settings")
    pilot.press(pygame.K_RIGHT)  # a setting changes: every screen in the stack is built again
    assert reads == []


def test_a_failed_save_is_said_once_and_the_index_follows_the_disk(make_app, data_dir: Path, monkeypatch) -> None:
    app, pilot = make_app()
    begin_walk(pilot)

    def failing(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SaveStore, "write", failing)
    pilot.press(pygame.K_1)
    pilot.step()
    said = [toast.text for toast in app.toasts if "could not be saved" in toast.text]
    assert said == ["The game could not be saved: No space left on device"]
    assert app.save_index.read("auto-walk").node_id == "walk_start", "the slot holds what the disk holds"


def test_a_story_warning_is_logged_and_shown_to_authors(make_app, monkeypatch, caplog) -> None:
    from game.core.runtime import Runtime

    app, pilot = make_app()
    begin_walk(pilot)
    real = Runtime.choose

    def choose(self, index):
        real(self, index)
        self.warnings.append("'steps += 1' could not be applied")

    monkeypatch.setattr(Runtime, "choose", choose)
    pilot.press(pygame.K_1)
    assert any(toast.text == "Story warning (shown to authors): 'steps += 1' could not be applied" for toast in app.toasts)
    assert "'steps += 1' could not be applied" in caplog.text


def test_a_failing_sound_is_logged_and_with_debug_raised(make_app, caplog) -> None:
    import pytest

    from game.player.guard import raise_failures

    app, _pilot = make_app()

    class Broken:
        def play_effect(self, name: str) -> None:
            raise RuntimeError("no mixer")

    kept, app.audio = app.audio, Broken()
    app.effect("select")
    assert "the sound effect 'select' failed" in caplog.text and "no mixer" in caplog.text
    raise_failures(True)
    try:
        with pytest.raises(RuntimeError, match="no mixer"):
            app.effect("select")
    finally:
        raise_failures(False)
        app.audio = kept
