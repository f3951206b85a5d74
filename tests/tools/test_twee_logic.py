"""Twee import of story logic: each format's variables, conditions and effects, imported and then played both ways."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from game.cli import main
from game.core.checker import check_story
from game.core.runtime import Runtime

HARLOWE = r''':: StoryData
{"format": "Harlowe", "format-version": "3.3.8", "start": "Start"}

:: Startup [startup]
(set: $coins to 2)

:: Start
(set: $arrived to true)
You have $coins coins.
(link: "Take the key")[(set: $key to true)(put: $coins + 1 into $coins)(go-to: "Hall")]
(link-goto: "Leave it", "Hall")

:: Hall
(if: $key is true)[The key is warm.](else-if: $coins > 5)[Rich.](else:)[Your pockets are empty.]
(unless: $key)[You could go back.]
(if: $key)[[[Open the door->Room]]]
(if: (history:) contains "Start")[You came from the start.]
(if: $coins is 3 and it < 4)[Three coins.]
(for: each _x, "a", "b")[Looped _x.]
(if: $items contains "lamp")[A lamp glows.]
[[Wait->End]]

:: Room
Line one \
continued.
Line two
(print: $coins) coins.
(if: (visited: "Hall"))[You saw the hall.]
(display: "Note")

:: Note
A note on the wall.
[[End]]

:: End
Done.'''

SUGARCUBE = r''':: StoryData
{"format": "SugarCube", "format-version": "2.36.1", "start": "Start"}

:: StoryInit
<<set $gold to 0>><<set $name to "Ann">>

:: Start
<<link "Dig" "Field">><<set $gold += 5>><</link>>
<<link "Rest">><<set $rested to true>><<goto "Field">><</link>>
[[Run|Field][$gold to 1]]

:: Field
<<if $gold gte 5>>You are rich.<<elseif $gold eq 1>>You have one coin.<<else>>Nothing.<</if>>
<<if $rested and visited("Start") gt 0>>Rested.<</if>>
<<if $name is "Ann">>Ann is here.<</if>>
<<if $list.length > 2>>A long list.<</if>>
<<include "Sign">>
Line \
joined.
<<if $gold lte 1>>[[Back->Start]]<</if>>
<<if $gold gt 1>><<goto "End">><</if>>
[[Stop->End]]

:: Sign
The sign reads <<print $name>>.

:: End
<<unset $rested>>Done.'''

CHAPBOOK = r''':: StoryData
{"format": "Chapbook", "format-version": "2.2.0", "start": "Start"}

:: Start
[[Go to the shed->Shed]]
[[Go to the yard->Yard]]

:: Shed
lamp: true
shelves (lamp): 2
--
You hold the lamp.
[[Back out->Dark]]

:: Yard
lamp: false
--
[[On->Dark]]

:: Dark
[if lamp]
The lamp shows {shelves} shelves.
[else]
It is dark.
[continue]
{embed passage: 'Note'}
[unless lamp]
You cannot read.
[if passage.visits > 1]
Again.
[continue]
[[End]]

:: Note
A note.

:: End
Done.'''

SNOWMAN = ''':: StoryData
{"format": "Snowman", "start": "Start"}

:: Start
<% s.apples = 3 %>
You have <%= s.apples %> apples.
[[Eat->End]]

:: End
Done.'''


def import_story(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *extra: str) -> tuple[Path, str, str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "story.twee"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["import-twee", str(source), "-o", str(out), *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = check_story(out)
    assert result.ok, [str(d) for d in result.errors]
    return out, captured.out, captured.err


def play(out: Path, *picks: str) -> Runtime:
    """Play from the start, taking each named choice in turn (continuing where a node has `next`)."""
    result = check_story(out)
    assert result.story is not None
    runtime = Runtime(result.story, "main")
    for pick in picks:
        while not runtime.choices and runtime.ending is None and runtime.node.next:
            runtime.advance()
        texts = [choice.text for choice in runtime.choices]
        assert pick in texts, (pick, texts, runtime.node_id)
        runtime.choose(runtime.choices[texts.index(pick)].index)
    return runtime


def nodes_of(out: Path) -> dict[str, Any]:
    return yaml.safe_load((out / "nodes.yaml").read_text(encoding="utf-8"))["nodes"]


def variables_of(out: Path) -> dict[str, Any]:
    return yaml.safe_load((out / "story.yaml").read_text(encoding="utf-8"))["chapters"][0]["variables"]


def shown(runtime: Runtime) -> str:
    return "\n".join(runtime.text) + "\n" + "\n".join(choice.text for choice in runtime.choices)


def assert_no_macro_text(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for runtime_text in [node.get("text", "") for node in nodes_of(out).values()]:
        for fragment in ("(if:", "(set:", "<<", ">>", "$", "_x", "<%", "[if", "[else", "(for:"):
            assert fragment not in runtime_text, (fragment, runtime_text)


# -- Harlowe 3


def test_harlowe_declares_typed_variables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, _stderr = import_story(tmp_path, capsys, HARLOWE)
    declared = variables_of(out)
    assert declared["coins"] == {"type": "int", "initial": 2}  # the startup passage's value; changed by arithmetic: no range
    assert declared["key"] == {"type": "bool", "initial": False}
    assert declared["arrived"] == {"type": "bool", "initial": False}
    assert "t_x" not in declared  # the (for:) loop is left out whole


def test_harlowe_branch_taken_both_ways(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, _stderr = import_story(tmp_path, capsys, HARLOWE)
    with_key = play(out, "Take the key")
    assert with_key.node_id == "hall"
    assert with_key.variables["coins"] == 3 and with_key.variables["key"] is True
    text = shown(with_key)
    assert "The key is warm." in text and "Your pockets are empty." not in text and "Rich." not in text
    assert "You could go back." not in text
    assert "You came from the start." in text and "Three coins." in text
    assert "Open the door" in [choice.text for choice in with_key.choices]
    without = play(out, "Leave it")
    text = shown(without)
    assert "Your pockets are empty." in text and "The key is warm." not in text
    assert "You could go back." in text and "Three coins." not in text
    assert "Open the door" not in [choice.text for choice in without.choices]
    assert "Looped" not in text and "lamp" not in text  # left out, never shown


def test_harlowe_layout_prints_and_includes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, _stderr = import_story(tmp_path, capsys, HARLOWE)
    room = play(out, "Take the key", "Open the door")
    assert room.text == ["Line one continued.", "Line two", "3 coins.", "You saw the hall.", "A note on the wall."]
    assert [choice.text for choice in room.choices] == ["End"]  # the included passage's link
    assert_no_macro_text(out, capsys)


def test_harlowe_what_is_left_out_is_a_comment_and_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, stderr = import_story(tmp_path, capsys, HARLOWE)
    source = tmp_path / "story.twee"
    assert f"{source}:19: warning: not translated, kept as a comment: (for:) with its hook (left out) [TW020]" in stderr
    assert f"{source}:20: warning: the condition of (if: $items contains \"lamp\") is not carried" in stderr
    written = (out / "nodes.yaml").read_text(encoding="utf-8")
    assert '  # twee: 20: (if: $items contains "lamp")[A lamp glows.]' in written
    assert (out / "story.yaml").read_text(encoding="utf-8").splitlines()[1] == (
        "# Twee import: 2 source constructs dropped (see the `# twee:` comments in nodes.yaml)."
    )


# -- SugarCube 2


def test_sugarcube_declares_typed_variables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, _stderr = import_story(tmp_path, capsys, SUGARCUBE)
    declared = variables_of(out)
    assert declared["gold"] == {"type": "int", "initial": 0}
    assert declared["name"] == {"type": "enum", "values": ["Ann"], "initial": "Ann"}  # one literal, from StoryInit
    assert declared["rested"] == {"type": "bool", "initial": False}


def test_sugarcube_branch_taken_both_ways(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, _stderr = import_story(tmp_path, capsys, SUGARCUBE)
    rich = play(out, "Dig")
    text = shown(rich)
    assert "You are rich." in text and "one coin" not in text and "Nothing." not in text
    assert "Ann is here." in text and "The sign reads Ann." in text and "Line joined." in text
    assert [choice.text for choice in rich.choices] == ["End"]  # the <<goto>> under <<if $gold gt 1>>
    poor = play(out, "Run")
    text = shown(poor)
    assert "You have one coin." in text and "You are rich." not in text and "Rested." not in text
    assert [choice.text for choice in poor.choices] == ["Back", "Stop"]
    rested = play(out, "Rest")
    assert "Rested." in shown(rested) and "Nothing." in shown(rested)
    assert "A long list." not in shown(rested)  # under a condition that could not be carried: left out
    assert rested.variables["rested"] is True
    rested.choose(rested.choices[[c.text for c in rested.choices].index("Stop")].index)
    assert rested.variables["rested"] is False  # <<unset>> puts it back to its initial value
    assert_no_macro_text(out, capsys)


# -- Chapbook


def test_chapbook_vars_sections_and_modifiers_both_ways(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, stderr = import_story(tmp_path, capsys, CHAPBOOK)
    assert variables_of(out)["lamp"] == {"type": "bool", "initial": False}
    lit = play(out, "Go to the shed", "Back out")
    assert lit.text == ["The lamp shows 2 shelves.", "A note."]
    dark = play(out, "Go to the yard", "On")
    assert dark.text == ["It is dark.", "A note.", "You cannot read."]
    assert "Again." not in shown(dark)  # under a condition that could not be carried: left out
    assert "the condition of [if passage.visits > 1] is not carried" in stderr
    assert_no_macro_text(out, capsys)


# -- Snowman


def test_snowman_javascript_is_a_warning_with_passage_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, stderr = import_story(tmp_path, capsys, SNOWMAN)
    source = tmp_path / "story.twee"
    assert f"{source}:5: warning: JavaScript kept as a comment: <% … %> in passage 'Start' [TW022]" in stderr
    assert f"{source}:6: warning: JavaScript kept as a comment: <% … %> in passage 'Start' [TW022]" in stderr
    assert play(out).text == ["You have apples."]


# -- the figures


def test_report_prints_the_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "story.twee"
    source.write_text(SUGARCUBE, encoding="utf-8")
    assert main(["import-twee", str(source), "--report", "-q"]) == 0
    printed = capsys.readouterr().out
    # gold, name, rested; Field's six conditions (its `$list.length` one is dropped); four effects and StoryInit's two.
    assert "Carried: 3 variables declared, 6 conditions, 6 effects. Dropped: 1 source constructs." in printed
    assert "Macro text left in what a player reads: 0. Checker errors in the import: 0." in printed


def test_check_says_how_much_the_import_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _stdout, _stderr = import_story(tmp_path, capsys, HARLOWE)
    assert main(["check", str(out)]) == 0
    assert "note: imported from Twee, 2 source constructs dropped" in capsys.readouterr().out


# -- whole Twine projects


def test_several_files_are_one_story_and_later_duplicates_win(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    (project / "src" / "rooms").mkdir(parents=True)
    # No final newline: the next file's first header must still start a passage.
    (project / "src" / "a_start.twee").write_text(':: StoryData\n{"format": "Harlowe", "start": "Start"}\n\n:: Start\n(set: $met to true)[[Go->Room]]', encoding="utf-8")
    (project / "src" / "rooms" / "room.tw").write_text(":: Room\nAn old room.\n[[End]]", encoding="utf-8")
    (project / "src" / "rooms" / "zz_override.tw").write_text(":: Room\n(if: $met)[A new room.]\n[[End]]\n", encoding="utf-8")
    (project / "src" / "z_end.twee").write_text(":: End\nDone.", encoding="utf-8")
    (project / "src" / "notes.txt").write_text(":: Ignored\nNot Twee by its name.", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import-twee", str(project), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    nodes = nodes_of(out)
    assert list(nodes) == ["start", "room", "end"]
    assert nodes["room"]["text"] == "{if met: A new room.}"
    duplicate = project / "src" / "rooms" / "zz_override.tw"
    assert f"{duplicate}:1: warning: a second passage named 'Room' replaces the one at {project / 'src' / 'rooms' / 'room.tw'}:1, as in Tweego [TW004]" in captured.err
    assert "Imported 4 files" in captured.out
    assert check_story(out).ok
    assert play(out, "Go").text == ["A new room."]


def test_files_given_one_by_one_read_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "one.twee", tmp_path / "two.twee"
    first.write_text(":: Start\nFirst.\n[[Next]]", encoding="utf-8")
    second.write_text(":: Next\nSecond.", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import-twee", str(first), str(second), "-o", str(out)]) == 0
    capsys.readouterr()
    assert play(out, "Next").text == ["Second."]
    written = (out / "nodes.yaml").read_text(encoding="utf-8")
    assert "`# twee: FILE:N:` comments" in written


def test_layout_details_no_macro_text_is_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Harlowe string over two lines is one string; a backslash after a macro at the end still joins."""
    story = ''':: StoryData
{"format": "Harlowe", "start": "Start"}

:: Start
(set: $note to "two
lines")(if: $note is "x")[Never.](else:)[Always.]\\
[[Onward]]

:: Onward
(set: $met to true)Gone at once.
[[Back->Start]]
(go-to: "End")

:: End
The end.\\'''
    out, _stdout, stderr = import_story(tmp_path, capsys, story)
    nodes = nodes_of(out)
    assert nodes["start"]["text"] == "{if note == 'x': Never.}{if not (note == 'x'): Always.}"
    assert play(out).text == ["Always."]
    # A go-to that is always reached leaves at once: the passage's link is never seen.
    assert nodes["onward"]["next"] == "end" and "choices" not in nodes["onward"]
    assert "its 1 links are never seen" in stderr
    assert nodes["end"]["text"] == "The end."
    assert play(out, "Onward").variables["met"] is True


def test_objects_and_datamaps_become_one_variable_per_named_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sugarcube = ''':: StoryData
{"format": "SugarCube", "start": "Start"}

:: StoryInit
<<set $player to {gold: 5, name: "Ann"}>>

:: Start
<<if $player.gold gt 3>>$player.name is rich.<<else>>Poor.<</if>>
[[Spend|Start][$player.gold -= 3]]'''
    out, _stdout, _stderr = import_story(tmp_path / "sc", capsys, sugarcube)
    assert variables_of(out)["player_gold"] == {"type": "int", "initial": 5}
    assert play(out).text == ["Ann is rich."]
    assert play(out, "Spend").text == ["Poor."]
    harlowe = ''':: StoryData
{"format": "Harlowe", "start": "Start"}

:: Start
(set: $p to (dm: "hp", 3))(if: $p's hp > 2)[Strong.](else:)[Weak.]
(if: $p's length > 0)[Never shown.]
[[Rest->Start]]'''
    out, _stdout, stderr = import_story(tmp_path / "h", capsys, harlowe)
    assert play(out).text == ["Strong."]
    assert "(if: $p's length > 0) is not carried" in stderr


def test_sugarcube_loops_and_switches_are_left_out_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = ''':: StoryData
{"format": "SugarCube", "start": "Start"}

:: Start
Before.
<<for _i to 0; _i lt 3; _i++>>Loop _i.<</for>>
<<switch $mood>><<case "calm">>Calm.<<default>>Other.<</switch>>
After.'''
    out, _stdout, stderr = import_story(tmp_path, capsys, story)
    assert play(out).text == ["Before.", "After."]
    assert "<<for>> with its body (left out)" in stderr and "<<switch>> with its body (left out)" in stderr


def test_harlowe_click_goto_is_a_choice_and_its_words_stay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = ''':: StoryData
{"format": "Harlowe", "start": "Start"}

:: Start
A door stands open.
(click-goto: "door", "Hall")

:: Hall
Inside.'''
    out, _stdout, _stderr = import_story(tmp_path, capsys, story)
    start = play(out)
    assert start.text == ["A door stands open."]
    assert [choice.text for choice in start.choices] == ["door"]


def test_harlowe_click_with_a_hook_is_a_choice_with_its_effects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = ''':: StoryData
{"format": "Harlowe", "start": "Start"}

:: Start
(set: $knocked to false)A door stands open.
(click: "door")[(set: $knocked to true)(go-to: "Hall")]
(click: "window")[Rain runs down the glass.]

:: Hall
(if: $knocked)[You knocked.](else:)[You did not knock.]'''
    out, _stdout, stderr = import_story(tmp_path, capsys, story)
    start = play(out)
    assert start.text == ["A door stands open."]
    assert [choice.text for choice in start.choices] == ["door"]
    assert "Rain" not in shown(start)
    assert "(click:) with its hook (left out)" in stderr
    assert shown(play(out, "door")).strip() == "You knocked."
    assert_no_macro_text(out, capsys)


@pytest.mark.parametrize("fmt, back", [
    ("SugarCube", '<<back "Go back">>'),
    ("Harlowe", '(link-undo: "Go back")'),
    ("Chapbook", "{back link, label: 'Go back'}"),
])
def test_a_back_link_is_a_choice_where_one_passage_leads_here(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, back: str) -> None:
    story = f''':: StoryData
{{"format": "{fmt}", "start": "Start"}}

:: Start
The hall. [[Study]] [[Garden]]

:: Study
Books. [[Drawer]]

:: Garden
Wet grass. [[Drawer]]

:: Drawer
An empty drawer. {back}

:: Shelf
Dust. {back}'''
    out, _stdout, stderr = import_story(tmp_path, capsys, story)
    study = play(out, "Study")
    assert [choice.text for choice in study.choices] == ["Drawer"]
    nodes = nodes_of(out)
    assert "choices" not in nodes["drawer"] or all(choice["text"] != "Go back" for choice in nodes["drawer"]["choices"])
    assert "2 passages lead here; dropped" in stderr and "[TW015]" in stderr
    assert_no_macro_text(out, capsys)


def test_sugarcube_back_goes_to_the_one_passage_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = ''':: StoryData
{"format": "SugarCube", "start": "Start"}

:: Start
<<set $looked to false>>The hall. [[Study]]

:: Study
Books. [[Look closer|Closer][$looked to true]]

:: Closer
Nothing there. <<back>>'''
    out, _stdout, stderr = import_story(tmp_path, capsys, story)
    closer = play(out, "Study", "Look closer")
    assert [choice.text for choice in closer.choices] == ["Back"]
    assert "the only passage that leads here" in stderr and "[TW036]" in stderr
    again = play(out, "Study", "Look closer", "Back")
    assert again.node_id == "study" and again.state.vars["looked"] is True
