"""Settings → Language in the real app: the story and its fonts switch live, at the same place, and a save made in English reads on in Japanese."""
from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest
from game.core.i18n import interface
from tests.conftest import write_translation
from tests.player.conftest import FIXTURE_STORY

JAPANESE = {
    "walk_start.text.0": "扉は重い。犬がリードをくわえて待っている。",
    "walk_start.text.1": "外の通りには、誰もいない。",
    "walk_start.to.walk_street": "外に出る。",
    "walk_start.to.walk_stay": "家にいる。",
    "walk_street.text.0": "アスファルトに雨。街灯が、立っていられるほどの光だまりをつくる。",
}


@pytest.fixture
def translated_story(tmp_path: Path) -> Path:
    """The player's fixture story with a tiny Japanese catalogue, as a translator would leave it."""
    folder = tmp_path / "story"
    shutil.copytree(FIXTURE_STORY, folder)
    write_translation(folder, JAPANESE)
    yield folder
    interface.use_language("en")


def test_the_language_switches_live_at_the_same_place(make_app, translated_story: Path) -> None:
    app, pilot = make_app(translated_story)
    assert app.languages == ["en", "ja"] and app.language == "en"
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    assert app.session.runtime.text[0].startswith("The door is heavy.")
    app.autosave()
    app.wait_for_saves()
    pilot.press(pygame.K_ESCAPE)  # the pause menu
    pilot.click_target("settings")
    pilot.click_target("language:plus")
    assert app.language == "ja" and app.settings.language == "ja"
    assert app.typesetter.language.code == "ja"
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_ESCAPE)
    runtime = app.session.runtime
    assert runtime.node_id == "walk_start"
    assert runtime.text == ["扉は重い。犬がリードをくわえて待っている。", "外の通りには、誰もいない。"]
    assert [view.text for view in runtime.choices][0] == "外に出る。"
    assert runtime.choices[1].reason == "Your legs won't move that fast."  # untranslated: the English


def relaunched_in_japanese(make_app, story: Path, keys: tuple[int, ...] = ()):
    """Play the walk in English (pressing `keys`), autosave, choose Japanese, quit and start the game again."""
    app, pilot = make_app(story)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    for key in keys:
        pilot.finish_reveal()
        pilot.press(key)
    app.autosave()
    app.wait_for_saves()
    app.change_settings(language="ja")
    app.shutdown()
    return make_app(story)


def test_a_save_made_in_english_loads_in_japanese_after_a_relaunch(make_app, translated_story: Path) -> None:
    again, _pilot = relaunched_in_japanese(make_app, translated_story)
    assert again.language == "ja"  # the choice is saved with the settings
    assert again.continue_latest()
    assert again.session.runtime.text[1] == "外の通りには、誰もいない。"


def test_japanese_lines_break_by_phrase_in_the_window(make_app, translated_story: Path) -> None:
    app, _pilot = make_app(translated_story)
    app.change_settings(language="ja")
    lines = app.typesetter.wrap("母は「もう少しだけ待ってあげて」と言った。彼は、三十年も部屋から出なかった。", "prose", 26, 260)
    assert len(lines) > 1 and all(line[0] not in "、。」" for line in lines[1:])
    assert all(line[-1] != "「" for line in lines)
    assert app.typesetter.line_height("prose", 26) >= round(26 * 1.7)


def test_history_made_in_english_reads_in_japanese_after_a_relaunch(make_app, translated_story: Path) -> None:
    # Step outside, then on from the street to the corner.
    again, pilot = relaunched_in_japanese(make_app, translated_story, (pygame.K_1, pygame.K_SPACE))
    assert again.continue_latest()
    assert again.session.runtime.node_id == "walk_corner"
    pilot.finish_reveal()
    pilot.click_target("history")
    assert again.top.kind == "history"
    shown = [block.text for block in again.top.doc.blocks if hasattr(block, "text")]
    assert "扉は重い。犬がリードをくわえて待っている。" in shown
    assert "アスファルトに雨。街灯が、立っていられるほどの光だまりをつくる。" in shown
    assert any("外に出る。" in line for line in shown)  # the choice taken, in Japanese
    assert not any("The door is heavy" in line or "Step outside" in line for line in shown)
