"""`main.py analyze` on small fixture stories: each measure finds what it should and nothing it should not."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.core.checker import check_story
from game.core.model import Story
from game.core.usage import chapter_uses
from game.tools.analyze import measures, structure
from game.tools.analyze.playthroughs import play_many
from game.tools.analyze.report import ANALYZE_CODES, analyze_chapter
from game.tools.analyze.shared import shared_passages
from tests.conftest import PAGES, write_story

MANIFEST = """
title: Fixture
chapters:
  - id: main
    title: Main
    start: start
    files: [main.yaml]
    status: "{if energy <= 1: Tired.|else: Awake.}"
    variables:
      energy: {type: int, initial: 2, min: 0, max: 5}
      unread: {type: int, initial: 0, min: 0, max: 3}
      door: {type: bool, initial: false}
      mood: {type: enum, values: [flat, calm], initial: flat}
  - id: other
    title: Other
    start: o_start
    files: [other.yaml]
""" + PAGES

MAIN_ONLY = MANIFEST.split("  - id: other")[0] + PAGES  # the first chapter alone

MAIN = """
nodes:
  start:
    text: "You wake at {unread}. The rain has been talking to the gutter since before dawn began."
    choices:
      - text: Sit up.
        to: hall
        set: unread = 1
      - text: Lie still.
        to: hall
  hall:
    text: The hall is as it always is.
    choices:
      - text: Go out.
        to: street
        enabled: energy >= 3
        reason: "{if mood == 'calm': Not yet.|else: You wait.}"
      - text: Rest.
        to: rest
        if: mood == 'flat'
        set: energy += 1
      - text: Open the door.
        to: doorway
        set: door = true
      - text: Fly.
        to: street
        enabled: energy > 9
        reason: You cannot fly.
      - text: Fly higher.
        to: street
        enabled: energy > 9
        reason: You cannot fly.
        deliberate: a wish, shown so the player sees it cannot be
  rest:
    text: You lie down again. It helps, a little.
    next: hall
  doorway:
    text: "{if door: The door is open.}"
    choices:
      - text: Read the letter.
        to: letter
      - text: Go back in.
        to: end_c
  letter:
    text: The letter is from your sister.
    tags: [must_see]
    next: end_b
  street:
    text: The street, at last.
    ending: {id: out, title: Out}
  end_b:
    text: You keep the letter.
    ending: {id: letter, title: Letter}
  end_c:
    text: You stay in.
    ending: {id: inside, title: Inside}
"""

OTHER = """
nodes:
  o_start:
    text: "Far away, the rain has been talking to the gutter since before dawn. Seven words here are shared: the hall is as it always is."
    next: o_end
  o_end:
    text: Done.
    ending: {id: o_done, title: Done}
"""

LINEAR = """
nodes:
  start:
    text: One two three.
    choices:
      - text: Left.
        to: left
        set: energy += 1
      - text: Right.
        to: right
  left:
    text: Four five.
    ending: {id: l, title: L}
  right:
    text: Six.
    ending: {id: r, title: R}
"""


@pytest.fixture
def fixture_story(tmp_path: Path) -> Story:
    folder = write_story(tmp_path / "story", MANIFEST, {"main.yaml": MAIN, "other.yaml": OTHER})
    result = check_story(folder)
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.story


def linear_story(tmp_path: Path) -> Story:
    result = check_story(write_story(tmp_path / "linear", MAIN_ONLY, {"main.yaml": LINEAR}))
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.story


def test_choice_impact_lists_the_forgotten_choice_and_not_the_one_that_matters(fixture_story: Story) -> None:
    points = {p.node: p for p in structure.choice_points(fixture_story, "main", chapter_uses(fixture_story, "main"))}
    start, hall = points["start"], points["hall"]
    assert start.rejoin == 0 and start.differs == ["unread"] and start.forgotten
    assert not hall.forgotten  # energy and door are read later (status line, doorway text), and the endings differ
    one, two = structure.rejoin_shares(list(points.values()))
    assert (one, two) == (1 / 3, 1 / 3)  # start meets at once; hall and doorway lead to different endings


def test_endings_are_decided_by_the_gates_that_choose_between_them(fixture_story: Story) -> None:
    decisions = {d.ending: d.decided_by for d in structure.ending_decisions(fixture_story, "main", chapter_uses(fixture_story, "main"))}
    assert decisions["out"] == ["energy"]  # not mood: resting keeps every ending open
    assert decisions["letter"] == [] and decisions["inside"] == []  # picked by the route alone


def test_the_last_choice_picks_the_ending_in_a_final_menu_and_not_after_a_single_route(fixture_story: Story, tmp_path: Path) -> None:
    runs = play_many(fixture_story, "main", 40, 1)
    last = measures.last_choice(runs)
    through_doorway = [run for run in runs if run.ending in ("letter", "inside")]
    assert through_doorway and all(run.endings_open_at_last_choice == 2 for run in through_doorway)
    assert last.runs == 40 and last.picks >= len(through_doorway)
    linear = linear_story(tmp_path)
    chain = measures.last_choice(play_many(linear, "main", 10, 1))
    assert chain.share == 1.0  # its one choice picks between its two endings
    single = LINEAR.replace("        to: right", "        to: left")
    result = check_story(write_story(tmp_path / "single", MAIN_ONLY, {"main.yaml": single}))
    only = measures.last_choice(play_many(result.story, "main", 10, 1))
    assert only.runs == 10 and only.picks == 0 and only.open_counts == {1: 10}


def test_variables_set_unread_and_read_never_set_become_checker_warnings(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "story", MANIFEST, {"main.yaml": MAIN, "other.yaml": OTHER})
    codes = {(d.code, d.message.split("'")[1]) for d in check_story(folder).warnings}
    assert ("CL050", "unread") in codes  # set at 'start', read only before
    assert not any(code == "CL050" and name in ("energy", "door") for code, name in codes)
    never_set = MAIN.replace("set: door = true", "set: energy += 1")
    folder = write_story(tmp_path / "story2", MANIFEST, {"main.yaml": never_set, "other.yaml": OTHER})
    codes = {(d.code, d.message.split("'")[1]) for d in check_story(folder).warnings}
    assert ("CL051", "door") in codes and ("CL051", "energy") not in codes


def test_reasons_that_name_another_cause_and_the_note_that_silences_them(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "story", MANIFEST, {"main.yaml": MAIN, "other.yaml": OTHER})
    codes = [d.code for d in check_story(folder).warnings if d.code in ("CL052", "CL053")]
    assert codes == ["CL052", "CL053"]  # mood is not in the gate; energy is not in the reason; plain reasons pass
    noted = MAIN.replace("        reason: \"{if mood", "        reason_note: the waiting is the tiredness\n        reason: \"{if mood")
    folder = write_story(tmp_path / "noted", MANIFEST, {"main.yaml": noted, "other.yaml": OTHER})
    assert not [d for d in check_story(folder).warnings if d.code in ("CL052", "CL053")]


def test_never_available_lists_the_closed_choice_but_not_the_deliberate_or_the_open_ones(fixture_story: Story) -> None:
    analysis = analyze_chapter(fixture_story, "main", 30, 1, 10_000, [])
    assert analysis.explored == "complete"
    assert [(f.node, f.code) for f in analysis.never_available] == [("hall", "CL054")]
    assert "Fly." in analysis.never_available[0].message and "Fly higher" not in analysis.never_available[0].message
    assert len(analysis.deliberate) == 1 and "a wish" in analysis.deliberate[0]


def test_repetition_counts_the_paragraphs_shown_again_in_one_run(fixture_story: Story, tmp_path: Path) -> None:
    runs = play_many(fixture_story, "main", 50, 3)
    found = measures.repetition(runs)
    assert found.max > 0 and found.top[0].node in ("hall", "rest")  # the rest loop shows the hall again
    assert measures.repetition(play_many(linear_story(tmp_path), "main", 10, 1)).max == 0


def test_status_lines_measure_the_longest_unchanged_run_and_the_distinct_lines(tmp_path: Path) -> None:
    runs = play_many(linear_story(tmp_path), "main", 10, 1)
    status = measures.status_lines(runs)
    assert status.distinct == 1 and status.longest_max == 2 and status.longest_p50 == 2  # start and the ending


def test_must_see_gives_the_shortest_route_that_skips_it(fixture_story: Story, tmp_path: Path) -> None:
    skipped = structure.skipped_must_see(fixture_story, "main")
    assert [(s.node, s.ending, s.route) for s in skipped] == [("letter", "out", ["start", "hall", "street"])]
    every_route = LINEAR.replace("    text: One two three.", "    text: One two three.\n    tags: [must_see]")
    result = check_story(write_story(tmp_path / "must", MAIN_ONLY, {"main.yaml": every_route}))
    assert structure.skipped_must_see(result.story, "main") == []  # the start is on every route


def test_shared_passages_of_eight_words_and_not_of_seven(fixture_story: Story) -> None:
    found = shared_passages(fixture_story)
    assert [(p.first.node, p.second.node, p.words) for p in found] == [("start", "o_start", 11)]
    assert found[0].text.startswith("The rain has been talking")  # the seven words of the hall are not listed


def test_reading_gives_words_and_choices_per_run(tmp_path: Path) -> None:
    runs = play_many(linear_story(tmp_path), "main", 20, 1)
    found = measures.reading(runs)
    assert (found.words.low, found.words.high) == (4, 5)  # "One two three." and then "Six." or "Four five."
    assert (found.choices.low, found.choices.median, found.choices.high) == (1, 1, 1) and found.ended == 20


def quality_story(tmp_path: Path, limits: str) -> Path:
    return write_story(tmp_path / "q", MANIFEST + "quality:\n" + limits, {"main.yaml": MAIN, "other.yaml": OTHER})


def test_a_chapter_short_of_its_quality_block_exits_1_and_says_which(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = quality_story(tmp_path, "  all: {max_forgotten_choices: 0}\n  other: {max_forgotten_choices: 5}\n")
    assert main(["analyze", str(folder), "--runs", "20", "--seed", "1"]) == 1
    out = capsys.readouterr().out
    assert "Quality block: FALLS SHORT" in out and "falls short in main" in out and "falls short in main, other" not in out
    passing = quality_story(tmp_path / "b", "  main: {max_forgotten_choices: 1, min_status_lines: 1}\n")
    assert main(["analyze", str(passing), "--runs", "20"]) == 0


def test_json_report_has_every_measure_and_the_findings(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = quality_story(tmp_path, "  main: {max_set_unread: 0}\n")
    assert main(["analyze", str(folder), "--chapter", "main", "--runs", "20", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    chapter = report["chapters"][0]
    assert report["ok"] is False and chapter["chapter"] == "main" and len(report["chapters"]) == 1
    assert {"repetition", "status", "reading", "last_choice", "endings", "never_available", "must_see_skipped",
            "shared_passages", "quality", "forgotten_choices", "variables", "reason_mismatches"} <= set(chapter)
    assert chapter["quality"] == [{"threshold": "max_set_unread", "limit": 0, "measured": 1, "ok": False}]
    assert {f["code"] for f in chapter["findings"]} <= set(ANALYZE_CODES) | {"CL052", "CL053"}
    assert {"CL054", "CL055", "CL056", "CL057", "CL058"} <= {f["code"] for f in chapter["findings"]}


def test_a_quality_block_with_an_unknown_threshold_or_chapter_is_reported(tmp_path: Path) -> None:
    result = check_story(quality_story(tmp_path, "  main: {max_joy: 1}\n"))
    assert "CL010" in {d.code for d in result.errors}
    result = check_story(quality_story(tmp_path / "b", "  nowhere: {max_forgotten_choices: 0}\n"))
    assert [d.code for d in result.warnings if d.code == "CL059"] == ["CL059"]


def test_bad_usage_exits_2_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["analyze", str(tmp_path / "nowhere")]) == 2
    assert main(["analyze", "--runs", "0"]) == 2
    assert "Traceback" not in capsys.readouterr().err
