"""Seeded random playthroughs through the Runtime's public API, kept step by step for the measures."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from game.core.model import Story
from game.core.runtime import Mode, Runtime

MAX_STEPS = 2_000  # a run that has not ended by then is stopped (and counted as such)
OPEN_SEARCH_STATES = 80  # states looked at, at most, to find the endings still open at a last choice
OPEN_SEARCH_DEPTH = 12  # steps ahead (under the runtime's undo depth)


@dataclass
class Step:
    node: str
    paragraphs: tuple[str, ...]
    status: str | None
    chose: int | None = None  # the choice's index in the node's choices, None for a continue
    fallback: bool = False


@dataclass
class Playthrough:
    chapter: str
    seed: int
    steps: list[Step] = field(default_factory=list)
    ending: str | None = None
    endings_open_at_last_choice: int | None = None  # None: the run made no choice, or did not end
    available: set[tuple[str, int]] = field(default_factory=set)  # (node, choice index) offered enabled at least once

    @property
    def choices(self) -> int:
        return sum(1 for step in self.steps if step.chose is not None or step.fallback)

    @property
    def words(self) -> int:
        return sum(len(paragraph.split()) for step in self.steps for paragraph in step.paragraphs)


def play(story: Story, chapter_id: str, seed: int, open_cache: dict[tuple, int] | None = None) -> Playthrough:
    """One playthrough picking uniformly among the enabled choices, the seed fixing both picks and chance."""
    runtime = Runtime(story, chapter_id, seed=seed)
    picker = random.Random(f"analyze:{chapter_id}:{seed}")
    run = Playthrough(chapter_id, seed)
    while len(run.steps) < MAX_STEPS:
        mode = runtime.mode
        step = Step(runtime.node_id, tuple(runtime.text), runtime.status)
        run.steps.append(step)
        if mode is Mode.ENDED:
            ending = runtime.ending
            run.ending = ending.id if ending else None
            if any(step.chose is not None or step.fallback for step in run.steps):
                run.endings_open_at_last_choice = _open_at_last_choice(runtime, run, open_cache)
            break
        if mode is Mode.CONTINUE:
            runtime.advance()
            continue
        views = runtime.choices
        enabled = [view for view in views if view.enabled]
        shown = _node_indexes(runtime, views)
        for view in enabled:
            if not view.fallback:
                run.available.add((runtime.node_id, shown[view.index]))
        pick = picker.choice(enabled)
        if pick.fallback:
            step.fallback = True
        else:
            step.chose = shown[pick.index]
        runtime.choose(pick.index)
    return run


def _node_indexes(runtime: Runtime, shown_texts: list[Any]) -> list[int]:
    """For each shown choice, its position among the node's written choices (hidden ones are skipped)."""
    node = runtime.node
    positions: list[int] = []
    written = 0
    for view in shown_texts:
        if view.fallback:
            positions.append(-1)
            continue
        while written < len(node.choices) and not _same(node.choices[written], view):
            written += 1
        positions.append(min(written, len(node.choices) - 1))
        written += 1
    return positions


def _same(choice: Any, view: Any) -> bool:
    return choice.target == view.target and (not choice.text.is_plain or choice.text.source == view.text)


def _open_at_last_choice(runtime: Runtime, run: Playthrough, cache: dict[tuple, int] | None) -> int | None:
    """Go back (by undo) to the run's last choice, and count the endings some way on from there reaches."""
    last = max(i for i, step in enumerate(run.steps) if step.chose is not None or step.fallback)
    for _ in range(len(run.steps) - 1 - last):
        if not runtime.can_undo:  # more continues after it than the runtime keeps undo steps for
            return None
        runtime.undo()
    key = _key(runtime)
    if cache is not None and key in cache:
        return cache[key]
    found = len(endings_open(runtime))
    if cache is not None:
        cache[key] = found
    return found


def _key(runtime: Runtime) -> tuple:
    state = runtime.state
    return (state.node, tuple(sorted(state.vars.items())), tuple(sorted(map(str, state.once))))


def endings_open(runtime: Runtime) -> set[str]:
    """The endings some way of playing on from here reaches, by trying each move and undoing it.

    The search looks at a bounded number of states and steps, so a far-off ending may be missed;
    the runtime is left where it was.
    """
    found: set[str] = set()
    seen: set[tuple] = set()

    def visit(depth: int) -> None:
        if len(seen) >= OPEN_SEARCH_STATES or depth > OPEN_SEARCH_DEPTH:
            return
        key = _key(runtime)
        if key in seen:
            return
        seen.add(key)
        mode = runtime.mode
        if mode is Mode.ENDED:
            if runtime.ending:
                found.add(runtime.ending.id)
            return
        moves = [None] if mode is Mode.CONTINUE else [view.index for view in runtime.choices if view.enabled]
        for move in moves:
            if move is None:
                runtime.advance()
            else:
                runtime.choose(move)
            visit(depth + 1)
            runtime.undo()

    visit(0)
    return found


def play_many(story: Story, chapter_id: str, runs: int, seed: int) -> list[Playthrough]:
    cache: dict[tuple, int] = {}
    return [play(story, chapter_id, seed * 100_003 + number + 1, cache) for number in range(runs)]
