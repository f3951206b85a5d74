"""Keys are data: one table turns keys into actions, the README and the help page show it, and a player can rebind."""
from __future__ import annotations

import json
from pathlib import Path

import pygame

from game.player.input.keymap import ACTIONS, Keymap, controls, controls_table

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_controls_table_is_the_keymap() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- controls: generated from game/player/input/keymap.py")
    block = text[text.index("\n", start) + 1:text.index("<!-- end of controls -->")]
    assert block == controls_table(Keymap()), "regenerate the README's controls table from the keymap"


def test_modifiers_make_another_key_but_shift_only_where_asked() -> None:
    keys = Keymap()
    assert keys.actions("tab", []) == ("next",) and keys.actions("tab", ["shift"]) == ("previous",)
    assert keys.actions("return", ["alt"]) == ("fullscreen",) and keys.actions("return", []) == ("activate",)
    assert keys.actions("z", ["ctrl"]) == ("undo",) and keys.actions("z", []) == ()
    assert keys.actions("h", ["ctrl"]) == () and keys.actions("h", []) == ("help",)
    assert keys.actions("1", ["shift"]) == ("choice_1",) and keys.actions("[3]", []) == ("choice_3",)


def test_a_rebound_key_leaves_its_old_action_and_back_stays() -> None:
    moved = Keymap(Keymap().rebound("undo", "u"))
    assert moved.keys_for("undo") == ["u"] and moved.actions("backspace", []) == ()
    taken = Keymap(Keymap().rebound("help", "backspace"))
    assert taken.keys_for("undo") == ["ctrl+z"] and taken.actions("backspace", []) == ("help",)
    assert Keymap({"back": ["q"]}).keys_for("back") == ["escape"]
    assert Keymap({"undo": ["no+such+key"]}).keys_for("undo") == ["backspace", "ctrl+z"]


def test_the_help_page_lists_every_action_from_the_table(make_app) -> None:
    app, pilot = make_app()
    pilot.press(pygame.K_h)
    assert app.top.kind == "page"
    shown = " ".join(block.text for block in app.top.doc.blocks if hasattr(block, "text"))
    for what, keys, _mouse in controls(app.keymap):
        assert f"{what[:1].upper()}{what[1:]}: {keys}" in shown
    assert len(controls(app.keymap)) == len(ACTIONS) - 8  # the nine choice keys are one line


def test_keys_are_rebound_in_settings_saved_and_used(make_app, data_dir: Path) -> None:
    app, pilot = make_app()
    pilot.click_target("settings")
    pilot.press(pygame.K_END)
    pilot.click_target("controls")
    assert app.top.kind == "keys"
    while app.top.focus.name != "key:help":
        pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_F1)  # a global key while waiting is the new key, not help
    assert app.top.kind == "keys"
    pilot.press(pygame.K_HOME)
    pilot.click_target("key:undo")
    pilot.press(pygame.K_LSHIFT)  # a modifier alone waits for its key
    pilot.press(pygame.K_u)
    assert app.keymap.keys_for("undo") == ["u"] and app.keymap.keys_for("help") == ["f1"]
    saved = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["keys"] == {"undo": ["u"], "help": ["f1"]}
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_h)  # no longer help
    assert app.top.kind == "title"
    pilot.press(pygame.K_F1)
    assert app.top.kind == "page"
    again, _pilot = make_app()
    assert again.keymap.keys_for("undo") == ["u"]
