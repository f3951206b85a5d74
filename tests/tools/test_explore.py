"""Tests for `main.py explore`: exhaustive exploration, its findings and exit codes (random playthroughs: test_explore_playthroughs.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.core.checker import check_story  # noqa: E402
from game.core.loader import load_story  # noqa: E402
from game.tools import explore  # noqa: E402
from game.bench.story import generate_branching_story  # noqa: E402
from game.tools.explore import explore_chapter, random_playthroughs  # noqa: E402
from tests.conftest import BOUNDED  # noqa: E402
from tests.tools.explore_support import MANIFEST, cli, loaded, make  # noqa: E402


SHORTEST = """
nodes:
  start:
    text: "You have said {said} words."
    choices:
      - text: Run.
        to: run1
      - text: Walk.
        to: walk1
      - text: Rest.
        to: start
        set: [energy += 1, said += 1]
      - text: Leave.
        to: rested
        enabled: energy >= 4
        reason: Too tired.
  run1:
    text: Running.
    choices:
      - text: Keep running.
        to: road
  walk1:
    text: Walking.
    next: walk2
  walk2:
    text: Still walking.
    next: walk3
  walk3:
    text: Nearly there.
    next: road
  road:
    text: The road.
    ending: {id: road, title: The Road}
  rested:
    text: Rested.
    ending: {id: rested, title: Rested}
"""


def test_shortest_choice_path_to_each_ending(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = loaded(make(tmp_path, SHORTEST))
    report = explore_chapter(story, "main")
    assert report.complete
    # Walking takes one choice and three continues; running takes two choices: fewer choices wins.
    assert report.endings_reached["road"] == ["Walk."]
    assert report.endings_reached["rested"] == ["Rest.", "Rest.", "Leave."]
    assert report.unreachable_endings == [] and report.dead_ends == [] and report.exitless_loops == []
    assert report.ok
    # `said` is read only by text: it is not part of the state, so resting does not multiply states.
    assert "said" not in report.tracked["variables"] and "energy" in report.tracked["variables"]
    code, out = cli(make(tmp_path, SHORTEST), capsys=capsys)
    assert code == 0
    assert "road \"The Road\" in 1 choice:" in out and "1. Walk." in out
    assert "rested \"Rested\" in 3 choices:" in out and "3. Leave." in out


SOFT_LOCK = """
nodes:
  start:
    text: Start.
    choices:
      - text: Go to the door.
        to: door
      - text: Go to bed.
        to: bed
  door:
    text: The door.
    choices:
      - text: Open it.
        to: bed
        enabled: energy >= 3
        reason: Your arms will not lift.
      - text: Knock.
        to: bed
        if: door
  bed:
    text: Bed.
    ending: {id: bed, title: Bed}
"""


def test_reachable_soft_lock_is_reported_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make(tmp_path, SOFT_LOCK)
    report = explore_chapter(loaded(root), "main")
    assert len(report.dead_ends) == 1
    stuck = report.dead_ends[0]
    assert (stuck.node, stuck.kind, stuck.path) == ("door", "soft-lock", ["Go to the door."])
    assert any("energy >= 3" in line and "energy = 2" in line for line in stuck.detail)
    assert any("hidden (if: door)" in line for line in stuck.detail)
    assert not report.ok
    code, out = cli(root, capsys=capsys)
    assert code == 1
    assert "SOFT-LOCK" in out and "at door" in out


def test_a_node_with_a_fallback_is_not_a_soft_lock(tmp_path: Path) -> None:
    nodes = SOFT_LOCK.replace("  door:\n    text: The door.\n", "  door:\n    text: The door.\n    fallback: bed\n")
    report = explore_chapter(loaded(make(tmp_path, nodes)), "main")
    assert report.dead_ends == [] and report.ok


def test_dead_end_node_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: On.
            to: nowhere
          - text: Home.
            to: home
      nowhere:
        text: Nothing here.
      home:
        text: Home.
        ending: {id: home, title: Home}
    """
    root = make(tmp_path, nodes)
    report = explore_chapter(loaded(root), "main")
    assert [(d.node, d.kind) for d in report.dead_ends] == [("nowhere", "dead end")]
    # The checker already calls it an error: the command prints that and exits 1.
    code, out = cli(root, capsys=capsys)
    assert code == 1 and "CL024" in out


def test_unreachable_ending_is_reported_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: Stay.
            to: stay
          - text: Fly.
            to: sky
            if: energy > 4
      stay:
        text: Stay.
        ending: {id: stay, title: Stay}
      sky:
        text: Sky.
        ending: {id: sky, title: Sky}
    """
    root = make(tmp_path, nodes)
    report = explore_chapter(loaded(root), "main")
    assert report.unreachable_endings == ["sky"]
    assert report.never_reached_nodes == ["sky"]
    assert [(r.node, r.index, r.condition, r.shown) for r in report.never_taken_choices] == [("start", 1, "energy > 4", False)]
    code, out = cli(root, capsys=capsys)
    assert code == 1 and "UNREACHABLE ENDINGS: sky (node sky)" in out


def test_choice_never_enabled_is_reported_with_its_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: Rest.
            to: start
            set: energy += 1
            enabled: energy < 3
            reason: Rested enough.
          - text: Open the curtain.
            to: open
            enabled: energy >= 9 or door
            reason: Your arms will not lift.
          - text: Sleep.
            to: sleep
      open:
        text: Light.
        next: sleep
      sleep:
        text: Sleep.
        ending: {id: sleep, title: Sleep}
    """
    root = make(tmp_path, nodes)
    report = explore_chapter(loaded(root), "main")
    assert [(r.node, r.index) for r in report.never_enabled_choices] == [("start", 1)]
    ref = report.never_enabled_choices[0]
    assert ref.enabled == "energy >= 9 or door"
    assert ref.values_seen == {"door": [False], "energy": [2, 3]}
    assert "open" in report.never_reached_nodes
    code, out = cli(root, capsys=capsys)
    assert code == 0  # a choice that is never available is worth knowing, not an error
    assert 'start choice 2 "Open the curtain.": enabled: energy >= 9 or door is never true' in out
    assert "energy was one of 2, 3" in out and "door was only false" in out


def test_loop_with_no_exit_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: Into the maze.
            to: maze_a
          - text: Home.
            to: home
      maze_a:
        text: A.
        choices:
          - text: To B.
            to: maze_b
      maze_b:
        text: B.
        choices:
          - text: To A.
            to: maze_a
          - text: Round again.
            to: maze_b
      home:
        text: Home.
        ending: {id: home, title: Home}
    """
    root = make(tmp_path, nodes)
    report = explore_chapter(loaded(root), "main")
    assert len(report.exitless_loops) == 1
    loop = report.exitless_loops[0]
    assert loop.nodes == ["maze_a", "maze_b"]
    assert loop.path == ["Into the maze."] and loop.entry == "maze_a"
    assert report.unreachable_endings == [] and report.dead_ends == []
    code, out = cli(root, capsys=capsys)
    assert code == 1 and "LOOP WITH NO EXIT through maze_a, maze_b" in out


def test_max_states_bound_stops_with_incomplete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = generate_branching_story(tmp_path / "branching", hubs=6, size=4)
    story = loaded(root)
    full = explore_chapter(story, "branch")
    assert full.complete and full.states > 50
    bounded = explore_chapter(story, "branch", max_states=50)
    assert not bounded.complete and bounded.states == 50
    assert bounded.exitless_loops == []  # not judged on a partial graph
    code, out = cli(root, "--max-states", "50", capsys=capsys)
    assert "incomplete: explored 50 states, stopped at the bound" in out


def test_chance_branches_over_both_outcomes(tmp_path: Path) -> None:
    nodes = """
    nodes:
      start:
        text: Dice.
        set: lucky = chance(30)
        choices:
          - text: Win.
            to: won
            if: lucky
          - text: Lose.
            to: lost
            if: not lucky
          - text: Roll a number.
            to: roll
            once: true
      roll:
        text: Roll.
        set: "energy = random(0, 5)"
        choices:
          - text: Six sides.
            to: top
            if: energy == 5
          - text: Back.
            to: start
      won:
        text: Won.
        ending: {id: won, title: Won}
      lost:
        text: Lost.
        ending: {id: lost, title: Lost}
      top:
        text: Top.
        ending: {id: top, title: Top}
    """
    report = explore_chapter(loaded(make(tmp_path, nodes)), "main")
    assert set(report.endings_reached) == {"won", "lost", "top"}
    assert report.endings_reached["top"] == ["Roll a number.", "Six sides."]
    assert any("chance() or random()" in note for note in report.notes)


def test_visit_counts_compared_with_constants_stay_finite(tmp_path: Path) -> None:
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: Around.
            to: hall
      hall:
        text: "The hall, visit {visits(hall)}."
        choices:
          - text: Again.
            to: hall
          - text: Out.
            to: out
            enabled: visits(hall) >= 3
            reason: Not yet.
      out:
        text: Out.
        ending: {id: out, title: Out}
    """
    report = explore_chapter(loaded(make(tmp_path, nodes)), "main")
    assert report.complete and report.states < 20
    assert report.endings_reached["out"] == ["Around.", "Again.", "Again.", "Out."]
    assert report.tracked["visits"] == ["hall (up to 4)"]  # counted to one past the largest constant


def test_turns_in_conditions(tmp_path: Path) -> None:
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: Wait.
            to: pause
          - text: Go.
            to: out
            if: turns() >= 4
      pause:
        text: A pause.
        next: start
      out:
        text: Out.
        ending: {id: out, title: Out}
    """
    report = explore_chapter(loaded(make(tmp_path, nodes)), "main")
    # Each wait is a choice and a continue: two turns. Turns compared with 4 are counted up to 5.
    assert report.endings_reached["out"] == ["Wait.", "Wait.", "Go."]
    assert report.complete and report.tracked["turns"] == ["turns (up to 5)"]


def test_once_choices_are_hidden_after_use(tmp_path: Path) -> None:
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: Look once.
            to: start
            once: true
            set: door = true
          - text: Leave.
            to: out
            if: door
      out:
        text: Out.
        ending: {id: out, title: Out}
    """
    report = explore_chapter(loaded(make(tmp_path, nodes)), "main")
    # After looking and before leaving, only Leave is shown: no soft-lock, and the path is exact.
    assert report.endings_reached["out"] == ["Look once.", "Leave."]
    assert report.ok and report.complete


def test_bad_usage_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(tmp_path / "missing", capsys=capsys)
    assert code == 2 and "no story folder" in out
    code, out = cli(make(tmp_path, SHORTEST), "--chapter", "nope", capsys=capsys)
    assert code == 2 and "no chapter 'nope'" in out and "main" in out
    code, out = cli(make(tmp_path, SHORTEST), "--max-states", "0", capsys=capsys)
    assert code == 2


def test_checker_errors_are_printed_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = SHORTEST.replace("to: road\n  walk1", "to: no_such_node\n  walk1")
    code, out = cli(make(tmp_path, broken), capsys=capsys)
    assert code == 1 and "CL021" in out and "no_such_node" in out


# -- the real story: the gate the writers work toward ------------------------------------------------

REAL_STORY = ROOT / "story"
REAL_CHAPTERS = [chapter.id for chapter in (load_story(REAL_STORY).story.chapters if load_story(REAL_STORY).story else [])]


BOUNDED_STATES = 1_000_000


@pytest.mark.parametrize("chapter_id", REAL_CHAPTERS)
def test_real_story_chapter_has_every_ending_reachable_and_no_dead_end(chapter_id: str) -> None:
    """REAL STORY GATE: every ending of every chapter of story/ is reachable, and no reachable state is stuck.

    This fails while the story is being written and has gaps; it is the bar a chapter must clear.
    """
    result = check_story(REAL_STORY)
    assert not result.errors, "\n".join(str(d) for d in result.errors)
    if chapter_id in BOUNDED:
        report = explore_chapter(result.story, chapter_id, max_states=BOUNDED_STATES)
        runs = random_playthroughs(result.story, chapter_id, 2_000, seed=1)
        endings = {ending.id for ending in result.story.chapter(chapter_id).endings}
        assert set(runs.endings) == endings, f"{chapter_id}: no random run reached {sorted(endings - set(runs.endings))}"
        assert runs.soft_locks == 0 and runs.capped == 0, f"{chapter_id}: {runs.soft_locks} runs met a soft-lock, {runs.capped} never ended"
        assert report.dead_ends == [], f"{chapter_id}: stuck at {[(d.node, d.kind, d.path) for d in report.dead_ends]}"
        return
    report = explore_chapter(result.story, chapter_id)
    assert report.complete, f"{chapter_id}: more than {explore.DEFAULT_MAX_STATES:,} states, the default bound"
    assert report.unreachable_endings == [], f"{chapter_id}: unreachable endings {report.unreachable_endings}"
    assert report.dead_ends == [], f"{chapter_id}: stuck at {[(d.node, d.kind, d.path) for d in report.dead_ends]}"
    assert report.exitless_loops == [], f"{chapter_id}: loops with no exit through {[l.nodes for l in report.exitless_loops]}"


def test_soft_lock_that_only_chance_causes(tmp_path: Path) -> None:
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: Try the door.
            to: out
            enabled: chance(50)
            reason: It sticks.
      out:
        text: Out.
        ending: {id: out, title: Out}
    """
    report = explore_chapter(loaded(make(tmp_path, nodes)), "main")
    assert [(d.node, d.kind, d.by_chance) for d in report.dead_ends] == [("start", "soft-lock", True)]
    assert report.endings_reached == {"out": ["Try the door."]}


COUNTING = """
nodes:
  start:
    text: "Step {steps}."
    choices:
      - text: Walk on.
        to: start
        set: steps += 1
      - text: Leave.
        to: out
        enabled: steps >= 3 and not door
        reason: Not yet.
      - text: Knock.
        to: start
        set: door = not door
  out:
    text: Out.
    ending: {id: out, title: Out}
"""
COUNTING_MANIFEST = MANIFEST.replace("      said: {type: int, initial: 0, min: 0, max: 9}",
                                     "      said: {type: int, initial: 0, min: 0, max: 9}\n      steps: {type: int, initial: 0}")


def test_a_counter_compared_only_with_constants_is_kept_at_a_cap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a range, `steps += 1` in a loop has no end; above 3 no guard can tell its values apart."""
    root = make(tmp_path, COUNTING, COUNTING_MANIFEST)
    report = explore_chapter(loaded(root), "main")
    assert report.complete and report.ok and report.states == 11  # steps 0..4 (4: "4 or more") × door, and out
    assert report.endings_reached == {"out": ["Walk on.", "Walk on.", "Walk on.", "Leave."]}
    code, out = cli(root, capsys=capsys)
    assert code == 0 and "steps (kept at 4 above it)" in out


def test_a_counter_that_also_goes_down_is_counted_exactly_and_the_bound_exits_3(tmp_path: Path,
                                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    nodes = COUNTING.replace("      - text: Knock.\n        to: start\n        set: door = not door",
                             "      - text: Back.\n        to: start\n        set: steps -= 2")
    root = make(tmp_path, nodes.replace("steps >= 3 and not door", "steps == -40"), COUNTING_MANIFEST)
    report = explore_chapter(loaded(root), "main", max_states=30)
    assert not report.complete and "out" not in report.endings_reached
    code, out = cli(root, "--max-states", "30", capsys=capsys)
    assert code == explore.EXIT_BOUND == 3
    assert "endings reached (within the bound): 0 of 1" in out
    assert "endings not reached within the bound (undecided): out (node out)" in out
    assert "loops with no exit: not looked for (within the bound" in out
    assert "UNREACHABLE" not in out


def test_long_lists_of_nodes_are_wrapped() -> None:
    from game.tools.explore.command import WIDTH, _wrapped

    lines = _wrapped("  nodes never reached (40):", [f"node_number_{i}" for i in range(40)])
    assert len(lines) > 3 and all(len(line) <= WIDTH for line in lines)
    assert _wrapped("  nodes never reached (2):", ["a", "b"]) == ["  nodes never reached (2): a, b"]
