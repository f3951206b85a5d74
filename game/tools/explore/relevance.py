"""What a state must remember: what can change a condition, and how coarsely it may be kept.

Only what some `if`/`enabled` reads matters for where the player can go: those variables (and
every variable whose effects feed them), visit counts named by `seen()`/`visits()`, `once`
choices, and `turns()`. On top of that, values that no future guard can tell apart are merged:

- a visit count or `turns()` compared only with whole-number constants answers every
  comparison alike above the largest constant, so counting stops there (its cap);
- so does a whole-number variable whose every read in a condition (or in an effect that feeds
  one) is a comparison with a constant, and whose every change is `+=` a constant of at least
  zero or `=` a constant: once above its cap it stays above it, whatever happens next.

Merging such values is a bisimulation: each merged state has the same choices, the same
reasons and successors that are merged alike, so which endings, nodes and choices are
reachable, the soft-locks and the loops with no exit are exactly those of the full state space.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.core.lang import ir

if TYPE_CHECKING:
    from game.core.expressions import Effect, Expr
    from game.core.model import Chapter, Story


@dataclass
class Relevance:
    variables: set[str]
    visits: dict[str, int | None]  # node id -> cap (None: exact)
    turns: int | None | bool  # False: not tracked; None: exact; int: cap
    once: list[tuple[str, str]]  # (node id, choice key)
    caps: dict[str, int]  # int variable -> the value above which it is kept at the cap


def _caps_by_occurrence(roots: list[ir.Node]) -> dict[int, int | None]:
    """For each Var/Visits/Turns occurrence (by id) compared with constants only: largest constant + 1; else None."""
    compared: dict[int, list[int | None]] = {}
    for root in roots:
        for operand, constant in ir.comparison_uses(root):
            compared.setdefault(id(operand), []).append(constant)
    caps: dict[int, int | None] = {}
    for root in roots:
        for node in ir.walk(root):
            if isinstance(node, (ir.Var, ir.Visits, ir.Turns)):
                constants = compared.get(id(node))
                if constants and all(c is not None for c in constants):
                    caps[id(node)] = max(1, max(c for c in constants if c is not None) + 1)  # type: ignore[type-var]
                else:
                    caps[id(node)] = None
    return caps


def _only_grows(effect: "Effect") -> bool:
    """`x += c` with c ≥ 0, `x -= c` with c ≤ 0, or `x = c`: after it, a value above a cap stays above it or is reset."""
    constant = ir.int_constant(effect.value.ir)
    if constant is None:
        return False
    return effect.op == "=" or (effect.op == "+=" and constant >= 0) or (effect.op == "-=" and constant <= 0)


def relevance(story: "Story", chapter: "Chapter") -> Relevance:
    """The exact set of what conditions depend on, closed over the effects that feed it."""
    nodes = [story.nodes[n] for n in chapter.node_ids if n in story.nodes]
    declared = story.variables_for(chapter.id)
    roots: list[Expr] = []
    for node in nodes:
        for choice in node.choices:
            roots.extend(e for e in (choice.condition, choice.enabled) if e is not None)
    effects: list[Effect] = []
    for node in nodes:
        effects.extend(node.on_enter)
        for choice in node.choices:
            effects.extend(choice.effects)
    variables: set[str] = set()
    used: list[Expr] = []
    pending = list(roots)
    while pending:
        expr = pending.pop()
        used.append(expr)
        fresh = set(expr.reads) - variables
        if fresh:
            variables |= fresh
            pending.extend(e.value for e in effects if e.target in fresh)
    trees = list({id(expr): expr.ir for expr in used}.values())
    caps = _caps_by_occurrence(trees)
    visits: dict[str, int | None] = {}
    turns: int | None | bool = False
    var_caps: dict[str, int | None] = {}
    for tree in trees:
        for node in ir.walk(tree):
            if isinstance(node, ir.Seen):
                cap: int | None = 1
            elif isinstance(node, (ir.Visits, ir.Turns, ir.Var)):
                cap = caps.get(id(node))
            else:
                continue
            if isinstance(node, ir.Turns):
                turns = None if turns is None or cap is None else max(cap, turns if turns is not False else 0)
            elif isinstance(node, ir.Var):
                if node.name in var_caps:
                    old = var_caps[node.name]
                    var_caps[node.name] = None if old is None or cap is None else max(old, cap)
                else:
                    var_caps[node.name] = cap
            else:
                key = node.node
                if key in visits:
                    old = visits[key]
                    visits[key] = None if old is None or cap is None else max(old, cap)
                else:
                    visits[key] = cap
    kept: dict[str, int] = {}
    for name, cap in var_caps.items():
        var = declared.get(name)
        if cap is None or var is None or var.type != "int" or name not in variables:
            continue
        if var.high is not None and var.high <= cap:
            continue  # its range already keeps it small
        if all(_only_grows(e) for e in effects if e.target == name):
            kept[name] = cap
    once = [(node.id, choice.key) for node in nodes for choice in node.choices if choice.once]
    return Relevance(variables, visits, turns, once, kept)
