"""The story's small expression language as the rest of the game sees it: compiled once at load.

Text is parsed and type-checked into the intermediate form by `game.core.lang.parse`, and run
by `game.core.lang.evaluate` as closures; this module pairs the two in `Expr` and `Effect`,
shares compiled expressions within one load, and keeps the names the loader and tools import.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from game.core.lang import ir
from game.core.lang.evaluate import (Context, EffectFn, Evaluator, RollHook, Slot, compile_effect, compile_node, seeded_rng,
                                     seeded_roll)
from game.core.lang.ir import BOOL, FUNCTIONS, INT, STR, ExprError, VarInfo
from game.core.lang.parse import MAX_SOURCE, Typed, parse_effects, parse_expression

__all__ = ["BOOL", "FUNCTIONS", "INT", "MAX_SOURCE", "STR", "Context", "Effect", "Expr", "ExprError", "Scope",
           "SimpleScope", "VarInfo", "compile_effects", "compile_expression", "effect_sources", "seeded_rng"]


class Scope(Protocol):
    variables: dict[str, VarInfo]
    node_ids: set[str] | None


@dataclass
class SimpleScope:
    variables: dict[str, VarInfo]
    node_ids: set[str] | None = None
    # Compiled expressions and templates by source: stories repeat conditions, and a compiled
    # one holds no state, so one load shares them (those that roll dice keep their own).
    cache: dict[tuple, Any] | None = field(default_factory=dict)


@dataclass
class Expr:
    """One compiled expression: its text, type, intermediate form, and the closure that runs it."""

    source: str
    type: str
    run: Evaluator  # with the runtime's seeded roll
    ir: ir.Node
    reads: frozenset[str] = frozenset()
    nodes: frozenset[str] = frozenset()
    random: bool = False
    constant: Any = None  # the value when the expression is a literal
    is_constant: bool = False
    _runners: dict[Any, Evaluator] = field(default_factory=dict, repr=False, compare=False)

    def __call__(self, context: Context) -> Any:
        return self.run(context)

    def runner(self, roll: RollHook | None) -> Evaluator:
        """The closure with another roll hook (the explorer's, or a test's); `run` for None."""
        if roll is None or roll is seeded_roll or not self.random:
            return self.run
        found = self._runners.get(roll)
        if found is None:
            found = self._runners[roll] = compile_node(self.ir, roll)
        return found


@dataclass
class Effect:
    target: str
    op: str  # "=", "+=" or "-="
    value: Expr
    offset: int
    source: str = ""
    _appliers: dict[Any, EffectFn] = field(default_factory=dict, repr=False, compare=False)

    @property
    def assign(self) -> ir.Assign:
        return ir.Assign(self.target, self.op, self.value.ir)

    def applier(self, slot: Slot, slips: tuple[type[BaseException], ...], roll: RollHook | None = None) -> EffectFn:
        """This effect under the one effect rule (evaluate.compile_effect) for a declared variable, kept."""
        key = (roll if self.value.random else None, slot.type, slot.low, slot.high, slot.values, slips)
        found = self._appliers.get(key)
        if found is None:
            found = self._appliers[key] = compile_effect(self.assign, slot, self.value.runner(roll), slips)
        return found

    def __str__(self) -> str:
        return f"{self.target} {self.op} {self.value.source}"


def _expr(source: str, typed: Typed) -> Expr:
    node = typed.node
    return Expr(source, typed.type, compile_node(node), node, ir.variables_read(node), ir.nodes_read(node),
                ir.rolls(node), typed.constant, typed.is_constant)


def compile_expression(source: Any, scope: Scope, *, want: str | None = None) -> Expr:
    """Parse and type-check one expression. Raises ExprError with an offset into `source`.

    Stories repeat the same conditions many times; a compiled expression holds no state, so
    identical sources in one scope share one (except those that roll dice: each keeps its own).
    """
    cache = getattr(scope, "cache", None)
    if isinstance(source, str) and cache is not None:
        key = ("expr", source, want)
        if key in cache:
            return cache[key]
        expr = _compile_expression(source, scope, want=want)
        if not expr.random:
            cache[key] = expr
        return expr
    return _compile_expression(source, scope, want=want)


def _compile_expression(source: Any, scope: Scope, *, want: str | None = None) -> Expr:
    if isinstance(source, bool):
        source = "true" if source else "false"
    elif isinstance(source, int):
        source = str(source)
    if not isinstance(source, str):
        raise ExprError("an expression must be written as text", 0)
    return _expr(source, parse_expression(source, scope, want=want))


def compile_effects(source: Any, scope: Scope) -> list[Effect]:
    """Parse effects like `energy -= 1; seen_door = true`. Raises ExprError."""
    cache = getattr(scope, "cache", None)
    if isinstance(source, str) and cache is not None:
        key = ("effects", source)
        if key in cache:
            return list(cache[key])
        effects = _compile_effects(source, scope)
        if not any(effect.value.random for effect in effects):
            cache[key] = effects
        return list(effects)
    return _compile_effects(source, scope)


def _compile_effects(source: Any, scope: Scope) -> list[Effect]:
    if not isinstance(source, str):
        raise ExprError("an effect must be written as text, like energy -= 1", 0)
    return [Effect(parsed.assign.target, parsed.assign.op, _expr(parsed.value_source, parsed.value), parsed.offset, parsed.source)
            for parsed in parse_effects(source, scope)]


def effect_sources(value: Any) -> Iterable[tuple[Any, Any]]:
    """The effects of a `set:` value as (index or None, source) pairs: one string or a list."""
    if isinstance(value, list):
        return list(enumerate(value))
    return [(None, value)]
