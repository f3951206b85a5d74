"""Saved states: damaged contents refused or left out, value limits, runaway effects, bounded history."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.core.checker import check_story
from game.core.loader import load_story
from game.core.model import INT_LIMIT, STR_LIMIT
from game.core.runtime import Runtime, StateError
from game.core.savedstate import MAX_HISTORY
from tests.conftest import PAGES, write_story

LOOP = """\
title: Loops
variables:
  n: {type: int, initial: 999999999999999}
  s: {type: str, initial: ab}
chapters:
  - {id: c, title: C, start: a, files: [c.yaml]}
""" + PAGES
# The text shows n to the 320th power: past Python's 4,300 digits once n has 15.
NODES = ('nodes:\n  a:\n    text: "n has {n} and s is {s}. {' + " * ".join(["n"] * 320) + '}"\n' + """\
    choices:
      - {text: Again., to: a, set: [n = n * n * n, s += s]}
      - {text: Stop., to: z}
  z: {text: Done., ending: {id: e, title: E}}
""")


@pytest.fixture
def loop_story(tmp_path: Path):
    folder = write_story(tmp_path / "loop", LOOP, {"c.yaml": NODES})
    result = load_story(folder)
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.story


def round_trip(runtime: Runtime) -> Runtime:
    return Runtime.from_state(runtime.story, json.loads(json.dumps(runtime.to_state())))[0]


def test_runaway_values_stop_at_the_limits_and_play_goes_on(loop_story) -> None:
    runtime = Runtime(loop_story, "c", seed=1)
    for _ in range(60):
        runtime.choose(0)
        assert runtime.text, "the text still shows"
        runtime = round_trip(runtime)
    assert abs(runtime.variables["n"]) <= INT_LIMIT and len(runtime.variables["s"]) <= STR_LIMIT
    assert len(runtime.variables["s"]) > 2, "the text grew until its limit"
    runtime.choose(0)
    assert runtime.text[0].startswith("n has 999999999999999") and runtime.text[0].endswith("…")
    assert any("does not fit" in warning for warning in runtime.warnings)
    assert any("text could not be filled in" in warning for warning in runtime.warnings), "a number too long to show"
    assert len(json.dumps(runtime.to_state())) < 5_000_000


def test_the_checker_warns_of_effects_that_feed_on_themselves(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "loop", LOOP, {"c.yaml": NODES})
    runaway = [d for d in check_story(folder).diagnostics if d.code == "CL070"]
    assert {d.message.split("'")[1] for d in runaway} == {"n = n * n * n", "s += s"}
    tame = NODES.replace("n = n * n * n, s += s", "n += 1, s = s + 'x'")
    folder = write_story(tmp_path / "tame", LOOP, {"c.yaml": tame})
    assert not [d for d in check_story(folder).diagnostics if d.code == "CL070"]


def played(story, steps: int = 3) -> dict:
    runtime = Runtime(story, "c", seed=1)
    for _ in range(steps):
        runtime.choose(0)
    return json.loads(json.dumps(runtime.to_state()))


@pytest.mark.parametrize("damage", ["paragraphs", "scene_node", "once"])
def test_a_damaged_page_or_undo_step_is_left_out_not_crashed_on(loop_story, damage: str) -> None:
    state = played(loop_story)
    if damage == "paragraphs":
        for page in state["history"]:
            page["paragraphs"] = 5
    elif damage == "scene_node":
        for step in state["undo"]:
            step.pop("scene_node")
    else:
        for step in state["undo"]:
            step["once"] = [[1]]
    runtime, warnings = Runtime.from_state(loop_story, state)
    assert "damaged" in " ".join(warnings)
    assert all(isinstance(page.paragraphs, tuple) for page in runtime.history)
    while runtime.can_undo:
        runtime.undo()
    runtime.choose(0)


@pytest.mark.parametrize("damage", [{"vars": 5}, {"visits": {"a": "x"}}, {"once": [[1]]}, {"turns": -1},
                                    {"node": 7}, {"history": {"a": 1}}])
def test_a_damaged_state_is_refused_as_damaged(loop_story, damage: dict) -> None:
    state = dict(played(loop_story), **damage)
    with pytest.raises(StateError, match="damaged"):
        Runtime.from_state(loop_story, state)


def test_deeply_nested_contents_are_refused_not_a_recursion_error(loop_story) -> None:
    state = played(loop_story)
    nested: list = []
    for _ in range(100_000):
        nested = [nested]
    state["vars"] = {"n": nested}
    with pytest.raises(StateError):
        Runtime.from_state(loop_story, state)


def test_history_keeps_its_last_pages_and_undo_stays_right(loop_story) -> None:
    runtime = Runtime(loop_story, "c", seed=1)
    sizes = []
    for step in range(MAX_HISTORY * 3):
        runtime.choose(0)
        if step % 100 == 0:
            runtime = round_trip(runtime)
            sizes.append(len(json.dumps(runtime.to_state())))
    assert len(runtime.history) == MAX_HISTORY
    assert sizes[-1] <= sizes[len(sizes) // 2] * 1.2, f"the save's size grows with play: {sizes}"
    before = [page.node_id for page in runtime.history]
    runtime.choose(0)
    runtime = round_trip(runtime)
    runtime.undo()
    assert [page.node_id for page in runtime.history] == before[: len(runtime.history)]
    assert len(runtime.history) == MAX_HISTORY - 1


def test_a_state_taken_is_left_as_it_was_by_the_moves_after_it(loop_story) -> None:
    """The state shares its pages and undo steps with the runtime, so no later move may change one in place."""
    runtime = Runtime(loop_story, "c", seed=1)
    for _ in range(MAX_HISTORY + 5):  # past the limit, so the oldest pages are trimmed too
        runtime.choose(0)
    state = runtime.to_state()
    written = json.dumps(state)
    for _ in range(3):
        runtime.choose(0)
    runtime.undo()
    runtime.undo()
    runtime.choose(0)
    runtime.set_variable("s", "changed")
    assert json.dumps(state) == written
    assert json.dumps(round_trip(runtime).to_state()) == json.dumps(runtime.to_state())
