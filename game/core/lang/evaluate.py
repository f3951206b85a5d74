"""The one evaluator of the intermediate form: expressions become closures, effects follow one rule.

Chance enters only through a roll hook, `roll(context, kind, site, first, second)`: the runtime
passes `seeded_roll` (fixed by the seed, the turn and the site, so a save rolls the same), the
explorer a hook that branches over every outcome in `outcomes()`. Both run the same closures.
"""
from __future__ import annotations

import random
from typing import Any, Callable, Protocol

from game.core.lang import ir
from game.core.lang.ir import INT_LIMIT, STR_LIMIT

RollHook = Callable[[Any, str, str, int, int], Any]
Evaluator = Callable[[Any], Any]


class Context(Protocol):
    """What a running expression may read: the state's variables, visits, turns and seed."""

    vars: dict[str, Any]
    visits: dict[str, int]
    turns: int
    seed: int


def seeded_rng(context: Context, site: str) -> random.Random:
    """A generator fixed by the seed, the turn and the call site: the same save gives the same roll."""
    return random.Random(f"{context.seed}:{context.turns}:{site}")


def seeded_roll(context: Context, kind: str, site: str, first: int, second: int = 0) -> Any:
    """The runtime's roll: chance(first) or random(first, second) from the seeded generator."""
    rng = seeded_rng(context, site)
    if kind == ir.CHANCE:
        return rng.random() * 100 < first
    low, high = (first, second) if first <= second else (second, first)
    return rng.randint(low, high)


def outcomes(kind: str, first: int, second: int = 0) -> range | tuple[bool, ...]:
    """Every value a roll can give: what the explorer branches over (seeded_roll gives one of them)."""
    if kind == ir.CHANCE:
        if first <= 0:
            return (False,)
        if first >= 100:
            return (True,)
        return (True, False)
    low, high = (first, second) if first <= second else (second, first)
    return range(low, high + 1)


def _floordiv(a: int, b: int) -> int:
    return a // b if b else 0


def _mod(a: int, b: int) -> int:
    return a % b if b else 0


ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "//": _floordiv, "%": _mod,
}
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def compile_node(node: ir.Node, roll: RollHook = seeded_roll) -> Evaluator:
    """The expression as a function of a context; chance goes through `roll`."""
    kind = type(node)
    if kind is ir.Const:
        value = node.value  # type: ignore[union-attr]
        return lambda c: value
    if kind is ir.Var:
        name = node.name  # type: ignore[union-attr]
        return lambda c: c.vars[name]
    if kind is ir.Seen:
        seen_id = node.node  # type: ignore[union-attr]
        return lambda c: c.visits.get(seen_id, 0) > 0
    if kind is ir.Visits:
        visits_id = node.node  # type: ignore[union-attr]
        return lambda c: c.visits.get(visits_id, 0)
    if kind is ir.Turns:
        return lambda c: c.turns
    if kind is ir.Unary:
        operand = compile_node(node.operand, roll)  # type: ignore[union-attr]
        if node.op == "not":  # type: ignore[union-attr]
            return lambda c: not operand(c)
        return lambda c: -operand(c)
    if kind is ir.Binary:
        operate = ARITHMETIC[node.op]  # type: ignore[union-attr]
        left, right = compile_node(node.left, roll), compile_node(node.right, roll)  # type: ignore[union-attr]
        return lambda c: operate(left(c), right(c))
    if kind is ir.Logic:
        runs = [compile_node(value, roll) for value in node.values]  # type: ignore[union-attr]
        # Folded into nested two-way closures: no generator per call, and short-circuiting kept.
        combined = runs[-1]
        for run in reversed(runs[:-1]):
            if node.op == "and":  # type: ignore[union-attr]
                combined = (lambda a, b: lambda c: a(c) and b(c))(run, combined)
            else:
                combined = (lambda a, b: lambda c: a(c) or b(c))(run, combined)
        return combined
    if kind is ir.Compare:
        runs = tuple(compile_node(operand, roll) for operand in node.operands)  # type: ignore[union-attr]
        steps = tuple(COMPARE[op] for op in node.ops)  # type: ignore[union-attr]
        if len(steps) == 1:
            compare, lrun, rrun = steps[0], runs[0], runs[1]
            return lambda c: compare(lrun(c), rrun(c))

        def chained(c: Any) -> bool:
            left_value = runs[0](c)
            for compare, run in zip(steps, runs[1:]):
                right_value = run(c)
                if not compare(left_value, right_value):
                    return False
                left_value = right_value
            return True
        return chained
    if kind is ir.IfElse:
        test, body, orelse = (compile_node(part, roll) for part in (node.test, node.body, node.orelse))  # type: ignore[union-attr]
        return lambda c: body(c) if test(c) else orelse(c)
    if kind is ir.Roll:
        args = [compile_node(arg, roll) for arg in node.args]  # type: ignore[union-attr]
        site, roll_kind = node.site, node.kind  # type: ignore[union-attr]
        if roll_kind == ir.CHANCE:
            (percent,) = args
            return lambda c: roll(c, ir.CHANCE, site, percent(c), 0)
        low, high = args
        return lambda c: roll(c, ir.RANDOM, site, low(c), high(c))
    if kind is ir.Call:
        args = [compile_node(arg, roll) for arg in node.args]  # type: ignore[union-attr]
        if node.name == "abs":  # type: ignore[union-attr]
            (arun,) = args
            return lambda c: abs(arun(c))
        first, second = args
        pick = min if node.name == "min" else max  # type: ignore[union-attr]
        return lambda c: pick(first(c), second(c))
    raise TypeError(f"not an expression of the story language: {node!r}")


def evaluate(node: ir.Node, context: Context, roll: RollHook = seeded_roll) -> Any:
    """The value of one expression in one context (compile_node once for repeated use)."""
    return compile_node(node, roll)(context)


# -- effects ----------------------------------------------------------------------------------

class Slot(Protocol):
    """What the effect rule needs of a declared variable (model.Variable is one)."""

    type: str  # int, bool, str or enum
    low: int | None
    high: int | None
    values: tuple[str, ...] | None


IGNORED = object()  # an effect whose result does not fit leaves the variable as it was


def combine(op: str, value: Any, current: Any) -> Any:
    """The operator of an effect: `=` takes the value, `+=` and `-=` add it to or take it from the current one."""
    if op == "+=":
        return current + value
    if op == "-=":
        return current - value
    return value


def fit(slot: Slot, value: Any) -> Any:
    """A whole number clamped to its range; IGNORED for a value the variable cannot hold."""
    if slot.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return IGNORED
        if slot.low is not None and value < slot.low:
            value = slot.low
        elif slot.high is not None and value > slot.high:
            value = slot.high
        return value if -INT_LIMIT <= value <= INT_LIMIT else IGNORED
    if slot.type == "bool":
        return value if isinstance(value, bool) else IGNORED
    if slot.type == "enum":
        return value if isinstance(value, str) and value in (slot.values or ()) else IGNORED
    return value if isinstance(value, str) and len(value) <= STR_LIMIT else IGNORED


def store(slot: Slot, op: str, value: Any, current: Any) -> Any:
    """The effect rule: the new value, or `current` when the result does not fit."""
    result = fit(slot, combine(op, value, current))
    return current if result is IGNORED else result


EffectFn = Callable[[dict, Any], Any]  # (values, context) -> None when applied, else why not
SLIPPED, REFUSED = "slipped", "refused"


def compile_effect(assign: ir.Assign, slot: Slot, run: Evaluator, slips: tuple[type[BaseException], ...]) -> EffectFn:
    """One effect as a function of (values, context) that applies the rule to `values` in place.

    It returns None when applied, or why not: (SLIPPED, error) for an error of `slips` while
    working the value out, (REFUSED, value) for a result that does not fit; the variable keeps
    its value either way. Whole-number effects by a constant, the common case, skip the general path.
    """
    name, op = assign.target, assign.op
    fixed = ir.int_constant(assign.value)
    if slot.type == "int" and fixed is not None and op == "=":
        result = fit(slot, fixed)
        if result is IGNORED:
            return lambda values, c: (REFUSED, fixed)

        def assign_constant(values: dict, c: Any) -> None:
            values[name] = result
        return assign_constant
    if slot.type == "int" and fixed is not None:
        step = -fixed if op == "-=" else fixed
        low, high = slot.low, slot.high

        def add_constant(values: dict, c: Any) -> Any:
            value = values[name] + step
            if low is not None and value < low:
                value = low
            elif high is not None and value > high:
                value = high
            if -INT_LIMIT <= value <= INT_LIMIT:
                values[name] = value
                return None
            return (REFUSED, value)
        return add_constant

    def general(values: dict, c: Any) -> Any:
        try:
            combined = combine(op, run(c), values[name])
        except slips as error:
            return (SLIPPED, error)
        value = fit(slot, combined)
        if value is IGNORED:
            return (REFUSED, combined)
        values[name] = value
        return None
    return general
