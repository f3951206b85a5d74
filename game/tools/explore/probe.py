"""The explorer seen from outside, one state at a time: a runtime state in its terms, its view and its step.

What the differential test (tests/core/test_differential.py) holds against the game: for a
state of the Runtime, `abstract` gives the explorer's state, `views` what the explorer says is
shown, available or not and why, and `successors` the search's own step from it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.core import savedstate
from game.tools.explore.chance import all_outcomes
from game.tools.explore.compiled import KIND_CHOICE, KIND_ENDING, Ctx, _Compiled, safe
from game.tools.explore.search import _Search

if TYPE_CHECKING:
    from game.core.runtime import StoryState

OPEN, UNAVAILABLE, HIDDEN, TAKEN = "open", "unavailable", "hidden", "once, already taken"


def abstract(c: _Compiled, state: "StoryState") -> tuple:
    """The explorer's state for a runtime state: tracked values kept at their caps, dead ones reset."""
    node = c.index[state.node]
    table = c.tables[node]
    values = {}
    for name in c.var_names:
        value = state.vars[name]
        cap = c.var_caps.get(name)
        values[name] = cap if cap is not None and value > cap else value
    for name, canonical in table.reset_vars:
        values[name] = canonical
    visits = {}
    for name in c.count_names:
        count, cap = state.visits.get(name, 0), c.caps[name]
        visits[name] = cap if cap is not None and count > cap else count
    for name in table.reset_counts:
        visits[name] = 0
    once = 0
    for bit, (node_id, key) in enumerate(c.once_keys):
        choice = next(ch for ch in c.story.nodes[node_id].choices if ch.key == key)
        if savedstate.choice_identity(node_id, choice) in state.once:
            once |= 1 << bit
    turns = 0
    if c.track_turns and table.turns_live:
        turns = state.turns if c.turns_cap is None else min(state.turns, c.turns_cap)
    return (node, *values.values(), *visits.values(), once & table.once_mask, turns)


def views(c: _Compiled, state: tuple) -> set[tuple[tuple[int, str], ...]]:
    """Every (choice index, open/unavailable/hidden/taken) list the node can show in this state, over all outcomes."""
    table = c.tables[state[0]]
    if table.kind != KIND_CHOICE:
        return {()}
    V0, C0, O = c.layout()
    ctx = Ctx()
    ctx.vars = dict(zip(c.var_names, state[V0:C0]))
    ctx.visits = dict(zip(c.count_names, state[C0:O]))
    ctx.turns = state[O + 1]

    def view() -> tuple[tuple[int, str], ...]:
        shown = []
        for row in table.rows:
            if row.once_bit and state[O] & row.once_bit:
                shown.append((row.index, TAKEN))
            elif row.cond is not None and not safe(row.cond, ctx):
                shown.append((row.index, HIDDEN))
            elif row.enabled is not None and not safe(row.enabled, ctx):
                shown.append((row.index, UNAVAILABLE))
            else:
                shown.append((row.index, OPEN))
        return tuple(shown)

    return set(all_outcomes(view))


def successors(search: _Search, state: tuple) -> dict[Any, set[tuple]]:
    """The search's step from `state`: for each choice index (or 'continue', 'fallback'), the states it leads to."""
    c = search.c
    found: dict[Any, set[tuple]] = {}
    if c.tables[state[0]].kind == KIND_ENDING:
        return found  # the search does not step from an ending
    for succ, label, _ in search.expander()(state, c.tables[state[0]], 0):
        _, choice = c.labels[label]
        key = choice if choice >= 0 else ("continue" if choice == -1 else "fallback")
        found.setdefault(key, set()).add(succ)
    return found
