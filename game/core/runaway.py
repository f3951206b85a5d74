"""Checker warning CL070: an effect that feeds a variable on itself, so a loop can make it run away.

`n = n * 2` on an int without both `min` and `max`, or `s += s` on a str, doubles on every
pass; a few dozen passes reach the value limits (model.INT_LIMIT, model.STR_LIMIT), where the
game refuses the change and keeps the last value, which is rarely what the author meant.
"""
from __future__ import annotations

from typing import Callable, Iterable

from game.core.diagnostics import WARNING
from game.core.expressions import Effect
from game.core.lang import ir
from game.core.model import Loc, Node, Story, Variable


def check_runaway(story: Story, add: Callable[[Loc, str, str, str], None], nodes: Iterable[Node] | None = None) -> None:
    """Add a CL070 warning for every effect that can make its variable grow without end.

    `nodes` are the nodes to look at, in the story's order (the checker hands over those with an
    effect, found in its walk over them all); all of them when None."""
    declared_in: dict[str, dict[str, Variable]] = {}  # chapter id -> its variables, merged once
    for node in story.nodes.values() if nodes is None else nodes:
        places = [(node.loc, node.on_enter)] + [(choice.loc, choice.effects) for choice in node.choices if choice.effects]
        if not node.on_enter and len(places) == 1:
            continue  # nothing set here
        declared = declared_in.get(node.chapter)
        if declared is None:
            declared = declared_in[node.chapter] = story.variables_for(node.chapter)
        for loc, effects in places:
            for effect in effects:
                var = declared.get(effect.target)
                if var is not None and _runs_away(effect, var):
                    add(loc, WARNING, f"'{effect}' feeds '{effect.target}' on itself, so a loop can grow it without end; "
                        + ("give it a 'min' and a 'max'" if var.type == "int" else "build it from other values"), "CL070")


def _runs_away(effect: Effect, var: Variable) -> bool:
    if var.type not in ("int", "str") or (var.type == "int" and var.low is not None and var.high is not None):
        return False
    uses = [node for node in ir.walk(effect.value.ir) if isinstance(node, ir.Var) and node.name == effect.target]
    if not uses:
        return False
    if effect.op != "=":
        return True  # n += n, s += s …: the variable is added to itself
    if len(uses) >= 2:
        return True  # n = n + n, s = s + s …
    use = uses[0]
    return var.type == "int" and any(isinstance(node, ir.Binary) and node.op == "*"
                                     and any(inner is use for inner in ir.walk(node))
                                     for node in ir.walk(effect.value.ir))
