"""Property tests: any expression, template or saved state gives a finding or a refusal, never a traceback."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.expressions import ExprError, SimpleScope, VarInfo, compile_expression
from game.core.loader import load_story
from game.core.runtime import RUN_TIME_SLIPS, Runtime, StateError
from game.core.templates import compile_template
from game.tools import fuzz

FIXTURE = Path(__file__).resolve().parents[1] / "player" / "fixtures" / "story"
SCOPE = SimpleScope({"n": VarInfo("int", None, None, None), "f": VarInfo("bool", None, None, None),
                     "s": VarInfo("str", None, None, None), "m": VarInfo("str", ("a", "b"), None, None)}, {"start"})
PIECES = ["n", "f", "s", "m", "1", "0", "-", "+", "*", "//", "%", "(", ")", " and ", " or ", "not ", "==", "<",
          "'a'", '"b"', "visits(start)", "chance(50)", "random(1, 3)", "max(", ",", "min(", "1if ", " else ", "__", "[", "."]
FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class State:
    """What an expression reads: variables, visits, turns and a seed, as the runtime's state does."""

    def __init__(self, n: int, f: bool, s: str) -> None:
        self.vars = {"n": n, "f": f, "s": s, "m": "a"}
        self.visits = {"start": 1}
        self.turns = 3
        self.seed = 7


@FEW
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.integers(-10**15, 10**15), st.booleans(), st.text(max_size=20))
def test_any_expression_compiles_or_is_a_finding_and_runs_or_slips(pieces: list[str], n: int, f: bool, s: str) -> None:
    source = "".join(pieces)
    try:
        expr = compile_expression(source, SCOPE)
    except ExprError as error:
        assert 0 <= error.offset <= len(source) and error.code.startswith("CL")
        return
    try:
        expr(State(n, f, s))
    except RUN_TIME_SLIPS:
        pass  # the runtime turns these into warnings


@FEW
@given(st.lists(st.sampled_from(list("{}|\\:ifelsn ab'\"") + ["{if f: ", "|else: ", "|elif n > 1: ", "{n}"]), max_size=30))
def test_any_template_compiles_or_is_a_finding_at_its_place(pieces: list[str]) -> None:
    source = "".join(pieces)
    try:
        template = compile_template(source, SCOPE)
    except ExprError as error:
        assert 0 <= error.offset <= len(source)
        return
    template.render(State(1, True, "x"), gaps=RUN_TIME_SLIPS)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
STORY = load_story(FIXTURE).story


def _damaged(base: dict, key: str, value: object, page: int | None) -> dict:
    state = json.loads(json.dumps(base))
    if page is not None and state["history"]:
        state["history"][page % len(state["history"])][key] = value
    elif page is not None and state["undo"]:
        state["undo"][0][key] = value
    else:
        state[key] = value
    return state


def _played() -> dict:
    runtime = Runtime(STORY, STORY.chapters[0].id, seed=3)
    for _ in range(4):
        if runtime.choices:
            runtime.choose(0)
        elif runtime.mode.value == "continue":
            runtime.advance()
    return runtime.to_state()


BASE = _played()


@FEW
@given(st.sampled_from(sorted(set(BASE) | {"paragraphs", "history_len", "scene_node"})), JSON, st.none() | st.integers(0, 5))
def test_any_damaged_state_is_refused_or_plays_on(key: str, value: object, page: int | None) -> None:
    state = _damaged(BASE, key, value, page)
    try:
        runtime, _ = Runtime.from_state(STORY, state)
    except StateError:
        return
    [entry.paragraphs for entry in runtime.history]
    runtime.text, runtime.choices, runtime.scene, runtime.status
    while runtime.can_undo:
        runtime.undo()
        runtime.text
    again, _ = Runtime.from_state(STORY, json.loads(json.dumps(runtime.to_state())))
    assert again.to_state()["node"] == runtime.node_id


def test_a_few_mutants_of_a_small_story_break_nothing() -> None:
    assert fuzz.run(12, seed=5, out=None, source=FIXTURE, quiet=True) == 0


def test_a_mutant_depends_on_the_seed_and_its_number_alone(tmp_path: Path) -> None:
    mutants = fuzz.Mutants(FIXTURE, tmp_path / "story")
    made = []
    for number in (3, 4, 3):
        name, _, _, _, target = mutants.fuzz_one(fuzz.mutant_rng(5, number))
        made.append((name, target, target.read_text(encoding="utf-8")))
        mutants.restore(target)
        assert target.read_text(encoding="utf-8") == (FIXTURE / target.relative_to(tmp_path / "story")).read_text(encoding="utf-8")
    assert made[0] == made[2] and made[0] != made[1]


def test_a_run_split_across_two_jobs_breaks_nothing() -> None:
    assert fuzz.run(8, seed=5, out=None, source=FIXTURE, quiet=True, jobs=2) == 0


def test_a_failing_mutant_is_kept_whole_with_how_to_run_it_again(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fuzz, "_hold", lambda work, rng, from_scratch: ("play raised: a planted failure", 0.01, True))
    assert fuzz.run(2, seed=5, out=tmp_path / "out", source=FIXTURE, quiet=True) == 2
    kept = sorted((tmp_path / "out").iterdir())
    assert [folder.name.split("-")[:3] for folder in kept] == [["mutant", "5", "0"], ["mutant", "5", "1"]]
    note = (kept[1] / "FAILURE.txt").read_text(encoding="utf-8")
    assert "a planted failure" in note and "--seed 5 --only 1" in note
    assert (kept[1] / "story.yaml").is_file()


def test_a_long_run_can_be_made_in_parts_numbered_from_first(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fuzz, "_hold", lambda work, rng, from_scratch: ("play raised: a planted failure", 0.01, True))
    assert fuzz.run(2, seed=5, out=tmp_path / "out", source=FIXTURE, quiet=True, first=7) == 2
    assert sorted(folder.name.split("-")[2] for folder in (tmp_path / "out").iterdir()) == ["7", "8"]


def test_findings_that_differ_from_a_check_from_scratch_are_a_failure(tmp_path: Path) -> None:
    from game.content import CATALOGUE
    from game.core.checker import check_story
    from game.core.diagnostics import ERROR, Diagnostic

    kept = check_story(FIXTURE, CATALOGUE)
    assert fuzz._differs_from_scratch(FIXTURE, kept) is None
    kept.diagnostics.append(Diagnostic(str(FIXTURE / "story.yaml"), 1, 1, ERROR, "a finding only a kept parse made", "CL001"))
    differs = fuzz._differs_from_scratch(FIXTURE, kept)
    assert differs is not None and "a finding only a kept parse made" in differs


def test_loads_from_scratch_keep_nothing_and_put_back_what_was_kept() -> None:
    from game.core.load_cache import LOAD_CACHE
    from game.core.loader import load_story, loads_from_scratch, reuse_between_loads

    reuse_between_loads(True)
    try:
        load_story(FIXTURE)
        kept = LOAD_CACHE.parsed, LOAD_CACHE.verdicts, LOAD_CACHE.compiled
        assert all(kept)  # parses, schema verdicts and compiled sources, all in the one owner
        with loads_from_scratch():
            assert not LOAD_CACHE.keeping
            assert LOAD_CACHE.parsed is LOAD_CACHE.verdicts is LOAD_CACHE.compiled is None
            load_story(FIXTURE)
        assert (LOAD_CACHE.parsed, LOAD_CACHE.verdicts, LOAD_CACHE.compiled) == kept
        assert LOAD_CACHE.parsed is kept[0] and LOAD_CACHE.compiled is kept[2]
    finally:
        reuse_between_loads(False)
    assert not LOAD_CACHE.keeping


def test_clearing_the_load_cache_forgets_what_was_kept_and_keeps_on_keeping() -> None:
    from game.core.load_cache import LOAD_CACHE
    from game.core.loader import load_story, reuse_between_loads

    reuse_between_loads(True)
    try:
        load_story(FIXTURE)
        first = next(iter(LOAD_CACHE.parsed.values()))[2]
        LOAD_CACHE.clear()
        assert LOAD_CACHE.keeping and not LOAD_CACHE.parsed and not LOAD_CACHE.verdicts and not LOAD_CACHE.compiled
        load_story(FIXTURE)
        assert LOAD_CACHE.parsed and next(iter(LOAD_CACHE.parsed.values()))[2] is not first  # parsed afresh
    finally:
        reuse_between_loads(False)
