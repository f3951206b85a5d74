"""Seeded random playthroughs through the Runtime's public API, kept step by step for the measures."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from game.core.model import Story
from game.core.runtime import MIN_COMPATIBLE_VERSION, STATE_KIND, STATE_VERSION, Mode, Runtime

MAX_STEPS = 2_000  # a run that has not ended by then is stopped (and counted as such)
OPEN_SEARCH_STATES = 300  # states looked at, at most, to find the endings still open at a last choice


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
    last_choice_state: dict[str, Any] | None = None  # the state just before the last choice made
    available: set[tuple[str, int]] = field(default_factory=set)  # (node, choice index) offered enabled at least once

    @property
    def choices(self) -> int:
        return sum(1 for step in self.steps if step.chose is not None or step.fallback)

    @property
    def words(self) -> int:
        return sum(len(paragraph.split()) for step in self.steps for paragraph in step.paragraphs)


def light_state(runtime: Runtime) -> dict[str, Any]:
    """The runtime's state as a save, without its history and undo (which the measures do not need)."""
    data = {"kind": STATE_KIND, "version": STATE_VERSION, "min_version": MIN_COMPATIBLE_VERSION}
    data.update(runtime.state.snapshot())
    data["history"], data["undo"] = [], []
    return data


def play(story: Story, chapter_id: str, seed: int) -> Playthrough:
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
            break
        if mode is Mode.CONTINUE:
            runtime.advance()
            continue
        views = runtime.choices
        enabled = [view for view in views if view.enabled]
        shown = _node_indexes(runtime)
        for view in enabled:
            if not view.fallback:
                run.available.add((runtime.node_id, shown[view.index]))
        pick = picker.choice(enabled)
        run.last_choice_state = light_state(runtime)
        if pick.fallback:
            step.fallback = True
        else:
            step.chose = shown[pick.index]
        runtime.choose(pick.index)
    return run


def _node_indexes(runtime: Runtime) -> list[int]:
    """For each shown choice, its position among the node's written choices (hidden ones are skipped)."""
    node = runtime.node
    shown_texts = runtime.choices
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


def endings_open(story: Story, state: dict[str, Any]) -> set[str]:
    """The endings some way of playing on from a saved state reaches (looking at a bounded number of states)."""
    start, _ = Runtime.from_state(story, state)
    found: set[str] = set()
    seen: set[tuple] = set()
    stack = [start]
    while stack and len(seen) < OPEN_SEARCH_STATES:
        runtime = stack.pop()
        key = (runtime.node_id, tuple(sorted(runtime.state.vars.items())), tuple(sorted(runtime.state.once)))
        if key in seen:
            continue
        seen.add(key)
        mode = runtime.mode
        if mode is Mode.ENDED:
            if runtime.ending:
                found.add(runtime.ending.id)
            continue
        moves = [None] if mode is Mode.CONTINUE else [view.index for view in runtime.choices if view.enabled]
        for move in moves:
            child, _ = Runtime.from_state(story, light_state(runtime))
            if move is None:
                child.advance()
            else:
                child.choose(move)
            stack.append(child)
    return found


def play_many(story: Story, chapter_id: str, runs: int, seed: int) -> list[Playthrough]:
    return [play(story, chapter_id, seed * 100_003 + number + 1) for number in range(runs)]
