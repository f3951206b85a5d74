"""CL128 keeps each word's, choice's and shared text's measure once taken: the findings of measuring every line afresh."""
from __future__ import annotations

from functools import partial

import pytest

from game.core.checker import check_story
from game.core.i18n.catalogue import SOURCE_LANGUAGE
from game.core.i18n.check import _misfits, check_source_fit, reachable_nodes
from game.core.i18n.fit import CHOICE, ENDING, PARAGRAPH, STATUS, BoxedText, boxed_texts, readings
from game.core.i18n.keys import entries
from game.player.display.text import Typesetter
from game.player.screens import play_fit
from game.player.screens.play_fit import misfits

LONG_WORD = "Unbreakablewordthatrunsonandonwithoutanyspaceinsideitatallxx"
TALL = "Go downstairs and eat at the table with them, and stay. " * 9
NODES = f"""\
nodes:
  start:
    text:
      - "The kettle clicks off, and the {{if energy <= 1: {LONG_WORD}|else: tea}} is ready."
      - "{{mood}} light on the curtain, the light on the curtain, again."
    status: "Tired, {LONG_WORD}."
    choices:
      - text: On.
        to: middle
      - text: "{TALL}"
        to: middle
        enabled: "false"
        reason: You are too tired.
      - text: Look.
        to: end
        enabled: "false"
        reason: "{{if energy < 3: You are far too tired to look.|else: {LONG_WORD} at it.}}"
  middle:
    text: The light on the curtain goes on without you.
    choices:
      - text: On.
        to: end
      - text: "{TALL}"
        to: end
      - text: "Stay {LONG_WORD}."
        to: end
  end:
    text: Done, the light on the curtain.
    ending: {{id: done, title: "{LONG_WORD}{LONG_WORD}"}}
"""
JAPANESE = [
    BoxedText("a.text.0", PARAGRAPH, ("夕暮れは光の筋を通って入ってくる。", "「" + "……" * 30 + "」と言った。")),
    BoxedText("a.status", STATUS, ("午前三時、靴箱の写真を手に。",)),
    BoxedText("a.to.b", CHOICE, ("送る。", "見る、" * 60), "a.to.b.reason", ("疲れていて、見られない。",)),
    BoxedText("a.to.c", CHOICE, ("見る、" * 60,), beside_status=True),
    BoxedText("a.to.d", CHOICE, ("休む。",), "a.to.d.reason", ("「" + "……" * 30 + "」",)),
    BoxedText("a.to.e", CHOICE, ("休む。",)),
    BoxedText("a.ending", ENDING, ("終わり",)),
]


def test_the_kept_measures_find_what_measuring_every_line_finds(story_factory) -> None:
    story = check_story(story_factory(NODES)).story
    items = list(boxed_texts(story))
    kept = misfits(items, "en")
    assert kept == misfits(items, "en", memo=False)
    keys = [misfit.key for misfit in kept]
    # Too wide: a paragraph's {if} branch, the status line, a reason's branch, a label, the ending; too tall:
    # the long label, locked and free; and the lines that fit are not there.
    assert keys == ["start.text.0", "start.status", "start.to.middle.2", "start.to.end.reason",
                    "middle.to.end.2", "middle.to.end.3", "end.ending"], kept
    assert check_source_fit(story, misfits) == check_source_fit(story, partial(misfits, memo=False))


def test_japanese_lines_are_found_alike_with_and_without_kept_measures() -> None:
    kept = misfits(JAPANESE, "ja")
    assert kept == misfits(JAPANESE, "ja", memo=False)
    assert [misfit.key for misfit in kept] == ["a.text.0", "a.to.b", "a.to.c", "a.to.d.reason"], kept


def test_letting_kept_measures_go_changes_no_finding(story_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    items = list(boxed_texts(check_story(story_factory(NODES)).story)) * 3
    expected = misfits(items, "en", memo=False)
    monkeypatch.setattr(play_fit._Ruler, "WORDS_KEPT", 2)  # let go of what is kept at almost every line
    assert misfits(items, "en") == expected and len(expected) == 21


def test_measuring_every_line_first_finds_what_measuring_only_the_lines_met_finds(story_factory) -> None:
    aside = f"  aside:\n    text: Never met, {LONG_WORD}.\n    choices:\n      - {{text: \"{TALL}\", to: end}}\n"
    story = check_story(story_factory(NODES + aside)).story
    assert {"aside.text.0", "aside.to.end"} <= {misfit.key for misfit in misfits(boxed_texts(story), "en")}
    reachable = reachable_nodes(story)
    shown = {entry.key: entry.loc for entry in entries(story) if entry.node is None or entry.node in reachable}
    met = _misfits(story, SOURCE_LANGUAGE, shown, misfits)  # measuring only the lines a player meets
    assert check_source_fit(story, misfits) == met and len(met) == 7
    assert not [finding for finding in met if "'aside." in finding.message]


def test_a_width_in_one_role_and_size_is_the_typesetters_width() -> None:
    typesetter = Typesetter()
    texts = ["On.", LONG_WORD, "夕暮れは光の筋を", "Mr 田中 came.", "「……」、", "", "W"]
    for lang in ("en", "ja"):
        typesetter.set_language(lang)
        for scale in (1.0, 1.5):
            typesetter.follow_scale(scale)
            for role, size in (("prose", 40.0), ("italic", 25.3), ("ui", 38)):
                measure = typesetter.width_in(role, size)
                assert [measure(text) for text in texts] == [typesetter.width(text, role, size) for text in texts]


def test_a_choice_read_by_many_nodes_has_the_readings_of_its_own_text(story_factory) -> None:
    story = check_story(story_factory(NODES)).story
    choices = [node.choices for node in story.nodes.values()]
    assert choices[0][0].text is choices[1][0].text  # "On.": one text for both nodes
    expected = [(readings(c.text), readings(c.reason) if c.reason is not None else ()) for cs in choices for c in cs]
    assert [(item.readings, item.reasons) for item in boxed_texts(story) if item.box == CHOICE] == expected


def test_no_pair_of_letters_kerns_wider_than_the_margin_the_bound_allows() -> None:
    # The bound "longest word x (widest letter + margin)" holds if no two letters drawn together are wider than
    # each drawn alone by more than the margin: every pair of printable ASCII and the punctuation a story uses.
    letters = play_fit.PRINTABLE_ASCII + list("‘’“”–—…")
    typesetter = Typesetter()
    typesetter.set_language("en")
    for role, size in (("prose", 42.0), ("italic", 22.0), ("ui", 30.0)):
        measure = typesetter.width_in(role, size)
        alone = {letter: measure(letter) for letter in letters}
        margin = play_fit.KERNING_MARGIN * size
        worst = max(measure(a + b) - alone[a] - alone[b] for a in letters for b in letters)
        assert worst <= margin, (role, size, worst)


def test_a_line_told_fit_without_measuring_has_no_word_wider_than_its_room() -> None:
    typesetter = Typesetter()
    typesetter.set_language("en")
    ruler = play_fit._Ruler(typesetter, memo=True)
    size = 42.0
    measure = typesetter.width_in("prose", size)
    told, measured = 0, 0
    for word in ("On.", "curtain,", "W" * 12, "m" * 16, "AVAVAVAVAV", "—" * 14, "“Don’t”", "i" * 60, "café", "naïve"):
        for room in (150, 400, 808):
            line = f"the {word} and the light"
            if ruler.surely_fits(line, "prose", size, room):
                told += 1
                assert max(measure(unit) for unit in line.split(" ")) <= room, (word, room)
            else:
                measured += 1
    assert told and measured  # the bound both spares lines and leaves some to be measured
    # Letters that shaping may join or widen are never counted on: such a line is always measured.
    assert not ruler.surely_fits("a short سلام line", "prose", size, 808)
    assert not ruler.surely_fits("a cafe\u0301 line", "prose", size, 808)
    assert not play_fit._Ruler(typesetter, memo=False).surely_fits("On.", "prose", size, 808)


def test_only_the_nodes_holding_a_line_too_wide_are_read_again(story_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.core.i18n import check as i18n_check

    story = check_story(story_factory(NODES)).story
    expected = check_source_fit(story, misfits)
    read_again: list[str] = []
    real_entries = i18n_check.node_entries
    monkeypatch.setattr(i18n_check, "node_entries", lambda node: (read_again.append(node.id), real_entries(node))[1])
    assert check_source_fit(story, misfits) == expected and len(expected) == 7
    assert read_again == ["start", "middle", "end"]  # every node of this story holds one, in story order
    narrow = check_story(story_factory(NODES.replace("Stay {LONG_WORD}.", "Stay.").replace(LONG_WORD, "tea"))).story
    read_again.clear()
    found = check_source_fit(narrow, misfits)
    assert [f.message.split("'")[1] for f in found] == ["start.to.middle.2", "middle.to.end.2"]
    assert read_again == ["start", "middle"]
