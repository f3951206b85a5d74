"""Saving: atomic files, damaged saves left alone, an autosave per chapter on every choice and on quit, Continue after relaunch."""
from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.player.persist.saves import LEGACY_AUTOSAVE, SAVE_KIND, Progress, ProgressStore, SaveStore, autosave_slot
from game.player.persist.storage import atomic_write_bytes, resolve_data_dir


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()


def test_atomic_write_leaves_no_temp_files(tmp_path: Path):
    target = tmp_path / "a" / "file.json"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [path.name for path in target.parent.iterdir()] == ["file.json"]


def test_data_dir_comes_from_option_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CURTAIN_LIGHT_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "opt") == tmp_path / "opt"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("CURTAIN_LIGHT_DATA_DIR")
    assert "CurtainLight" in str(resolve_data_dir(None))


@pytest.mark.parametrize(
    "content",
    [b"\x00\xff garbage \x13", b'{"kind": "curtain-light-save", "state": {', b'{"kind": "something-else", "state": {}}',
     b"[1, 2, 3]", b'{"kind": "curtain-light-save", "saved_at": "yesterday", "state": {}}', b""],
)
def test_unreadable_saves_are_damaged(tmp_path: Path, content: bytes):
    store = SaveStore(tmp_path)
    path = store.path_for("4")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    info = store.read("4")
    assert info.status == "damaged"
    assert "damaged" in info.summary.lower()
    assert store.latest() is None


def test_progress_round_trip(tmp_path: Path):
    store = ProgressStore(tmp_path)
    progress = Progress()
    assert progress.record_ending("room", "stay")
    assert not progress.record_ending("room", "stay")
    store.save(progress)
    again = store.load()
    assert again.found("room") == {"stay"} and again.finished == {"room"}
    (tmp_path / "progress.json").write_text("not json")
    assert store.load().finished == set()


def test_every_choice_autosaves_and_quit_loses_nothing(make_app, data_dir: Path):
    app, pilot = make_app()
    begin_walk(pilot)
    auto = data_dir / "saves" / "auto-walk.json"
    assert json.loads(auto.read_text())["node_id"] == "walk_start"
    pilot.press(pygame.K_1)
    payload = json.loads(auto.read_text())
    assert payload["kind"] == SAVE_KIND and payload["node_id"] == "walk_street"
    assert payload["chapter_title"] == "The Short Walk" and payload["node_title"] == "The empty street"
    assert payload["game_version"] and payload["saved_at"]
    assert payload["state"]["node"] == "walk_street"
    assert (data_dir / "saves" / "auto-walk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pilot.quit()  # closing the window: no question asked
    assert not app.running


def test_save_quit_relaunch_and_continue(make_app, data_dir: Path):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.press(pygame.K_1)
    pilot.finish_reveal()
    pilot.press(pygame.K_SPACE)
    assert app.top.runtime.node_id == "walk_corner"
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "pause"
    pilot.click_target("save")
    assert app.top.kind == "saveload"
    pilot.click_target("slot:3")
    slot = data_dir / "saves" / "slot3.json"
    assert json.loads(slot.read_text())["node_id"] == "walk_corner"
    assert (data_dir / "saves" / "slot3.png").exists()
    label = pilot.target("slot:3").label
    assert "The Short Walk" in label
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("quit")
    assert not app.running

    again, pilot2 = make_app()
    assert again.top.kind == "title"
    assert pilot2.target("continue").enabled
    pilot2.click_target("continue")
    assert again.top.kind == "play"
    assert again.top.runtime.node_id == "walk_corner"
    assert not again.top.revealing  # already read


def test_load_a_manual_slot(make_app, data_dir: Path):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("save")
    pilot.click_target("slot:1")
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_3)
    assert app.top.runtime.node_id == "walk_stay"
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("load")
    assert {"slot:auto-walk", "slot:1"} <= {target.name for target in pilot.targets()}
    pilot.click_target("slot:1")
    assert app.top.kind == "play" and app.top.runtime.node_id == "walk_start"


def test_overwriting_a_slot_asks_first(make_app, data_dir: Path):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("save")
    pilot.click_target("slot:2")
    first = (data_dir / "saves" / "slot2.json").read_bytes()
    pilot.click_target("slot:2")
    assert app.top.kind == "confirm"
    pilot.click_target("no")
    assert (data_dir / "saves" / "slot2.json").read_bytes() == first
    pilot.click_target("slot:2")
    pilot.click_target("yes")
    assert app.top.kind == "saveload"


def test_damaged_save_is_shown_and_left_byte_identical(make_app, data_dir: Path):
    saves = data_dir / "saves"
    saves.mkdir()
    garbage = bytes(range(256)) * 3
    truncated = b'{"kind": "curtain-light-save", "state": {"node": '
    (saves / "slot5.json").write_bytes(garbage)
    (saves / "auto-walk.json").write_bytes(truncated)
    (saves / "auto.json").write_bytes(truncated)  # an earlier version's single autosave, damaged
    app, pilot = make_app()
    assert not pilot.target("continue").enabled
    pilot.click_target("load")
    damaged = pilot.target("slot:5")
    assert "damaged" in damaged.label and not damaged.enabled
    assert pilot.target("slot:auto-walk").label == "Autosave (The Short Walk): damaged"
    assert "damaged" in pilot.target("slot:auto").label
    pilot.click(*damaged.center)
    assert app.top.kind == "saveload"
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("new")
    assert "cannot be read" in app.top.doc.controls[0].detail  # said in words on the chapter too
    pilot.press(pygame.K_ESCAPE)
    begin_walk(pilot)
    pilot.press(pygame.K_1)  # autosaves: the damaged autosave is moved aside whole, not overwritten
    assert (saves / "slot5.json").read_bytes() == garbage
    assert (saves / "auto-walk.damaged-1.json").read_bytes() == truncated
    assert (saves / "auto.json").read_bytes() == truncated
    assert json.loads((saves / "auto-walk.json").read_text())["node_id"] == "walk_street"


def test_save_from_an_older_story_loads_with_warnings(make_app, data_dir: Path):
    app, pilot = make_app()
    begin_walk(pilot)
    state = app.top.runtime.to_state()
    state["vars"]["steps"] = 99  # no longer fits its declaration
    store = SaveStore(data_dir)
    store.write("6", state, chapter_id="walk", chapter_title="The Short Walk", node_id="walk_start",
                node_title="The front door")
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("load")
    pilot.click_target("slot:6")
    assert app.top.kind == "play"
    assert any("older story" in toast.text and "steps" in toast.text for toast in app.toasts)


def test_continue_picks_the_latest_save(tmp_path: Path):
    store = SaveStore(tmp_path)
    store.write("2", {"kind": "x"}, chapter_id="a", chapter_title="A", node_id="n", node_title="N")
    store.write(autosave_slot("b"), {"kind": "x"}, chapter_id="b", chapter_title="B", node_id="m", node_title="M")
    store.write(autosave_slot("c"), {"kind": "x"}, chapter_id="c", chapter_title="C", node_id="o", node_title="O")
    assert store.latest().slot == "auto-c"  # written within the same second, and still told apart
    assert store.latest(["a", "b"]).slot == "auto-b"  # only chapters of the story being played


def begin(pilot, chapter: str) -> None:
    pilot.click_target("new")
    pilot.click_target(f"chapter:{chapter}")
    if pilot.app.top.kind == "content_note":
        pilot.click_target("begin")
    pilot.finish_reveal()


def test_each_chapter_keeps_its_place_and_continue_picks_the_latest(make_app, data_dir: Path):
    app, pilot = make_app()
    begin(pilot, "walk")
    pilot.press(pygame.K_1)
    assert app.top.runtime.node_id == "walk_street"
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("title")
    begin(pilot, "tea")  # starting another chapter leaves the walk's place alone
    pilot.press(pygame.K_2)
    assert app.top.runtime.node_id == "tea_letter"
    pilot.quit()
    assert sorted(path.name for path in (data_dir / "saves").glob("*.json")) == ["auto-tea.json", "auto-walk.json"]

    again, pilot2 = make_app()
    assert again.top.doc.controls[0].detail.startswith("Tea: The letter.")
    pilot2.click_target("continue")  # the latest: the tea
    assert again.top.kind == "play" and again.top.runtime.node_id == "tea_letter"
    pilot2.press(pygame.K_ESCAPE)
    pilot2.click_target("title")
    pilot2.click_target("new")
    walk = pilot2.target("continue:walk")
    assert walk.label == "Continue (where you left off: The empty street)"
    assert pilot2.target("restart:walk") and pilot2.target("continue:tea")
    pilot2.click_target("continue:walk")
    assert again.top.kind == "play" and again.top.runtime.node_id == "walk_street"
    assert not again.top.revealing  # already read


def test_starting_again_asks_before_replacing_the_place(make_app, data_dir: Path):
    app, pilot = make_app()
    begin(pilot, "walk")
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("title")
    pilot.click_target("new")
    kept = (data_dir / "saves" / "auto-walk.json").read_bytes()
    pilot.click_target("restart:walk")
    assert app.top.kind == "confirm" and "The empty street" in app.top.question
    assert app.top.focus.name == "no"  # Enter alone keeps the place
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "chapters"
    assert (data_dir / "saves" / "auto-walk.json").read_bytes() == kept
    pilot.click_target("restart:walk")
    pilot.click_target("yes")
    assert app.top.kind == "play" and app.top.runtime.node_id == "walk_start"
    assert json.loads((data_dir / "saves" / "auto-walk.json").read_text())["node_id"] == "walk_start"


def test_a_finished_run_starts_again_without_asking(make_app):
    app, pilot = make_app()
    begin(pilot, "walk")
    pilot.press(pygame.K_3)  # an ending
    pilot.finish_reveal()
    pilot.press(pygame.K_RETURN)  # back to the chapters
    assert app.top.kind == "chapters"
    pilot.click_target("chapter:walk")  # the ending is kept under Endings found; nothing else to lose
    assert app.top.kind == "play" and app.top.runtime.node_id == "walk_start"


def test_an_earlier_versions_single_autosave_becomes_its_chapters(make_app, data_dir: Path):
    store = SaveStore(data_dir)
    store.write("3", {"kind": "x"}, chapter_id="walk", chapter_title="The Short Walk", node_id="walk_start",
                node_title="The front door")
    app, pilot = make_app()
    begin(pilot, "walk")
    pilot.press(pygame.K_1)
    state = app.top.runtime.to_state()
    pilot.quit()
    saves = data_dir / "saves"
    for name in ("auto-walk.json", "auto-walk.png"):
        (saves / name).rename(saves / name.replace("auto-walk", "auto"))  # as an earlier version left it
    payload = json.loads((saves / "auto.json").read_text())
    payload["slot"] = LEGACY_AUTOSAVE
    (saves / "auto.json").write_text(json.dumps(payload))

    again, pilot2 = make_app()
    assert not (saves / "auto.json").exists() and (saves / "auto-walk.png").exists()
    assert json.loads((saves / "auto-walk.json").read_text())["state"] == state
    pilot2.click_target("continue")
    assert again.top.runtime.node_id == "walk_street"
