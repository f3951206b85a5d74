"""Translations: stable keys, PO catalogues that keep a translator's work across edits, and a story read in Japanese."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.core.checker import check_story
from game.core.i18n.apply import translate_story
from game.core.i18n.catalogue import po_path, read, template_text, updated_text
from game.core.i18n.check import check_translation, glyph_test
from game.core.i18n.keys import entries
from game.core.runtime import Runtime
from game.resources import fonts_dir
from tests.conftest import write_translation

NODES = """\
nodes:
  start:
    title: The kettle
    text: |
      The kettle clicks off.

      Energy {energy}. {if door: The door is open.|else: The door is shut.}
    status: Morning.
    choices:
      - text: Rest.
        to: end
        set: energy += 1
      - text: Knock.
        to: end
        if: door
      - text: Look.
        to: look
        enabled: energy >= 4
        reason: You are too tired to look.
  look:
    text: You look.
    next: end
  end:
    text: Done.
    ending: {id: done, title: Done}
"""


def story_of(folder: Path):
    result = check_story(folder)
    assert result.story is not None and not result.errors, [str(d) for d in result.errors]
    return result.story


def translate(folder: Path, lines: dict[str, str], *, lang: str = "ja") -> Path:
    story_of(folder)  # the story checks clean first
    return write_translation(folder, lines, lang)


JAPANESE = {
    "start.text.0": "やかんの音が止まる。",
    "start.text.1": "体力{energy}。{if door: ドアは開いている。|else: ドアは閉まっている。}",
    "start.to.end": "休む。",
    "start.to.end.2": "ノックする。",
    "start.to.look": "見る。",
    "start.to.look.reason": "見るには疲れすぎている。",
    "end.text.0": "終わり。",
    "end.ending": "終わり",
}


def test_keys_follow_node_ids_and_where_a_choice_leads(story_factory) -> None:
    story = story_of(story_factory(NODES))
    keys = [entry.key for entry in entries(story)]
    assert keys[:2] == ["story.title", "page.content_note.title"]
    assert ["start.title", "start.text.0", "start.text.1", "start.status", "start.to.end", "start.to.end.2",
            "start.to.look", "start.to.look.reason"] == [k for k in keys if k.startswith("start.")]
    templates = {entry.key: entry.template for entry in entries(story)}
    assert templates["start.text.1"] and not templates["start.text.0"]
    # A choice added before the others (to another node), and a paragraph added to another node, change no key.
    edited = NODES.replace("      - text: Rest.", "      - text: Wait.\n        to: start\n      - text: Rest.")
    edited = edited.replace("    text: You look.", "    text: |\n      First.\n\n      You look.")
    again = [entry.key for entry in entries(story_of(story_factory(edited)))]
    assert set(keys) <= set(again)


def test_a_pinned_key_travels_with_its_paragraph(story_factory) -> None:
    pinned = NODES.replace("    text: You look.", "    text:\n      - A new first line.\n      - {key: looking, text: You look.}")
    story = story_of(story_factory(pinned))
    keys = {entry.key: entry.source for entry in entries(story)}
    assert keys["look.looking"] == "You look." and keys["look.text.0"] == "A new first line."


def test_the_story_reads_in_japanese_and_a_save_made_in_english_goes_on(story_factory) -> None:
    folder = story_factory(NODES)
    translate(folder, JAPANESE)
    story = story_of(folder)
    english = Runtime(story, "main")
    saved = json.loads(json.dumps(english.to_state()))
    japanese_story, mismatches, used = translate_story(story, read(po_path(folder, "ja"), "ja"))
    assert mismatches == [] and used == len(JAPANESE)
    runtime, notes = Runtime.from_state(japanese_story, saved)
    assert runtime.text == ["やかんの音が止まる。", "体力2。ドアは閉まっている。"]
    assert [choice.text for choice in runtime.choices] == ["休む。", "見る。"]
    assert runtime.choices[1].reason == "見るには疲れすぎている。"
    assert runtime.status == "Morning."  # untranslated lines show in the source language
    runtime.choose(0)
    assert runtime.ending.title == "終わり" and runtime.variables["energy"] == 3


def test_update_keeps_work_marks_changed_lines_fuzzy_and_carries_moved_ones(story_factory) -> None:
    folder = story_factory(NODES)
    translate(folder, JAPANESE)
    old = read(po_path(folder, "ja"), "ja")
    # One line edited, one paragraph moved to a new place (a new paragraph before it), one choice removed.
    edited = NODES.replace("The kettle clicks off.", "The kettle clicks off at last.")
    edited = edited.replace("    text: Done.", "    text: |\n      Quiet.\n\n      Done.")
    edited = edited.replace("      - text: Knock.\n        to: end\n        if: door\n", "")
    text, counts = updated_text(entries(story_of(story_factory(edited))), old, "ja")
    assert counts == {"kept": 5, "moved": 1, "fuzzy": 1, "untranslated": 13, "obsolete": 1}
    path = po_path(folder, "ja")
    path.write_text(text, encoding="utf-8")
    new = read(path, "ja")
    changed = new.lines["start.text.0"]
    assert changed.fuzzy and changed.text == "やかんの音が止まる。" and changed.previous == "The kettle clicks off."
    assert new.lines["end.text.1"].text == "終わり。" and not new.lines["end.text.1"].fuzzy  # moved: still good
    assert new.lines["end.text.0"].text == ""  # the new paragraph in its old place is not offered the moved one's words
    assert "start.to.end.2" in new.obsolete and new.obsolete["start.to.end.2"].text == "ノックする。"
    assert counts["moved"] == 1 and counts["obsolete"] == 1
    # A fuzzy line is not shown: the source is, until the translator checks it.
    story = story_of(story_factory(edited))
    shown, _m, _u = translate_story(story, new)
    assert Runtime(shown, "main").text[0] == "The kettle clicks off at last."


def test_check_lang_finds_missing_fuzzy_mismatched_and_undrawable_lines(story_factory) -> None:
    folder = story_factory(NODES)
    broken = dict(JAPANESE)
    broken["start.text.1"] = "体力{energy + 1}。{if door: 開いている。|else: 閉まっている。}"  # an expression changed
    broken["start.to.look.reason"] = "{if door: 疲れた。}"  # a branch lost, and no {energy} to lose
    broken["end.text.0"] = "終わり{。"  # does not read as a template
    broken["end.ending"] = "終わり \U0001F600"  # a character the Japanese fonts cannot draw
    del broken["start.to.end.2"]
    translate(folder, broken)
    story = story_of(folder)
    fonts = [fonts_dir() / "BIZUDMincho-Regular.ttf", fonts_dir() / "BIZUDGothic-Regular.ttf"]
    found = {(d.code, d.message.split("'")[1]) for d in check_translation(story, "ja", glyph_test(fonts))}
    assert ("CL122", "start.text.1") in found
    assert ("CL123", "start.to.look.reason") in found
    assert ("CL124", "end.text.0") in found
    assert ("CL125", "end.ending") in found
    assert ("CL120", "start.to.end.2") in found
    assert ("CL120", "start.title") in found  # untranslated titles count too
    assert not any(key.startswith("start.text.0") for _code, key in found)


def test_check_lang_reads_fuzzy_and_stale_lines_and_ignores_unreachable_nodes(story_factory) -> None:
    orphan = NODES + "  orphan:\n    text: Nobody comes here.\n    next: end\n"
    folder = story_factory(orphan)
    translate(folder, JAPANESE)
    folder_edit = story_factory(orphan.replace("The kettle clicks off.", "The kettle clicks."))
    story = story_of(folder_edit)
    found = {(d.code, d.message.split("'")[1]) for d in check_translation(story, "ja")}
    assert ("CL126", "start.text.0") in found  # the PO was made for the earlier text
    assert not any(key.startswith("orphan.") for _code, key in found)
    text, _ = updated_text(entries(story), read(po_path(folder_edit, "ja"), "ja"), "ja")
    po_path(folder_edit, "ja").write_text(text, encoding="utf-8")
    found = {(d.code, d.message.split("'")[1]) for d in check_translation(story, "ja")}
    assert ("CL121", "start.text.0") in found and ("CL126", "start.text.0") not in found


def test_the_commands(story_factory, capsys: pytest.CaptureFixture[str]) -> None:
    folder = story_factory(NODES)
    assert main(["translate", "extract", "--story", str(folder)]) == 0
    pot = (folder / "translations" / "story.pot").read_text(encoding="utf-8")
    assert 'msgctxt "start.text.1"' in pot and "#: nodes.yaml:" in pot and "Keep each {…} expression" in pot
    assert main(["translate", "update", "ja", "--story", str(folder)]) == 0
    assert "0 kept, 0 moved, 0 fuzzy, 20 untranslated, 0 obsolete" in capsys.readouterr().out
    translate(folder, JAPANESE)
    assert main(["translate", "status", "ja", "--story", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "main" in out and "  all " in out
    row = next(line.split() for line in out.splitlines() if line.split()[:1] == ["main"])
    assert row[1:5] == ["8", "0", "5", "0"]  # the chapter's title and status, a node's title and status, 'You look.' 
    assert main(["check", str(folder), "--lang", "ja"]) == 0
    assert "[CL120]" in capsys.readouterr().out
    assert main(["check", str(folder), "--lang", "xx"]) == 1
    assert "no language 'xx'" in capsys.readouterr().out
    (folder / "translations" / "ja.po").rename(folder / "translations" / "ja.po.away")
    assert main(["check", str(folder), "--lang", "ja"]) == 1
    assert "ja.po does not exist" in (out := capsys.readouterr().out) and "[CL127]" in out
    (folder / "translations" / "ja.po.away").rename(folder / "translations" / "ja.po")
    assert main(["translate", "update", "xx", "--story", str(folder)]) == 2
    (folder / "translations" / "ja.po").write_text("a line that is not PO\n", encoding="utf-8")
    assert main(["translate", "status", "ja", "--story", str(folder)]) == 2
    assert "not a PO file" in capsys.readouterr().out


def test_every_translation_code_has_a_fixture_here() -> None:
    import inspect
    import sys

    from game.core.diagnostics import CODES

    here = inspect.getsource(sys.modules[__name__])
    assert all(f'"{code}"' in here or f"[{code}]" in here for code in CODES if "CL120" <= code <= "CL129")


def test_template_lists_every_string_once(story_factory) -> None:
    story = story_of(story_factory(NODES))
    text = template_text(entries(story))
    assert text.count("msgctxt") == len(entries(story)) == len({entry.key for entry in entries(story)})


def test_the_text_player_reads_in_japanese_with_japanese_line_breaks(story_factory, monkeypatch, capsys) -> None:
    import io

    long = "雨戸を閉めたままの部屋で、彼は三十年を過ごした。母は「もう少しだけ待ってあげて」と言った。" * 2
    folder = story_factory(NODES)
    translate(folder, {**JAPANESE, "start.text.0": long})
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n"))
    assert main(["play", "--text", "--story", str(folder), "--chapter", "main", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "1. 休む。" in out and "終わり。" in out
    from game.core.i18n.linebreak import NO_END, NO_START
    from game.cli.text_play import columns

    body = [line for line in out.splitlines() if any(word in line for word in ("雨戸", "三十年", "待って"))]
    assert len(body) >= 3 and "".join(body) == long  # the long paragraph wrapped, nothing lost
    for line in body:
        assert columns(line) <= 100 and line[0] not in NO_START and line[-1] not in NO_END
    assert main(["play", "--text", "--story", str(folder), "--chapter", "main", "--lang", "fr"]) == 2
    assert "no language 'fr'" in capsys.readouterr().err


def test_stats_counts_japanese_in_characters_at_a_japanese_reading_speed(story_factory, capsys) -> None:
    folder = story_factory(NODES)
    translate(folder, JAPANESE)
    assert main(["stats", str(folder), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "characters" in out.splitlines()[0] and "500 characters per minute" in out
    row = next(line for line in out.splitlines() if line.startswith("main"))
    # やかんの音が止まる(9) 体力ドアは開いているドアは閉まっている(19) 休む ノックする 見る(2+5+2) 見るには疲れすぎている(11) 終わり(3)
    assert row.split()[2] == str(9 + 19 + 9 + 11 + 3 + len("You look".replace(" ", "")))


def test_an_enum_value_a_text_shows_is_translated_where_it_is_shown(story_factory) -> None:
    nodes = NODES.replace("    text: You look.", "    text: \"You feel {mood}. {if door: Still {mood}.}\"")
    folder = story_factory(nodes)
    story = story_of(folder)
    keys = {entry.key: entry.source for entry in entries(story)}
    assert keys["main.value.mood.flat"] == "flat" and keys["main.value.mood.calm"] == "calm"
    translate(folder, {"main.value.mood.flat": "沈んで", "look.text.0": "{mood}いる。{if door: まだ{mood}いる。}"})
    shown, mismatches, _used = translate_story(story_of(folder), read(po_path(folder, "ja"), "ja"))
    assert mismatches == []
    runtime = Runtime(shown, "main")
    runtime.jump("look")
    assert runtime.text == ["沈んでいる。"]
    runtime.set_variable("mood", "calm")
    assert runtime.text == ["calmいる。"]  # a value with no translation shows as it is
