"""Live reload: an author saves a story file and the running game follows (or shows the errors)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pygame

from game.player.screens.play import PlayScreen


def _touch_later(path: Path, text: str) -> None:
    """Write and make sure the modification time moves on, even on coarse file systems."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def _walking(make_app, story_copy: Path):
    """The game on a copy of the fixture story, at the first node of its walk."""
    app, pilot = make_app(story_copy)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    return app, pilot


def test_editing_a_node_changes_the_text_and_a_broken_edit_keeps_the_old(make_app, story_copy: Path):
    app, pilot = _walking(make_app, story_copy)
    play = app.top
    assert isinstance(play, PlayScreen)
    walk = story_copy / "walk" / "walk.yaml"
    original = walk.read_text()
    _touch_later(walk, original.replace("The door is heavy.", "The door is light tonight."))
    started = time.monotonic()
    pilot.wait_until(lambda: "light tonight" in app.top.doc.blocks[0].text, timeout=10)
    assert time.monotonic() - started < 5
    assert app.top is play and play.runtime.node_id == "walk_start"

    _touch_later(walk, original.replace("    text: |\n      The door", "    text: [unclosed\n      The door", 1))
    pilot.wait_until(lambda: app.top.kind == "reload_errors", timeout=10)
    errors = app.load_errors
    assert errors and all(":" in line for line in errors)
    assert any("walk.yaml:" in line for line in errors)
    assert "light tonight" in play.doc.blocks[0].text  # still the last good story
    pilot.press(pygame.K_ESCAPE)  # dismiss
    assert app.top is play
    pilot.press(pygame.K_1)  # and the game plays on
    assert play.runtime.node_id == "walk_street"

    _touch_later(walk, original)
    pilot.wait_until(lambda: app.story is not None and "heavy" in app.story.nodes["walk_start"].text[0].source,
                     timeout=10)


def test_f5_reloads_by_hand(make_app, story_copy: Path):
    app, pilot = make_app(story_copy, watch=False)
    first = app.story
    pilot.press(pygame.K_F5)
    pilot.wait_until(lambda: app.story is not first, timeout=10)


def test_a_removed_node_sends_the_player_to_the_start_with_a_warning(make_app, story_copy: Path):
    app, pilot = make_app(story_copy)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    pilot.press(pygame.K_3)
    assert app.top.runtime.node_id == "walk_stay"
    walk = story_copy / "walk" / "walk.yaml"
    text = walk.read_text()
    text = text.replace("        to: walk_stay\n", "        to: walk_home\n")
    text = text[: text.index("  walk_stay:")]
    _touch_later(walk, text)
    pilot.wait_until(lambda: app.top.kind == "play" and app.top.runtime.node_id == "walk_start", timeout=10)
    assert any("no longer in the story" in toast.text for toast in app.toasts)


def test_a_same_size_edit_with_the_old_time_is_still_noticed(make_app, story_copy: Path):
    app, pilot = _walking(make_app, story_copy)
    walk = story_copy / "walk" / "walk.yaml"
    before = walk.stat()
    original = walk.read_text()
    walk.write_text(original.replace("The door is heavy.", "The door is HEAVY."))  # the same size
    os.utime(walk, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old time, as a 1-second clock gives
    pilot.wait_until(lambda: "HEAVY" in app.top.doc.blocks[0].text, timeout=10)


def test_a_saved_translation_shows_its_new_line_at_the_same_place(make_app, story_copy: Path):
    from game.core.i18n import interface
    from tests.conftest import write_translation

    po = write_translation(story_copy, {"walk_start.text.0": "扉は重い。", "walk_start.to.walk_street": "外に出る。"})
    try:
        app, pilot = make_app(story_copy, lang="ja")
        pilot.click_target("new")
        pilot.click_target("chapter:walk")
        pilot.click_target("begin")
        pilot.finish_reveal()
        play = app.top
        assert isinstance(play, PlayScreen) and play.doc.blocks[0].text == "扉は重い。"
        _touch_later(po, po.read_text(encoding="utf-8").replace('msgstr "扉は重い。"', 'msgstr "扉は今夜、軽い。"'))
        pilot.wait_until(lambda: app.top.doc.blocks[0].text == "扉は今夜、軽い。", timeout=10)
        assert app.top is play and play.runtime.node_id == "walk_start" and app.language == "ja"
        pilot.press(pygame.K_1)  # 外に出る。: the game plays on, in Japanese
        assert play.runtime.node_id == "walk_street"
    finally:
        interface.use_language("en")
