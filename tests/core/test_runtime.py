"""Runtime behaviour; every test runs twice, the second time through a save → load after each step."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from game.content import CATALOGUE
from game.core.loader import load_story
from game.core.model import Story
from game.core.runtime import FALLBACK_TEXT, Mode, Runtime, StateError

NODES = """\
nodes:
  start:
    title: The start
    scene: {name: dark_room, light: "{energy}", window: curtains}
    ambience: room_tone
    text: |
      You have {energy} energy.

      {if door: The door is open.|else: The door is shut.}
    choices:
      - text: Rest.
        to: start
        set: energy += 1
      - text: Open the door.
        to: hall
        enabled: energy >= 3
        reason: "Too tired ({energy})."
        set: [door = true, energy -= 2]
      - text: A secret.
        to: hall
        if: door
        once: true
  hall:
    text: The hall{if visits(hall) > 1:, again}.
    scene: {name: day_street, crowd: 0}
    next: stuck
  stuck:
    text: Nothing here is open.
    choices:
      - text: Run.
        to: end
        enabled: energy >= 5
        reason: Your legs won't.
      - text: Shout.
        to: end
        enabled: mood == 'calm'
        reason: Not calm enough.
    fallback: end
  end:
    text: The end, {mood}.
    ending: {id: done, title: Done}
"""


class RoundTrip:
    """Wraps a Runtime and replaces it with a JSON save → load copy after every step."""

    def __init__(self, story: Story, runtime: Runtime) -> None:
        self._story = story
        self._runtime = runtime

    def _reload(self) -> None:
        data = json.loads(json.dumps(self._runtime.to_state()))
        self._runtime, warnings = Runtime.from_state(self._story, data)
        assert warnings == []

    def choose(self, index: int) -> None:
        self._runtime.choose(index)
        self._reload()

    def advance(self) -> None:
        self._runtime.advance()
        self._reload()

    def undo(self) -> None:
        self._runtime.undo()
        self._reload()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._runtime, name)


@pytest.fixture
def story(story_factory) -> Story:
    result = load_story(story_factory(NODES), CATALOGUE)
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.story


@pytest.fixture(params=["direct", "roundtrip"])
def make(request, story: Story):
    def build(seed: int = 5) -> Any:
        runtime = Runtime(story, "main", seed=seed)
        return runtime if request.param == "direct" else RoundTrip(story, runtime)

    return build


def test_the_start_node(make) -> None:
    rt = make()
    assert rt.node_id == "start"
    assert rt.text == ["You have 2 energy.", "The door is shut."]
    assert rt.scene.name == "dark_room" and rt.scene.params["light"] == 2 and rt.scene.params["tv"] is False
    assert rt.ambience == "room_tone"
    assert rt.status == "Awake."
    assert rt.mode is Mode.CHOICE
    views = rt.choices
    assert [(c.text, c.enabled, c.reason) for c in views] == [
        ("Rest.", True, None), ("Open the door.", False, "Too tired (2).")]


def test_disabled_choices_cannot_be_taken(make) -> None:
    rt = make()
    with pytest.raises(ValueError, match="unavailable"):
        rt.choose(1)
    with pytest.raises(ValueError):
        rt.choose(7)
    assert rt.node_id == "start"


def test_effects_conditions_and_scene_follow_state(make) -> None:
    rt = make()
    rt.choose(0)
    assert rt.variables["energy"] == 3 and rt.scene.params["light"] == 3
    rt.choose(1)
    assert rt.node_id == "hall" and rt.variables == {"energy": 1, "door": True, "mood": "flat"}
    assert rt.scene.name == "day_street"
    assert rt.ambience == "room_tone"  # inherited
    assert rt.mode is Mode.CONTINUE and rt.choices == []
    assert rt.text == ["The hall."]


def test_clamping_to_the_declared_range(make) -> None:
    rt = make()
    for _ in range(6):
        rt.choose(0)
    assert rt.variables["energy"] == 5


def test_once_choices_and_visits(make) -> None:
    rt = make()
    rt.choose(0)
    rt.choose(1)  # to hall, door now open
    rt.advance()  # to stuck: all disabled, fallback offered
    views = rt.choices
    assert views[-1].fallback and views[-1].text == FALLBACK_TEXT and views[-1].target == "end"
    rt.choose(len(views) - 1)
    assert rt.mode is Mode.ENDED and rt.ending.id == "done"
    assert rt.text == ["The end, flat."]


def test_soft_lock_fallback_never_leaves_the_player_stuck(make) -> None:
    rt = make()
    rt.choose(0)
    rt.choose(1)
    rt.advance()
    assert any(view.enabled for view in rt.choices)


def test_history_and_undo(make) -> None:
    rt = make()
    rt.choose(0)
    rt.choose(1)
    history = rt.history
    assert [entry.node_id for entry in history] == ["start", "start"]
    assert history[0].choice == "Rest." and history[1].choice == "Open the door."
    assert history[0].paragraphs[0] == "You have 2 energy."
    assert rt.can_undo
    rt.undo()
    assert rt.node_id == "start" and rt.variables["energy"] == 3 and len(rt.history) == 1
    rt.undo()
    assert rt.variables["energy"] == 2 and not rt.can_undo
    with pytest.raises(ValueError):
        rt.undo()


def test_seeded_randomness_is_deterministic(story_factory) -> None:
    nodes = NODES.replace("The hall{if visits(hall) > 1:, again}.", '"Roll {random(1, 1000)}, {if chance(50): heads|else: tails}."')
    story = load_story(story_factory(nodes)).story

    def roll(seed: int) -> list[str]:
        rt = Runtime(story, "main", seed=seed)
        rt.choose(0)
        rt.choose(1)
        first = rt.text
        assert rt.text == first  # reading twice gives the same roll
        data = json.loads(json.dumps(rt.to_state()))
        again, _ = Runtime.from_state(story, data)
        assert again.text == first
        return first

    assert roll(11) == roll(11)
    assert len({tuple(roll(seed)) for seed in range(1, 8)}) > 1


def test_state_is_json_with_versions(make) -> None:
    rt = make()
    data = rt.to_state()
    assert data["version"] >= data["min_version"] >= 1
    assert data["node"] == "start" and data["chapter"] == "main"
    json.dumps(data)


def test_a_removed_node_loads_at_the_chapter_start_with_a_warning(story: Story) -> None:
    rt = Runtime(story, "main", seed=1)
    rt.choose(0)
    data = rt.to_state()
    data["node"] = "a_node_deleted_since"
    again, warnings = Runtime.from_state(story, data)
    assert again.node_id == "start"
    assert warnings and "no longer in the story" in warnings[0]


def test_a_variable_added_since_gets_its_initial_value_and_a_removed_one_is_named(story: Story) -> None:
    rt = Runtime(story, "main", seed=1)
    rt.choose(0)
    data = rt.to_state()
    del data["vars"]["mood"]
    data["vars"]["removed_since"] = 4
    again, warnings = Runtime.from_state(story, data)
    assert again.variables == {"energy": 3, "door": False, "mood": "flat"}
    assert warnings == ["'removed_since' is no longer in the story; the saved value is not kept"]


def test_a_value_that_no_longer_fits_is_reset(story: Story) -> None:
    data = Runtime(story, "main", seed=1).to_state()
    data["vars"]["mood"] = "furious"
    again, warnings = Runtime.from_state(story, data)
    assert again.variables["mood"] == "flat" and warnings


@pytest.mark.parametrize("data", [None, [], {"kind": "other"}, {"kind": "curtain-light-state"},
                                  {"kind": "curtain-light-state", "version": 9, "min_version": 9},
                                  {"kind": "curtain-light-state", "version": 1, "chapter": "nope"}])
def test_foreign_or_future_states_are_refused_clearly(story: Story, data: Any) -> None:
    with pytest.raises(StateError):
        Runtime.from_state(story, data)


def test_set_variable(story: Story) -> None:
    rt = Runtime(story, "main", seed=1)
    rt.set_variable("energy", "4")
    rt.set_variable("door", "true")
    assert rt.variables["energy"] == 4 and rt.variables["door"] is True
    with pytest.raises(ValueError):
        rt.set_variable("energy", "9")
    with pytest.raises(ValueError):
        rt.set_variable("nothing", "1")


def test_runtime_slips_do_not_break_the_story(story_factory) -> None:
    nodes = NODES.replace("You have {energy} energy.", "You have {energy // (energy - energy)} energy.")
    story = load_story(story_factory(nodes)).story
    rt = Runtime(story, "main", seed=1)
    assert rt.text[0] == "You have 0 energy."  # division by zero is defined as 0, not a crash
    rt.choose(0)
    assert rt.node_id == "start"


def test_the_core_imports_no_pygame() -> None:
    import subprocess
    import sys

    code = ("import sys, game.core.runtime, game.core.checker, game.core.loader, game.core.expressions;"
            "sys.exit(1 if 'pygame' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2]).returncode == 0


def test_jump_arrives_as_play_would(story: Story) -> None:
    rt = Runtime(story, "main", seed=1)
    rt.jump("hall")
    assert rt.node_id == "hall" and rt.scene.name == "day_street" and rt.mode is Mode.CONTINUE
    assert rt.to_state()["visits"]["hall"] == 1
    with pytest.raises(ValueError):
        rt.jump("nowhere")


def test_start_at_walks_the_way_there(story: Story) -> None:
    from game.core.runtime import start_at

    rt = start_at(story, "main", "stuck", [("energy", "4")], seed=2)
    assert rt.node_id == "stuck" and rt.variables["energy"] == 4
    assert rt.scene.name == "day_street" and rt.ambience == "room_tone"  # carried from the way there
    assert rt.to_state()["visits"] == {"start": 1, "hall": 1, "stuck": 1}
    assert rt.history == [] and not rt.can_undo
    for bad in (("main", "nowhere", []), ("nochapter", None, []), ("main", None, [("energy", "99")])):
        with pytest.raises(ValueError):
            start_at(story, *bad)
