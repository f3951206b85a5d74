"""Differential test: the explorer and the runtime agree, step by step, on small random stories.

Hypothesis writes small stories (counters with and without ranges, flags, an enum, seen(),
visits(), turns(), chance() and random(), once-only choices, fallbacks, arrival effects) and
plays them at random. At every step, with the game restored from a JSON save, the explorer's
view of the state (which choices are open, unavailable, hidden or already taken) and its
successor states, for every choice and every outcome of chance, are exactly the runtime's.
The runtime enumerates chance through the same roll hook the explorer branches with.

About 150 stories in the normal run; DIFFERENTIAL_EXAMPLES=2000 (or `make differential`) for the long one.
"""
from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.lang.evaluate import outcomes
from game.core.loader import load_story
from game.core.runtime import Mode, Runtime
from game.tools.explore.chance import Oracle
from game.tools.explore.compiled import _Compiled
from game.tools.explore.probe import HIDDEN, OPEN, TAKEN, UNAVAILABLE, abstract, successors, views
from game.tools.explore.search import _Search

EXAMPLES = int(os.environ.get("DIFFERENTIAL_EXAMPLES", "150"))
STEPS = 10

CONDITIONS = ["a >= 2", "a < 1", "c >= 2", "c == 1", "c < 3 and f", "f", "not f", "m == 'x'", "seen(n1)",
              "visits(n0) >= 2", "visits(n2) == 1", "chance(50)", "turns() > 3", "a + c > 2", "random(0, 2) == 1",
              "c > 1 or m == 'y'", "a == 3", "d >= 2", "d < 1"]
EFFECTS = ["a += 1", "a -= 1", "c += 1", "c += 2", "c = 0", "f = not f", "f = true", "m = 'y'", "m = 'x'",
           "a = random(0, 3)", "a = c", "f = chance(30)", "d += 1", ["c += 1", "d += 1"], "d = 0", "t = t + 'x'"]
REASONS = ["Not yet.", "Not with {a} left.", "{if f: Not now.|else: Not today.}"]


class MemoRoll:
    """The roll hook for the runtime under test: an Oracle's choice, the same for one site in one turn.

    The seeded roll gives one site one value per turn however often it is read; this keeps that
    while the Oracle walks every combination, as the explorer's does.
    """

    def __init__(self) -> None:
        self.oracle = Oracle()
        self.memo: dict[tuple, object] = {}

    def __call__(self, context, kind, site, first, second=0):
        key = (context.turns, site)
        if key not in self.memo:
            self.memo[key] = self.oracle.pick(outcomes(kind, first, second))
        return self.memo[key]


@st.composite
def stories(draw) -> tuple[str, str]:
    count = draw(st.integers(3, 6))  # the conditions name n0, n1 and n2
    ids = [f"n{i}" for i in range(count)]
    endings = ["e0"] + (["e1"] if draw(st.booleans()) else [])
    targets = ids + endings
    nodes: dict[str, dict] = {}
    for node_id in ids:
        node: dict = {"text": "Here, {a} and {c}."}
        if draw(st.integers(0, 5)) == 0:
            node["set"] = draw(st.sampled_from(EFFECTS))
        if draw(st.integers(0, 6)) == 0:
            node["next"] = draw(st.sampled_from(targets))
        else:
            choices = []
            for k in range(draw(st.integers(1, 3))):
                choice: dict = {"text": f"Go {k}.", "to": draw(st.sampled_from(targets))}
                if draw(st.integers(0, 2)) == 0:
                    choice["if"] = draw(st.sampled_from(CONDITIONS))
                if draw(st.integers(0, 2)) == 0:
                    choice["enabled"] = draw(st.sampled_from(CONDITIONS))
                    choice["reason"] = draw(st.sampled_from(REASONS))
                if draw(st.booleans()):
                    choice["set"] = draw(st.sampled_from(EFFECTS))
                if draw(st.integers(0, 4)) == 0:
                    choice["once"] = True
                choices.append(choice)
            node["choices"] = choices
            if draw(st.integers(0, 4)) == 0:
                node["fallback"] = draw(st.sampled_from(targets))
        nodes[node_id] = node
    for ending in endings:
        nodes[ending] = {"text": "The end.", "ending": {"id": ending, "title": ending}}
    manifest = textwrap.dedent("""
        title: Generated
        chapters:
          - id: g
            title: G
            start: n0
            files: [nodes.yaml]
            variables:
              a: {type: int, initial: 1, min: 0, max: 3}
              c: {type: int, initial: 0}
              d: {type: int, initial: 0}
              f: {type: bool, initial: false}
              m: {type: enum, values: [x, y], initial: x}
              t: {type: str, initial: ""}
    """)
    return manifest, json.dumps({"nodes": nodes})


def runtime_view(runtime: Runtime) -> tuple[tuple[int, str], ...]:
    if runtime.mode is not Mode.CHOICE:
        return ()
    node = runtime.node
    shown = runtime.choices
    visible = runtime._visible_choices()
    statuses = []
    for index, choice in enumerate(node.choices):
        if choice in visible:
            view = shown[visible.index(choice)]
            assert view.enabled or isinstance(view.reason, str)
            statuses.append((index, OPEN if view.enabled else UNAVAILABLE))
        elif choice.once and runtime._once_key(choice) in runtime.state.once:
            statuses.append((index, TAKEN))
        else:
            statuses.append((index, HIDDEN))
    return tuple(statuses)


def runtime_step(story, compiled: _Compiled, saved: str, roll: MemoRoll) -> tuple[set, dict]:
    """From a JSON save: every view the runtime can show, and for each choice the explorer states it leads to."""
    seen_views: set = set()
    found: dict = {}

    def restored() -> Runtime:
        roll.memo.clear()
        runtime, warnings = Runtime.from_state(story, json.loads(saved), roll=roll)
        assert warnings == []
        return runtime

    def attempt(key):
        runtime = restored()
        view = runtime_view(runtime)
        if runtime.mode is Mode.ENDED:
            return view, None
        if runtime.mode is Mode.CONTINUE:
            if key != "continue":
                return view, None
            runtime.advance()
            return view, abstract(compiled, runtime.state)
        shown = runtime.choices
        visible = runtime._visible_choices()
        if key == "continue":
            index = None
        elif key == "fallback":
            index = next((v.index for v in shown if v.fallback), None)
        else:
            choice = runtime.node.choices[key]
            index = visible.index(choice) if choice in visible and shown[visible.index(choice)].enabled else None
        if index is None:
            return view, None
        runtime.choose(index)
        return view, abstract(compiled, runtime.state)

    keys = ["continue", "fallback", *range(len(story.nodes[json.loads(saved)["node"]].choices))]
    for key in keys:
        for view, succ in roll.oracle.all_outcomes(lambda: attempt(key)):
            seen_views.add(view)
            if succ is not None:
                found.setdefault(key, set()).add(succ)
    return seen_views, found


def check_story_agrees(tmp_path: Path, manifest: str, nodes: str, seed: int) -> None:
    (tmp_path / "story.yaml").write_text(manifest, encoding="utf-8")
    (tmp_path / "nodes.yaml").write_text(nodes, encoding="utf-8")
    result = load_story(tmp_path)
    story = result.story
    assert story is not None and not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    compiled = _Compiled(story, story.chapter("g"))
    search = _Search(compiled, 10)
    roll = MemoRoll()
    runtime = Runtime(story, "g", seed=seed)
    assert abstract(compiled, runtime.state) in compiled.initial_states()
    picker = __import__("random").Random(seed)
    for _ in range(STEPS):
        saved = json.dumps(runtime.to_state())
        restored, _ = Runtime.from_state(story, json.loads(saved))
        state = abstract(compiled, runtime.state)
        assert abstract(compiled, restored.state) == state
        runtime_views, runtime_next = runtime_step(story, compiled, saved, roll)
        assert views(compiled, state) == runtime_views, (nodes, runtime.node_id)
        assert successors(search, state) == runtime_next, (nodes, runtime.node_id)
        if runtime.mode is Mode.ENDED:
            break
        if runtime.mode is Mode.CONTINUE:
            restored.advance()
        else:
            restored.choose(picker.choice([v.index for v in restored.choices if v.enabled]))
        runtime = restored


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(stories(), st.integers(1, 2**31 - 1))
def test_explorer_and_runtime_agree_at_every_step(tmp_path_factory, story: tuple[str, str], seed: int) -> None:
    manifest, nodes = story
    check_story_agrees(tmp_path_factory.mktemp("story"), manifest, nodes, seed)
