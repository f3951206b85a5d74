"""CL128: a translated line that cannot fit its box at the largest text size, found by `check --lang` at its PO entry."""
from __future__ import annotations

from pathlib import Path

from game.cli import main
from game.core.checker import check_story
from game.core.i18n.catalogue import po_path, read
from game.core.i18n.check import check_translation
from game.core.i18n.fit import CHOICE, BoxedText, boxed_texts
from game.player.screens.play_fit import COLUMN_WIDTH, LARGEST_SCALE, misfits
from game.player.screens.play_layout import panel_for
from game.player.display.text import Typesetter
from game.player.display.theme import PROSE_SIZE
from tests.conftest import ONE_CHAPTER, write_translation

NODES = """\
nodes:
  start:
    text: The kettle clicks off.
    choices:
      - text: Rest.
        to: end
      - text: Look.
        to: end
        enabled: "false"
        reason: You are too tired to look.
  end:
    text: Done.
    ending: {id: done, title: Done}
"""
FITTING = {"start.text.0": "やかんの音が止まる。", "start.to.end": "休む。", "start.to.end.2": "見る。",
           "start.to.end.2.reason": "疲れていて、見られない。", "end.text.0": "終わり。", "end.ending": "終わり"}
LONG_WORD = "Unbreakablewordthatrunsonandonwithoutanyspaceinsideitatallxx"  # 60 characters, no space


def check_lang(folder: Path, capsys) -> list[str]:
    code = main(["check", "--lang", "ja", str(folder)])
    lines = capsys.readouterr().out.splitlines()
    assert code in (0, 1), lines
    return lines


def po_line(folder: Path, key: str) -> int:
    return read(po_path(folder, "ja"), "ja").lines[key].line


def test_a_translated_choice_with_an_unbreakable_word_is_reported_at_its_po_entry(story_factory, capsys) -> None:
    assert len(LONG_WORD) == 60
    folder = story_factory(NODES)
    write_translation(folder, {**FITTING, "start.to.end": LONG_WORD})
    found = [line for line in check_lang(folder, capsys) if "[CL128]" in line]
    where = f"{po_path(folder, 'ja')}:{po_line(folder, 'start.to.end')}:1: warning: 'start.to.end' cannot fit its box"
    assert len(found) == 1 and found[0].startswith(where), found
    assert f"at 200% text this word '{LONG_WORD[:39]}…' is" in found[0] and "a choice's text is" in found[0]


def test_a_choice_too_tall_for_the_panel_and_a_kinsoku_run_too_wide_are_reported(story_factory, capsys) -> None:
    folder = story_factory(NODES)
    tall = "見る、" * 60
    run = "「" + "……" * 30 + "」"  # an ellipsis never splits: one run, wider than the column
    write_translation(folder, {**FITTING, "start.to.end.2": tall, "end.text.0": run})
    found = [line for line in check_lang(folder, capsys) if "[CL128]" in line]
    too_tall = f"{po_path(folder, 'ja')}:{po_line(folder, 'start.to.end.2')}:1: warning: 'start.to.end.2' cannot fit"
    assert any(line.startswith(too_tall) and "this choice with its reason takes" in line
               and "lines at 200% text" in line for line in found), found
    too_wide = f"{po_path(folder, 'ja')}:{po_line(folder, 'end.text.0')}:1: warning: 'end.text.0' cannot fit"
    assert any(line.startswith(too_wide) and "this phrase" in line and "the text column is" in line for line in found), found
    assert len(found) == 2, found


def test_lines_that_fit_are_not_reported_and_the_measure_is_the_largest_text_size(story_factory) -> None:
    folder = story_factory(NODES)
    write_translation(folder, FITTING)
    story = check_story(folder).story
    assert not [d for d in check_translation(story, "ja", fits=misfits) if d.code == "CL128"]
    # Twenty-two Japanese characters that never split fit the column at 100% text, and not the column at
    # 200% (wider, but not twice as wide): the check measures at 200%.
    run = "「" + "……" * 10 + "」"
    typesetter = Typesetter()
    typesetter.set_language("ja")
    assert typesetter.width(run, "prose", PROSE_SIZE) <= typesetter.line_room(run, PROSE_SIZE, int(panel_for(1.0).column_width))
    assert typesetter.width(run, "prose", LARGEST_SCALE * PROSE_SIZE) > typesetter.line_room(run, LARGEST_SCALE * PROSE_SIZE, int(COLUMN_WIDTH))
    write_translation(folder, {**FITTING, "end.text.0": run})
    story = check_story(folder).story
    assert [d.code for d in check_translation(story, "ja", fits=misfits) if d.code == "CL128"] == ["CL128"]


# A locked choice six lines tall at 200% text: room for it under the header, and none once a status line
# stands above the choices.
SIX_LINES = ("送る。", "指はキーの上にのったまま、押そうとしない。もう何年も誰からも返事がない。友だちからも、"
             "掲示板の見知らぬ人からも。いまさら誰かが返事をくれるとは、キーが信じていない。")


def test_a_status_line_above_the_choices_leaves_them_less_room() -> None:
    label, reason = SIX_LINES
    alone = BoxedText("start.to.end", CHOICE, (label,), "start.to.end.reason", (reason,))
    assert misfits([alone], "ja") == []
    found = misfits([alone._replace(beside_status=True)], "ja")
    assert len(found) == 1 and found[0].key == "start.to.end" and "takes 6 lines" in found[0].message, found


def test_a_choice_stands_beside_a_status_line_where_its_node_or_chapter_has_one(story_factory) -> None:
    chapter_status = '    status: "{if energy <= 1: Tired.|else: Awake.}"\n'
    assert chapter_status in ONE_CHAPTER
    no_status = ONE_CHAPTER.replace(chapter_status, "")
    node_status = NODES.replace("    text: The kettle clicks off.\n", "    text: The kettle clicks off.\n    status: Tired.\n")
    for nodes, manifest, expected in ((NODES, no_status, False), (node_status, no_status, True), (NODES, ONE_CHAPTER, True)):
        story = check_story(story_factory(nodes, manifest)).story
        choices = [item for item in boxed_texts(story) if item.box == CHOICE]
        assert choices and all(item.beside_status is expected for item in choices), nodes


def test_plain_check_measures_the_source_language_at_the_story_files_line(story_factory, capsys) -> None:
    folder = story_factory(NODES.replace("reason: You are too tired to look.",
                                         "reason: " + "You are too tired to look, and the kettle knows it. " * 8))
    code = main(["check", str(folder)])
    lines = capsys.readouterr().out.splitlines()
    found = [line for line in lines if "[CL128]" in line]
    assert code == 0 and len(found) == 1, lines  # a warning: the story still plays
    assert found[0].startswith(f"{folder / 'nodes.yaml'}:") and "'start.to.end.2' cannot fit its box" in found[0]
    assert "this choice with its reason takes" in found[0]
    write_translation(folder, FITTING)  # the Japanese fits: --lang adds nothing of its own
    assert [line for line in check_lang(folder, capsys) if "[CL128]" in line] == found
