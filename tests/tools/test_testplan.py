"""Story test plans: the game's own plans reach every ending, and each broken expectation is told at file:line."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from game.core.loader import load_story
from game.tools.testplan import read_plan, run, run_plan
from tests.conftest import ONE_CHAPTER, STORY_DIR, write_story

PLANS = Path(__file__).resolve().parents[1] / "story" / "plans"

NODES = """\
nodes:
  start:
    text: The kettle clicks off.
    next: kitchen
  kitchen:
    text: Energy {energy}. The door is shut.
    choices:
      - text: Rest.
        to: start
        set: energy += 1
        once: true
      - text: Open the door.
        to: end
        enabled: energy >= 3 and mood == 'flat'
        reason: You haven’t the strength.
        set: door = true
      - text: Wait.
        to: end
  end:
    text: "{if door: The air is cold.|else: Nothing changes.}"
    ending: {id: done, title: Done}
"""


@pytest.fixture(scope="module")
def game_story():
    result = load_story(STORY_DIR)
    assert result.story is not None
    return result.story


def test_the_games_plans_pass_and_reach_every_ending(game_story) -> None:
    reached: set[tuple[str, str]] = set()
    for path in sorted(PLANS.glob("*.plan")):
        plan = read_plan(path, path.name)
        outcome = run_plan(game_story, plan)
        assert outcome.ok, plan.problems + outcome.failures
        chapter = next(step.argument for step in plan.steps if step.kind == "chapter")
        reached |= {(chapter, step.argument) for step in plan.steps if step.kind == "ending"}
    every = {(chapter.id, ending.id) for chapter in game_story.chapters for ending in chapter.endings}
    assert every and reached == every


def outcome_of(tmp_path: Path, plan_text: str) -> list[str]:
    folder = write_story(tmp_path / "story", ONE_CHAPTER, {"nodes.yaml": NODES})
    story = load_story(folder).story
    assert story is not None
    plan_path = tmp_path / "t.plan"
    plan_path.write_text(plan_text, encoding="utf-8")
    outcome = run_plan(story, read_plan(plan_path, "t.plan"))
    return outcome.plan.problems + outcome.failures


def test_a_plan_that_holds_passes_every_step(tmp_path: Path) -> None:
    plan = """\
# rest twice, then open the door
chapter: main
line: The kettle clicks off.
line: energy 2
unavailable: Open the door.
because: You haven't the strength
choose: rest.
hidden: Rest.
variable: energy = 3
variable: door = false
choose: Open the door.
line: The air is cold.
variable: door = true
node: end
ending: done
"""
    assert outcome_of(tmp_path, plan) == []


FAILURES = {
    "a line not shown": ("chapter: main\nline: The tea is ready.\n", "t.plan:2: line: The tea is ready.: no line shown"),
    "a choice that is not there": ("chapter: main\nchoose: Sing.\n", "t.plan:2: choose: Sing.: no such choice at 'kitchen'; the choices are: 1. Rest.; 2. Open the door. (unavailable); 3. Wait."),
    "a number past the choices": ("chapter: main\nchoose: 7\n", "t.plan:2: choose: 7: no such choice"),
    "taking an unavailable choice": ("chapter: main\nchoose: 2\n", "t.plan:2: choose: 2: that choice is unavailable at 'kitchen': You haven’t the strength."),
    "an open choice said to be unavailable": ("chapter: main\nunavailable: Wait.\n", "t.plan:2: unavailable: Wait.: that choice can be taken now"),
    "the wrong reason": ("chapter: main\nunavailable: Open the door.\nbecause: It is locked.\n", "t.plan:3: because: It is locked.: the reason given is 'You haven’t the strength.'"),
    "a shown choice said to be hidden": ("chapter: main\nhidden: Rest.\n", "t.plan:2: hidden: Rest.: that choice is shown"),
    "the wrong value": ("chapter: main\nvariable: energy = 5\n", "t.plan:2: variable: energy = 5: 'energy' is 2"),
    "an unknown variable": ("chapter: main\nvariable: enrgy = 2\n", "t.plan:2: variable: enrgy = 2: 'enrgy' is not a variable of this chapter"),
    "the wrong ending": ("chapter: main\nchoose: Wait.\nending: escaped\n", "t.plan:3: ending: escaped: it ended with 'done' (Done)"),
    "no ending yet": ("chapter: main\nending: done\n", "t.plan:2: ending: done: it has not ended; it is at 'kitchen'"),
    "an unknown chapter": ("chapter: attic\n", "t.plan:1: chapter: attic: the story has no such chapter; its chapters are main"),
    "an unknown step": ("chapter: main\nselect: 1\n", "t.plan:2: 'select' is not a step"),
    "a step with nothing after it": ("chapter: main\nchoose:\n", "t.plan:2: 'choose:' needs something after the colon"),
    "a plan that does not start a chapter": ("choose: 1\n", "t.plan:1: a plan starts with 'chapter: ID'"),
}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_each_broken_expectation_is_told_at_its_line(tmp_path: Path, name: str) -> None:
    plan, expected = FAILURES[name]
    found = outcome_of(tmp_path, plan)
    assert found and found[0].startswith(expected), found


def test_the_command_exits_1_on_a_failing_plan_and_0_when_all_pass(tmp_path: Path, capsys) -> None:
    folder = write_story(tmp_path / "story", ONE_CHAPTER, {"nodes.yaml": NODES})
    good, bad = tmp_path / "good.plan", tmp_path / "bad.plan"
    good.write_text("chapter: main\nchoose: Wait.\nending: done\n", encoding="utf-8")
    bad.write_text("chapter: main\nchoose: Wait.\nending: Escaped\n", encoding="utf-8")
    assert run(argparse.Namespace(story=str(folder), plans=[str(good)])) == 0
    assert run(argparse.Namespace(story=str(folder), plans=[str(good), str(bad)])) == 1
    out = capsys.readouterr().out
    assert f"{bad}:3: ending: Escaped" in out and "1 of 2 plans passed" in out


def test_the_command_refuses_a_story_with_errors(tmp_path: Path, capsys) -> None:
    folder = write_story(tmp_path / "story", ONE_CHAPTER, {"nodes.yaml": NODES.replace("to: end\n        enabled", "to: ned\n        enabled")})
    plan = tmp_path / "p.plan"
    plan.write_text("chapter: main\n", encoding="utf-8")
    assert run(argparse.Namespace(story=str(folder), plans=[str(plan)])) == 1
    assert "[CL021]" in capsys.readouterr().out
