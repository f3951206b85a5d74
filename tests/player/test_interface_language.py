"""The game's own words in Japanese: the real app, driven by real events, shows the title and settings from game/locale/ja.po."""
from __future__ import annotations

from typing import Iterator

import pygame
import pytest

from game.core.i18n import interface


@pytest.fixture
def japanese() -> Iterator[None]:
    """The interface in Japanese for one test, and English again after it whatever happens."""
    assert interface.use_language("ja") == "ja"
    yield
    interface.use_language("en")


def labels(pilot) -> dict[str, str]:
    return {target.name: target.label for target in pilot.targets()}


def control(app, name: str):
    return next(item for item in app.top.focusable() if item.name == name)


def test_title_and_settings_read_in_japanese(make_app, japanese) -> None:
    app, pilot = make_app(lang="ja")  # the fixture story has no Japanese of its own: the interface still does
    assert app.language == "ja"
    pilot.step(2)
    assert app.top.kind == "title"
    title = labels(pilot)
    assert title["continue"] == "つづきから" and title["new"] == "はじめから"
    assert title["settings"] == "設定" and title["quit"] == "終了"
    # Nothing is saved yet, so Continue is shown struck through with the Japanese mark and its reason.
    notes = "".join(control(app, "continue")._note_lines)
    assert "（選べない）" in notes and "セーブデータはまだありません。" in notes

    pilot.click_target("settings")
    pilot.step(2)
    assert app.top.kind == "settings"
    assert interface._(app.top.title) == "設定"
    shown = labels(pilot)
    assert shown["text_speed"] == "文字の速さ" and shown["font"] == "書体"
    # Full screen, Back and Controls are further down the column, scrolled out of view: read from the controls.
    assert control(app, "fullscreen").label == "フルスクリーン（F11）"
    assert control(app, "back").label == "戻る" and control(app, "controls").label == "操作方法"
    assert control(app, "text_speed").value_text() == "ふつう"

    pilot.press(pygame.K_ESCAPE)
    pilot.step(2)
    assert app.top.kind == "title"


def test_english_is_the_default(make_app) -> None:
    assert interface.language() == "en"
    app, pilot = make_app()
    pilot.step(2)
    title = labels(pilot)
    assert title["continue"] == "Continue" and title["new"] == "New game" and title["settings"] == "Settings"
