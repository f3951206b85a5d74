"""Tests for the explorer's random playthroughs, its agreement with the runtime, and the stories the bench generates."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.bench.story import generate_story  # noqa: E402
from game.core.checker import check_story  # noqa: E402
from game.core.runtime import Mode, Runtime  # noqa: E402
from game.tools import explore  # noqa: E402
from game.tools.explore import explore_chapter, random_playthroughs  # noqa: E402
from tests.tools.explore_support import cli, loaded, make  # noqa: E402


def test_random_playthroughs_are_reproducible_by_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = loaded(generate_story(tmp_path / "gen", nodes=300, files=3, seed=4))
    first = random_playthroughs(story, "gen", 300, seed=7)
    again = random_playthroughs(story, "gen", 300, seed=7)
    other = random_playthroughs(story, "gen", 300, seed=8)
    assert first.endings == again.endings and first.hits == again.hits
    assert first.mean_choices == again.mean_choices and first.longest_choices == again.longest_choices
    assert (first.endings, first.hits) != (other.endings, other.hits)
    assert sum(first.endings.values()) + first.capped == 300
    assert first.longest_choices >= first.mean_choices > 0
    code, out = cli(generate_story(tmp_path / "gen2", nodes=300, files=3, seed=4), "--random", "300", "--seed", "7",
                    capsys=capsys)
    assert code == 0 and "300 random playthroughs, seed 7" in out and "hits per node" in out


def test_random_playthroughs_stop_at_the_step_cap(tmp_path: Path) -> None:
    nodes = """
    nodes:
      start:
        text: Round.
        choices:
          - text: Round.
            to: start
          - text: Never.
            to: out
            if: energy > 9
      out:
        text: Out.
        ending: {id: out, title: Out}
    """
    report = random_playthroughs(loaded(make(tmp_path, nodes)), "main", 5, seed=1, max_steps=40)
    assert report.capped == 5 and report.endings == {} and report.longest_choices == 40


def test_exploration_agrees_with_the_runtime(tmp_path: Path) -> None:
    """Whatever the real runtime reaches in random play, exploration reaches too (and no fewer endings)."""
    story = loaded(generate_story(tmp_path / "gen", nodes=200, files=2, seed=2))
    report = explore_chapter(story, "gen")
    unreached = set(report.never_reached_nodes)
    rng = random.Random(3)
    endings = set()
    for _ in range(300):
        rt = Runtime(story, "gen", seed=rng.randrange(1, 2**31))
        for _ in range(300):
            assert rt.node_id not in unreached
            if rt.mode is Mode.ENDED:
                endings.add(rt.ending.id)
                break
            if rt.mode is Mode.CONTINUE:
                rt.advance()
                continue
            rt.choose(rng.choice([view.index for view in rt.choices if view.enabled]))
    assert endings <= set(report.endings_reached)


def _findings(report: explore.ExploreReport) -> tuple:
    return (report.endings_reached, report.unreachable_endings, [(d.node, d.kind, d.path) for d in report.dead_ends],
            report.never_reached_nodes, [(r.node, r.index, r.values_seen) for r in report.never_enabled_choices],
            [(r.node, r.index) for r in report.never_taken_choices], [loop.nodes for loop in report.exitless_loops])


def test_resetting_dead_values_changes_no_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The liveness reduction merges states but must leave every finding, and every shortest path, as it was."""
    nodes = """
    nodes:
      start:
        text: Start.
        choices:
          - text: Tire.
            to: start
            set: energy -= 1
          - text: Rest.
            to: start
            set: energy += 1
          - text: Open the door.
            to: hall
            set: door = true
          - text: Stay shut in.
            to: stuck
            if: energy == 0
          - text: Leave now.
            to: out
            if: energy >= 4
      hall:
        text: Hall.
        set: energy = 3
        choices:
          - text: Out.
            to: out
            enabled: energy >= 3 and door
            reason: No.
      stuck:
        text: Stuck.
        choices:
          - text: Nothing.
            to: stuck
            enabled: door
            reason: Shut.
      out:
        text: Out.
        ending: {id: out, title: Out}
    """
    stories = [loaded(make(tmp_path / "a", nodes)), loaded(generate_story(tmp_path / "gen", nodes=300, files=3, seed=5))]
    reduced = [explore_chapter(story, story.chapters[0].id) for story in stories]
    original = explore._Compiled._liveness

    def everything_live(self: explore._Compiled, once_bits: dict) -> None:
        original(self, once_bits)
        for table in self.tables:
            table.reset_vars, table.reset_counts, table.once_mask, table.turns_live = (), (), -1, True

    monkeypatch.setattr(explore._Compiled, "_liveness", everything_live)
    full = [explore_chapter(story, story.chapters[0].id) for story in stories]
    for small, big in zip(reduced, full):
        assert small.states < big.states
        assert _findings(small) == _findings(big)
    assert [d.node for d in reduced[0].dead_ends] == ["stuck"]


def test_generated_story_loads_cleanly(tmp_path: Path) -> None:
    result = check_story(generate_story(tmp_path / "gen", nodes=120, files=4, seed=1))
    assert result.ok, [str(d) for d in result.errors]
    assert len(result.story.nodes) == 120 and len(list((tmp_path / "gen" / "gen").glob("*.yaml"))) == 4
