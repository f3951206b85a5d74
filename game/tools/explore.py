"""`main.py explore`: exact exploration of every chapter's reachable states, or random playthroughs.

The exhaustive mode walks the chapter's state graph breadth-first. A state is the node plus only
what can change a condition: the variables some `if`/`enabled` reads (and every variable whose
effects feed those), visit counts of nodes named in `seen()`/`visits()` by such expressions
(saturated where only comparisons with constants read them), `once` choices already taken, and
`turns()` when a condition uses it. Everything else (text, scenes, variables only text reads)
cannot change where the player can go, so leaving it out keeps the search exact and small.

Randomness (`chance`, `random`) branches: every possible outcome is explored, as if over every
seed. The random mode instead plays with real seeds through the same compiled closures.
"""
from __future__ import annotations

import argparse
import ast
import random
import sys
import time
from array import array
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:  # the core is imported when a command runs, not when the CLI is built
    from game.core.expressions import Effect, Expr
    from game.core.model import Chapter, Choice, Node, Story, Variable

DEFAULT_MAX_STATES = 5_000_000  # about 400 bytes a state: some 2 GB at the bound
DEFAULT_MAX_STEPS = 5_000
MAX_OUTCOME_COMBINATIONS = 4096  # random outcomes enumerated at one step, at most
FALLBACK_TEXT = "Let the moment pass."  # the runtime's soft-lock way on (game.core.runtime)
CONTINUE, FALLBACK = -1, -2  # edge labels that are not a choice index
MAX_VALUES_SEEN = 24


# -- reports ----------------------------------------------------------------------------

@dataclass
class DeadEnd:
    """A reachable state with no way on: a soft-lock (no choice available) or a dead end (no choices at all)."""

    node: str
    kind: str  # "soft-lock" or "dead end"
    path: list[str]
    detail: list[str] = field(default_factory=list)  # each shown choice and why it is not available
    states: int = 1  # how many explored states are stuck at this node
    by_chance: bool = False  # only some random outcomes leave it stuck

    def __str__(self) -> str:
        return f"{self.kind} at {self.node}"


@dataclass
class ChoiceRef:
    node: str
    index: int  # 0-based position in the node's choices
    text: str
    condition: str | None = None  # the `if` source
    enabled: str | None = None  # the `enabled` source
    values_seen: dict[str, list[Any]] = field(default_factory=dict)  # for never-enabled choices
    shown: bool = False  # shown (visible) in some reachable state

    def label(self) -> str:
        return f'{self.node} choice {self.index + 1} "{self.text}"'


@dataclass
class ExitlessLoop:
    nodes: list[str]  # the nodes the trapped states are at
    states: int
    path: list[str]  # a shortest choice path into the loop
    entry: str  # the node that path arrives at


@dataclass
class ExploreReport:
    chapter: str
    endings_reached: dict[str, list[str]]
    unreachable_endings: list[str]
    dead_ends: list[DeadEnd]
    never_reached_nodes: list[str]
    never_enabled_choices: list[ChoiceRef]
    exitless_loops: list[ExitlessLoop]
    states: int
    complete: bool
    never_taken_choices: list[ChoiceRef] = field(default_factory=list)
    ending_titles: dict[str, str] = field(default_factory=dict)
    ending_nodes: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    tracked: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def soft_locks(self) -> list[DeadEnd]:
        return [d for d in self.dead_ends if d.kind == "soft-lock"]

    @property
    def ok(self) -> bool:
        """No reachable dead end or soft-lock, no unreachable ending, no trap loop."""
        return not self.dead_ends and not self.unreachable_endings and not self.exitless_loops

    @property
    def states_per_second(self) -> float:
        return self.states / self.seconds if self.seconds > 0 else 0.0


@dataclass
class RandomReport:
    chapter: str
    runs: int
    seed: int
    endings: dict[str, int]  # ending id -> runs that ended there
    capped: int  # runs stopped at the step cap
    soft_locks: int  # runs that met the runtime's fallback at least once
    mean_choices: float
    longest_choices: int
    choices: int  # choices made in all runs
    steps: int  # choices and continues in all runs
    hits: dict[str, int]  # node id -> visits over all runs
    seconds: float = 0.0
    max_steps: int = DEFAULT_MAX_STEPS
    ending_titles: dict[str, str] = field(default_factory=dict)

    @property
    def choices_per_second(self) -> float:
        return self.choices / self.seconds if self.seconds > 0 else 0.0


# -- what can change a condition ----------------------------------------------------------

def _counter_calls(tree: ast.AST) -> Iterable[tuple[str, str | None, ast.Call]]:
    """(function, node id or None, call) for each seen/visits/turns call in an expression tree."""
    for sub in ast.walk(tree):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in ("seen", "visits", "turns"):
            node_id = None
            if sub.args:
                arg = sub.args[0]
                node_id = arg.id if isinstance(arg, ast.Name) else arg.value if isinstance(arg, ast.Constant) else None
            yield sub.func.id, node_id, sub


def _int_constant(node: ast.AST) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _int_constant(node.operand)
        if inner is not None:
            return -inner if isinstance(node.op, ast.USub) else inner
    return None


def _comparison_caps(tree: ast.AST) -> dict[int, int | None]:
    """For each visits()/turns() call (by id): the saturation cap, or None when it must stay exact.

    A counter compared only with whole-number constants gives the same answers for every value
    above the largest constant, so counting can stop there; in arithmetic it must stay exact.
    """
    caps: dict[int, int | None] = {}
    compared: dict[int, list[int | None]] = {}
    for sub in ast.walk(tree):
        if isinstance(sub, ast.Compare):
            operands = [sub.left, *sub.comparators]
            for index, operand in enumerate(operands):
                if isinstance(operand, ast.Call):
                    neighbours = [operands[i] for i in (index - 1, index + 1) if 0 <= i < len(operands)]
                    compared.setdefault(id(operand), []).extend(_int_constant(n) for n in neighbours)
    for sub in ast.walk(tree):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in ("visits", "turns"):
            constants = compared.get(id(sub))
            if constants and all(c is not None for c in constants):
                caps[id(sub)] = max(1, max(c for c in constants if c is not None) + 1)  # type: ignore[type-var]
            else:
                caps[id(sub)] = None
    return caps


@dataclass
class _Relevance:
    variables: set[str]
    visits: dict[str, int | None]  # node id -> cap (None: exact)
    turns: int | None | bool  # False: not tracked; None: exact; int: cap
    once: list[tuple[str, str]]  # (node id, choice key)


def _relevance(story: "Story", chapter: "Chapter") -> _Relevance:
    """The exact set of what conditions depend on, closed over the effects that feed it."""
    nodes = [story.nodes[n] for n in chapter.node_ids if n in story.nodes]
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
    visits: dict[str, int | None] = {}
    turns: int | None | bool = False
    for expr in used:
        caps = _comparison_caps(expr.tree)
        for function, node_id, call in _counter_calls(expr.tree):
            cap = 1 if function == "seen" else caps.get(id(call))
            if function == "turns":
                turns = None if turns is None or cap is None else max(cap, turns if turns is not False else 0)
                continue
            if node_id is None:
                continue
            if node_id in visits:
                old = visits[node_id]
                visits[node_id] = None if old is None or cap is None else max(old, cap)
            else:
                visits[node_id] = cap
    once = [(node.id, choice.key) for node in nodes for choice in node.choices if choice.once]
    return _Relevance(variables, visits, turns, once)


# -- randomness as branching ------------------------------------------------------------------

class _Oracle:
    """Enumerates every combination of random outcomes met while running a step, depth first."""

    def __init__(self) -> None:
        self.script: list[int] = []
        self.arity: list[int] = []
        self.pos = 0
        self.truncated = False  # set when a step had more combinations than MAX_OUTCOME_COMBINATIONS

    def pick(self, outcomes: list[Any]) -> Any:
        if self.pos < len(self.script):
            index = self.script[self.pos]
        else:
            index = 0
            self.script.append(0)
            self.arity.append(len(outcomes))
        self.pos += 1
        return outcomes[index]

    def advance(self) -> bool:
        """Move to the next combination; False when all have been run."""
        self.pos = 0
        while self.script:
            if self.script[-1] + 1 < self.arity[-1]:
                self.script[-1] += 1
                return True
            self.script.pop()
            self.arity.pop()
        return False


_ORACLE = _Oracle()


def _all_outcomes(run: Callable[[], Any]) -> list[Any]:
    oracle = _ORACLE
    oracle.script, oracle.arity, oracle.pos = [], [], 0
    results = [run()]
    while oracle.advance():
        if len(results) >= MAX_OUTCOME_COMBINATIONS:
            oracle.truncated = True
            break
        results.append(run())
    return results


def _interpret(node: ast.AST, c: Any) -> Any:
    """The expression language over a parsed (already type-checked) tree, with chance/random as branch points.

    Only expressions that use randomness go through here; everything else runs its compiled closure.
    """
    kind = type(node)
    if kind is ast.Expression:
        return _interpret(node.body, c)  # type: ignore[attr-defined]
    if kind is ast.Constant:
        return node.value  # type: ignore[attr-defined]
    if kind is ast.Name:
        name = node.id  # type: ignore[attr-defined]
        if name in ("true", "false"):
            return name == "true"
        return c.vars[name]
    if kind is ast.UnaryOp:
        value = _interpret(node.operand, c)  # type: ignore[attr-defined]
        op = node.op  # type: ignore[attr-defined]
        return (not value) if isinstance(op, ast.Not) else (-value if isinstance(op, ast.USub) else value)
    if kind is ast.BinOp:
        a, b, op = _interpret(node.left, c), _interpret(node.right, c), node.op  # type: ignore[attr-defined]
        if isinstance(op, ast.Add):
            return a + b
        if isinstance(op, ast.Sub):
            return a - b
        if isinstance(op, ast.Mult):
            return a * b
        if isinstance(op, ast.FloorDiv):
            return a // b if b else 0
        return a % b if b else 0
    if kind is ast.BoolOp:
        if isinstance(node.op, ast.And):  # type: ignore[attr-defined]
            return all(_interpret(v, c) for v in node.values)  # type: ignore[attr-defined]
        return any(_interpret(v, c) for v in node.values)  # type: ignore[attr-defined]
    if kind is ast.Compare:
        left = _interpret(node.left, c)  # type: ignore[attr-defined]
        for op, right_node in zip(node.ops, node.comparators):  # type: ignore[attr-defined]
            right = _interpret(right_node, c)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if kind is ast.IfExp:
        return _interpret(node.body if _interpret(node.test, c) else node.orelse, c)  # type: ignore[attr-defined]
    if kind is ast.Call:
        name = node.func.id  # type: ignore[attr-defined]
        args = node.args  # type: ignore[attr-defined]
        if name in ("seen", "visits"):
            arg = args[0]
            node_id = arg.id if isinstance(arg, ast.Name) else arg.value
            count = c.visits.get(node_id, 0)
            return count > 0 if name == "seen" else count
        if name == "turns":
            return c.turns
        values = [_interpret(a, c) for a in args]
        if name == "chance":
            percent = values[0]
            if percent <= 0:
                return False
            if percent >= 100:
                return True
            return _ORACLE.pick([True, False])
        if name == "random":
            low, high = sorted(values)
            return _ORACLE.pick(list(range(low, high + 1)))
        if name == "abs":
            return abs(values[0])
        return min(values) if name == "min" else max(values)
    raise ValueError(f"cannot interpret {ast.dump(node)}")


_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
}


def _branching(expr: "Expr") -> Callable[[Any], Any]:
    """The function to evaluate `expr` with in exhaustive mode."""
    if not expr.random:
        return expr.run
    tree = expr.tree
    return lambda c: _interpret(tree, c)


class _Ctx:
    """What compiled expressions read: vars, visits, turns and seed (see expressions.Context)."""

    __slots__ = ("vars", "visits", "turns", "seed")

    def __init__(self) -> None:
        self.vars: dict[str, Any] = {}
        self.visits: dict[str, int] = {}
        self.turns = 0
        self.seed = 0


def _store(var: "Variable", op: str, value: Any, current: Any) -> Any:
    """The runtime's effect rule: apply the operator, clamp to the range, ignore what does not fit."""
    if op == "+=":
        value = current + value
    elif op == "-=":
        value = current - value
    value = var.clamp(value)
    return value if var.fits(value) else current


EffectFn = Callable[[dict, Any], None]
_FAR = 10**30  # a bound no value reaches: stands in for a missing min or max


def _compile_effect(effect: "Effect", var: "Variable", run: Callable[[Any], Any]) -> EffectFn:
    """One effect as a function of (values, context), with the runtime's rule built in.

    The runtime applies the operator, clamps an int to its range and ignores a value that does not
    fit; since expressions are type-checked at load, only the range and enum membership can fail.
    """
    name, op = effect.target, effect.op
    constant = effect.value.is_constant and not effect.value.random
    fixed = effect.value.constant
    if var.type == "int":
        low = var.low if var.low is not None else -_FAR
        high = var.high if var.high is not None else _FAR
        if op == "=" and constant:
            clamped = low if fixed < low else high if fixed > high else fixed

            def assign_constant(values: dict, c: Any) -> None:
                values[name] = clamped
            return assign_constant
        sign = -1 if op == "-=" else 1
        if op != "=" and constant:
            step = sign * fixed

            def add_constant(values: dict, c: Any) -> None:
                value = values[name] + step
                values[name] = low if value < low else high if value > high else value
            return add_constant

        def int_effect(values: dict, c: Any) -> None:
            try:
                value = run(c)
                if op != "=":
                    value = values[name] + sign * value
            except (ArithmeticError, TypeError, KeyError):
                return  # the runtime logs these and goes on
            values[name] = low if value < low else high if value > high else value
        return int_effect
    allowed = frozenset(var.values) if var.type == "enum" and var.values else None

    def other_effect(values: dict, c: Any) -> None:
        try:
            value = run(c)
            if op == "+=":
                value = values[name] + value
        except (ArithmeticError, TypeError, KeyError):
            return
        if allowed is None or value in allowed:
            values[name] = value
    return other_effect


def _run_effects(effects: list[EffectFn], ctx: _Ctx) -> None:
    values = ctx.vars
    for effect in effects:
        effect(values, ctx)


def _combine(effects: list[EffectFn]) -> EffectFn | None:
    """All of a choice's effects as one call."""
    if not effects:
        return None
    if len(effects) == 1:
        return effects[0]
    chain = tuple(effects)

    def apply_all(values: dict, c: Any) -> None:
        for effect in chain:
            effect(values, c)
    return apply_all


# -- the compiled chapter ---------------------------------------------------------------------

@dataclass
class _Row:
    """One choice, ready to run."""

    choice: "Choice"
    index: int
    cond: Callable[[Any], Any] | None
    enabled: Callable[[Any], Any] | None
    effects: list[EffectFn]
    target: int
    once_bit: int
    label: int
    pure: bool  # no effect on the tracked state besides the node


@dataclass
class _NodeTable:
    node: "Node"
    index: int
    kind: int  # 0 choices, 1 continue, 2 ending
    rows: list[_Row]
    next: int
    fallback_target: int
    continue_label: int
    fallback_label: int
    needs_ctx: bool
    random: bool
    enter: list[EffectFn]
    counted: str | None  # the tracked-visits name of this node, when its visits are tracked
    cap: int | None
    # The rows as plain tuples for the search loop: (if, enabled, effects, target, once bit, label, mode,
    # dead variables to reset, once mask of the target); mode 0: only the node changes; 1: effects, and
    # the target has no arrival work; 2: the general case.
    fast: tuple = ()
    # What is dead on arrival here (no path from here reads it before it is set again): reset to a
    # fixed value so that states differing only in dead values are one state.
    live: frozenset = frozenset()
    reset_vars: tuple = ()
    reset_counts: tuple = ()
    once_mask: int = 0
    turns_live: bool = True


KIND_CHOICE, KIND_CONTINUE, KIND_ENDING = 0, 1, 2


class _Compiled:
    """A chapter turned into per-node tables over the compiled closures, for exploring fast."""

    def __init__(self, story: "Story", chapter: "Chapter") -> None:
        self.story = story
        self.chapter = chapter
        declared = story.variables_for(chapter.id)
        self.declared = declared
        rel = _relevance(story, chapter)
        self.relevance = rel
        names = [n for n in declared if n in rel.variables]
        self.var_names = names
        self.var_set = set(names)
        self.count_names = [n for n in rel.visits]
        self.caps = rel.visits
        self.once_keys = rel.once
        self.track_turns = rel.turns is not False
        self.turns_cap = rel.turns if type(rel.turns) is int else None  # False (untracked) is a bool
        self.node_ids = [n for n in chapter.node_ids if n in story.nodes]
        if chapter.start not in story.nodes or story.nodes[chapter.start].chapter != chapter.id:
            raise ValueError(f"chapter '{chapter.id}' starts at '{chapter.start}', which is not one of its nodes")
        self.index = {node_id: i for i, node_id in enumerate(self.node_ids)}
        self.start = self.index[chapter.start]
        self.labels: list[tuple[int, int]] = []  # label id -> (node index, choice index | CONTINUE | FALLBACK)
        self._arrival = _Ctx()  # reused by _arrive: arrival effects never call back into it
        once_bits = {key: 1 << i for i, key in enumerate(self.once_keys)}
        self.tables: list[_NodeTable] = []
        enter_effects = {}
        for node_id in self.node_ids:
            node = story.nodes[node_id]
            enter_effects[node_id] = self._effects(node.on_enter)
        for i, node_id in enumerate(self.node_ids):
            node = story.nodes[node_id]
            kind = KIND_ENDING if node.ending else KIND_CONTINUE if node.next and not node.choices else KIND_CHOICE
            rows: list[_Row] = []
            for c_index, choice in enumerate(node.choices):
                target = self._target(choice.target)
                effects = self._effects(choice.effects)
                once_bit = once_bits.get((node_id, choice.key), 0) if choice.once else 0
                target_id = self.node_ids[target]
                pure = (not effects and not enter_effects[target_id] and target_id not in self.caps
                        and not self.track_turns and not once_bit)
                rows.append(_Row(choice, c_index, _branching(choice.condition) if choice.condition else None,
                                 _branching(choice.enabled) if choice.enabled else None, effects, target, once_bit,
                                 self._label(i, c_index), pure))
            if node.fallback:
                fallback_target = self._target(node.fallback)
            elif node.choices:
                fallback_target = self._target(node.choices[-1].target)
            else:
                fallback_target = self.start
            exprs = [e for c in node.choices for e in (c.condition, c.enabled) if e is not None]
            is_random = any(e.random for e in exprs)
            table = _NodeTable(node, i, kind, rows, self._target(node.next) if node.next else -1, fallback_target,
                               self._label(i, CONTINUE), self._label(i, FALLBACK), False, is_random,
                               enter_effects[node_id], node_id if node_id in self.caps else None, self.caps.get(node_id))
            self.tables.append(table)
        self._liveness(once_bits)
        # A step is random when any closure it runs may branch: conditions, choice effects, or the
        # arrival effects of a target.
        random_enter = {node_id: any(self._is_random_effect(e) for e in story.nodes[node_id].on_enter) for node_id in self.node_ids}
        for table in self.tables:
            node = table.node
            if any(self._is_random_effect(e) for c in node.choices for e in c.effects):
                table.random = True
            targets = [r.target for r in table.rows] + ([table.next] if table.next >= 0 else []) + [table.fallback_target]
            if any(random_enter[self.node_ids[t]] for t in targets):
                table.random = True
            if table.kind == KIND_CONTINUE:
                after = self.tables[table.next]
                table.needs_ctx = (bool(after.enter) or after.counted is not None or self.track_turns
                                   or self._needs_reset(table, after, set(), 0))
            fast = []
            for row in table.rows:
                after = self.tables[row.target]
                assigned = {e.target for e in row.choice.effects if e.target in self.var_set}
                reset = self._needs_reset(table, after, assigned, row.once_bit)
                counts_reset = bool(set(after.reset_counts) - set(table.reset_counts))
                if row.pure and not reset:
                    mode = 0
                elif (not after.enter and after.counted is None and not counts_reset
                      and (after.turns_live or not self.track_turns)):
                    mode = 1
                else:
                    mode = 2
                row.pure = mode == 0
                fast.append((row.cond, row.enabled, _combine(row.effects), row.target, row.once_bit, row.label, mode,
                             after.reset_vars, after.once_mask))
            table.fast = tuple(fast)
            if table.kind != KIND_CONTINUE:
                table.needs_ctx = any(r.cond or r.enabled or not r.pure for r in table.rows)
        self.random_nodes = sum(1 for t in self.tables if t.random)

    def _needs_reset(self, source: _NodeTable, target: _NodeTable, assigned: set[str], once_bit: int) -> bool:
        """Whether going from `source` to `target` can leave a value that is dead at the target unreset."""
        dead_here = {name for name, _ in source.reset_vars}
        dead_there = {name for name, _ in target.reset_vars}
        if (dead_there - dead_here) or (dead_there & assigned):
            return True
        if set(target.reset_counts) - set(source.reset_counts):
            return True
        if (source.once_mask | once_bit) & ~target.once_mask:
            return True
        return self.track_turns and source.turns_live and not target.turns_live

    def _liveness(self, once_bits: dict[tuple[str, str], int]) -> None:
        """Backward liveness over the node graph: what a state at each node still needs to remember.

        An item (a variable, a visit count, a once mark, turns) is live at a node when some path from
        there reads it in a condition, or in an effect on a live variable, before an `=` overwrites it.
        Resetting dead items merges states whose futures are the same, so the search stays exact.
        """
        def items(expr: "Expr") -> set:
            found: set = set(expr.reads) | {("v", n) for n in expr.nodes}
            if any(f == "turns" for f, _, _ in _counter_calls(expr.tree)):
                found.add(("turns",))
            return found

        def kills(effect: "Effect") -> bool:
            var = self.declared[effect.target]
            if effect.op != "=":
                return False
            if var.type == "enum":  # a value outside the enum is ignored, keeping the old one
                return effect.value.is_constant and effect.value.constant in (var.values or ())
            return True

        def transfer(effects: list["Effect"], live: frozenset) -> set:
            result = set(live)
            for effect in reversed(effects):
                if effect.target not in self.var_set or effect.target not in result:
                    continue
                if kills(effect):
                    result.discard(effect.target)
                result |= items(effect.value)
            return result

        tables = self.tables
        uses: list[set] = []
        edges: list[list[tuple[list, int]]] = []
        for table in tables:
            node = table.node
            used: set = set()
            out: list[tuple[list, int]] = []
            if table.kind == KIND_CHOICE:
                for row in table.rows:
                    choice = row.choice
                    for expr in (choice.condition, choice.enabled):
                        if expr is not None:
                            used |= items(expr)
                    if row.once_bit:
                        used.add(("o", row.once_bit))
                    out.append((list(choice.effects) + list(tables[row.target].node.on_enter), row.target))
                fallback = tables[table.fallback_target].node
                out.append((list(fallback.on_enter), table.fallback_target))
            elif table.kind == KIND_CONTINUE:
                out.append((list(tables[table.next].node.on_enter), table.next))
            uses.append(used)
            edges.append(out)
        predecessors: list[set[int]] = [set() for _ in tables]
        for i, out in enumerate(edges):
            for _, target in out:
                predecessors[target].add(i)
        live: list[frozenset] = [frozenset(u) for u in uses]
        pending = list(range(len(tables)))
        queued = set(pending)
        while pending:
            i = pending.pop()
            queued.discard(i)
            result = set(uses[i])
            for effects, target in edges[i]:
                result |= transfer(effects, live[target])
            fresh = frozenset(result)
            if fresh != live[i]:
                live[i] = fresh
                for p in predecessors[i]:
                    if p not in queued:
                        queued.add(p)
                        pending.append(p)
        all_once = 0
        for bit in once_bits.values():
            all_once |= bit
        for table, alive in zip(tables, live):
            table.live = alive
            table.reset_vars = tuple((name, self.declared[name].initial) for name in self.var_names if name not in alive)
            table.reset_counts = tuple(name for name in self.count_names if ("v", name) not in alive)
            table.once_mask = sum(bit for bit in once_bits.values() if ("o", bit) in alive)
            table.turns_live = ("turns",) in alive

    def _is_random_effect(self, effect: "Effect") -> bool:
        return effect.target in self.var_set and effect.value.random

    def _target(self, node_id: str) -> int:
        # A target outside the chapter is a checker error; the runtime goes back to the start.
        return self.index.get(node_id, self.index[self.chapter.start])

    def _label(self, node: int, choice: int) -> int:
        self.labels.append((node, choice))
        return len(self.labels) - 1

    def _effects(self, effects: list["Effect"], branching: bool = True) -> list[EffectFn]:
        # Effects on variables no condition depends on cannot change where the player can go.
        return [_compile_effect(e, self.declared[e.target], _branching(e.value) if branching else e.value.run)
                for e in effects if e.target in self.var_set and e.target in self.declared]

    def initial_states(self) -> list[tuple]:
        """The states at the start (more than one only when the start's arrival effects use chance)."""
        values = {name: self.declared[name].initial for name in self.var_names}
        visits = {name: 0 for name in self.count_names}
        return list(dict.fromkeys(_all_outcomes(lambda: self._arrive(self.start, values.copy(), visits.copy(), 0, 0))))

    def _arrive(self, target: int, values: dict[str, Any], visits: dict[str, int], once: int, turns: int) -> tuple:
        """The state after entering `target`: count the visit, then run its arrival effects."""
        table = self.tables[target]
        if table.counted is not None:
            count = visits[table.counted] + 1
            cap = table.cap
            visits[table.counted] = count if cap is None or count <= cap else cap
        if table.enter:
            ctx = self._arrival
            ctx.vars, ctx.visits, ctx.turns = values, visits, turns
            for effect in table.enter:
                effect(values, ctx)
        for name, canonical in table.reset_vars:
            values[name] = canonical
        for name in table.reset_counts:
            visits[name] = 0
        if not table.turns_live:
            turns = 0
        return (target, *values.values(), *visits.values(), once & table.once_mask, turns)

    def layout(self) -> tuple[int, int, int]:
        """Offsets into a state tuple: first variable, first visit count, the once mask (then turns)."""
        k = len(self.var_names)
        m = len(self.count_names)
        return 1, 1 + k, 1 + k + m


# -- the exhaustive search ----------------------------------------------------------------------

def explore_chapter(story: "Story", chapter_id: str, max_states: int = DEFAULT_MAX_STATES) -> ExploreReport:
    """Explore every reachable state of one chapter (up to `max_states`) and report what was found."""
    chapter = story.chapter(chapter_id)
    began = time.perf_counter()
    compiled = _Compiled(story, chapter)
    _ORACLE.truncated = False
    search = _Search(compiled, max_states)
    search.run()
    report = search.report()
    report.seconds = time.perf_counter() - began
    return report


class _Search:
    def __init__(self, compiled: _Compiled, max_states: int) -> None:
        self.c = compiled
        self.max_states = max(1, max_states)
        labels = len(compiled.labels)
        self.shown = bytearray(labels)  # a choice was visible
        self.taken = bytearray(labels)  # a choice was available (and so taken in the graph)
        self.stuck: dict[int, list[int]] = {}  # node index -> [first state id, count, by chance]
        self.complete = True

    def run(self) -> None:
        c = self.c
        tables = c.tables
        V0, C0, O = c.layout()
        T = O + 1
        var_names, count_names = c.var_names, c.count_names
        track_turns, turns_cap = c.track_turns, c.turns_cap
        shown, taken = self.shown, self.taken
        roots = c.initial_states()
        index: dict[tuple, int] = {root: i for i, root in enumerate(roots)}
        states: list[tuple] = list(roots)
        count = len(roots)
        parent = array("l", [-1]) * count
        via = array("l", [-1]) * count
        dist = array("l", [0]) * count
        expanded = bytearray(count)
        edge_start = array("l", [0]) * count
        edge_end = array("l", [0]) * count
        edges = array("l")
        max_states = self.max_states
        ctx = _Ctx()
        layer: list[int] = list(range(count))
        depth = 0
        full = False
        index_get = index.get
        while layer and not full:
            upcoming: list[int] = []
            position = 0
            while position < len(layer):
                sid = layer[position]
                position += 1
                if expanded[sid] or dist[sid] != depth:
                    continue
                expanded[sid] = 1
                state = states[sid]
                table = tables[state[0]]
                kind = table.kind
                edge_start[sid] = len(edges)
                if kind == KIND_ENDING:
                    edge_end[sid] = len(edges)
                    continue
                # successors: (state, label, cost); cost 0 for a continue, 1 for a choice
                turns = state[T]
                if track_turns:
                    turns += 1
                    if turns_cap is not None and turns > turns_cap:
                        turns = turns_cap
                if table.random:
                    found = self._random_step(table, state, sid)
                elif kind == KIND_CONTINUE:
                    if table.needs_ctx:
                        succ = c._arrive(table.next, dict(zip(var_names, state[V0:C0])), dict(zip(count_names, state[C0:O])),
                                         state[O], turns)
                    else:
                        succ = (table.next, *state[1:])
                    found = ((succ, table.continue_label, 0),)
                else:
                    found = []
                    once = state[O]
                    if table.needs_ctx:
                        values = dict(zip(var_names, state[V0:C0]))
                        visits = dict(zip(count_names, state[C0:O]))
                        ctx.vars, ctx.visits, ctx.turns = values, visits, state[T]
                        tail = state[C0:O]
                    for cond, enabled, apply, target, bit, label, mode, resets, once_mask in table.fast:
                        if bit and once & bit:
                            continue
                        try:
                            if cond is not None and not cond(ctx):
                                continue
                            shown[label] = 1
                            if enabled is not None and not enabled(ctx):
                                continue
                        except (ArithmeticError, TypeError, KeyError):
                            continue  # the runtime reads a failing condition as false
                        taken[label] = 1
                        if mode == 0:
                            found.append(((target, *state[1:]), label, 1))
                            continue
                        # copy-on-write: the state's values stay untouched for the next choice
                        new_values = values.copy()
                        if apply is not None:
                            ctx.vars = new_values
                            apply(new_values, ctx)
                            ctx.vars = values
                        if mode == 1:
                            for name, canonical in resets:
                                new_values[name] = canonical
                            found.append(((target, *new_values.values(), *tail, (once | bit) & once_mask, turns), label, 1))
                        else:
                            found.append((c._arrive(target, new_values, visits.copy(), once | bit, turns), label, 1))
                    if not found:
                        self._note_stuck(table, sid, False)
                        found.append((self._fallback_state(table, state), table.fallback_label, 1))
                for succ, label, cost in found:
                    j = index_get(succ)
                    if j is None:
                        if len(states) >= max_states:
                            full = True
                            break
                        j = len(states)
                        index[succ] = j
                        states.append(succ)
                        parent.append(sid)
                        via.append(label)
                        dist.append(depth + cost)
                        expanded.append(0)
                        edge_start.append(0)
                        edge_end.append(0)
                        (layer if cost == 0 else upcoming).append(j)
                    elif cost == 0 and dist[j] > depth:
                        # A continue reaches it with fewer choices than the choice that found it first.
                        dist[j] = depth
                        parent[j] = sid
                        via[j] = label
                        layer.append(j)
                    edges.append(j)
                edge_end[sid] = len(edges)
                if full:
                    break
            layer = upcoming
            depth += 1
        self.complete = not full
        self.states, self.index, self.parent, self.via, self.dist = states, index, parent, via, dist
        self.expanded, self.edge_start, self.edge_end, self.edges = expanded, edge_start, edge_end, edges

    def _fallback_state(self, table: _NodeTable, state: tuple) -> tuple:
        c = self.c
        V0, C0, O = c.layout()
        turns = state[O + 1]
        if c.track_turns:
            turns += 1
            if c.turns_cap is not None and turns > c.turns_cap:
                turns = c.turns_cap
        return c._arrive(table.fallback_target, dict(zip(c.var_names, state[V0:C0])),
                         dict(zip(c.count_names, state[C0:O])), state[O], turns)

    def _random_step(self, table: _NodeTable, state: tuple, sid: int) -> list[tuple[tuple, int, int]]:
        """A step whose closures may branch on chance: every combination of outcomes is a successor."""
        c = self.c
        V0, C0, O = c.layout()
        T = O + 1
        base_values = dict(zip(c.var_names, state[V0:C0]))
        base_visits = dict(zip(c.count_names, state[C0:O]))
        turns = state[T]
        next_turns = turns
        if c.track_turns:
            next_turns = turns + 1
            if c.turns_cap is not None and next_turns > c.turns_cap:
                next_turns = c.turns_cap
        found: list[tuple[tuple, int, int]] = []
        seen: set[tuple[tuple, int]] = set()

        def add(succ: tuple, label: int, cost: int) -> None:
            if (succ, label) not in seen:
                seen.add((succ, label))
                found.append((succ, label, cost))

        if table.kind == KIND_CONTINUE:
            for succ in _all_outcomes(lambda: c._arrive(table.next, base_values.copy(), base_visits.copy(), state[O], next_turns)):
                add(succ, table.continue_label, 0)
            return found
        ctx = _Ctx()
        ctx.vars, ctx.visits, ctx.turns = base_values, base_visits, turns
        once = state[O]

        def view() -> tuple[tuple[int, bool], ...]:
            shown_rows = []
            for position, row in enumerate(table.rows):
                if row.once_bit and once & row.once_bit:
                    continue
                if row.cond is not None and not _safe(row.cond, ctx):
                    continue
                enabled = row.enabled is None or bool(_safe(row.enabled, ctx))
                shown_rows.append((position, enabled))
            return tuple(shown_rows)

        views = set(_all_outcomes(view))
        stuck_in_some = False
        for shown_rows in views:
            available = [position for position, enabled in shown_rows if enabled]
            for position, enabled in shown_rows:
                self.shown[table.rows[position].label] = 1
            if not available:
                stuck_in_some = True
                continue
            for position in available:
                row = table.rows[position]
                self.taken[row.label] = 1

                def take(row: _Row = row) -> tuple:
                    values = base_values.copy()
                    step = _Ctx()
                    step.vars, step.visits, step.turns = values, base_visits, turns
                    _run_effects(row.effects, step)
                    return c._arrive(row.target, values, base_visits.copy(), once | row.once_bit, next_turns)

                for succ in _all_outcomes(take):
                    add(succ, row.label, 1)
        if stuck_in_some:
            # "by chance" when some other outcome would have left a choice open.
            self._note_stuck(table, sid, any(enabled for shown_rows in views for _, enabled in shown_rows))
            for succ in _all_outcomes(lambda: self._fallback_state(table, state)):
                add(succ, table.fallback_label, 1)
        return found

    def _values_when_disabled(self, node_index: int, row: _Row) -> dict[str, list[Any]]:
        """What the `enabled` of a never-available choice read, over the states where it was shown.

        Worked out after the search, for the few choices that need it, so the search loop stays lean.
        """
        c = self.c
        expr = row.choice.enabled
        if expr is None:
            return {}
        V0, C0, O = c.layout()
        seen: dict[str, set] = {name: set() for name in sorted(expr.reads)}
        seen.update({f"visits({n})": set() for n in sorted(expr.nodes)})
        ctx = _Ctx()
        for state in self.states:
            if state[0] != node_index:
                continue
            if row.once_bit and state[O] & row.once_bit:
                continue
            ctx.vars = dict(zip(c.var_names, state[V0:C0]))
            ctx.visits = dict(zip(c.count_names, state[C0:O]))
            ctx.turns = state[O + 1]
            if row.choice.condition is not None and not _safe(row.choice.condition.run, ctx):
                continue
            for name in expr.reads:
                bucket = seen[name]
                if len(bucket) < MAX_VALUES_SEEN:
                    bucket.add(ctx.vars.get(name))
            for node_id in expr.nodes:
                bucket = seen[f"visits({node_id})"]
                if len(bucket) < MAX_VALUES_SEEN:
                    bucket.add(ctx.visits.get(node_id, 0))
        return {name: sorted(values, key=lambda v: (str(type(v)), v)) for name, values in seen.items() if values}

    def _note_stuck(self, table: _NodeTable, sid: int, by_chance: bool) -> None:
        if table.node.fallback:
            return  # the author chose where the game goes when nothing is available: not a soft-lock
        entry = self.stuck.get(table.index)
        if entry is None:
            self.stuck[table.index] = [sid, 1, int(by_chance)]
        else:
            entry[1] += 1

    # -- after the search -------------------------------------------------------------------
    def path_labels(self, sid: int) -> list[int]:
        labels: list[int] = []
        while self.parent[sid] >= 0:
            labels.append(self.via[sid])
            sid = self.parent[sid]
        labels.reverse()
        return labels

    def report(self) -> ExploreReport:
        c = self.c
        story, chapter = c.story, c.chapter
        states, dist = self.states, self.dist
        replay = _Replay(story, chapter)
        reached_nodes = bytearray(len(c.node_ids))
        best: dict[int, int] = {}  # ending node index -> state id with the fewest choices
        for sid, state in enumerate(states):
            node = state[0]
            reached_nodes[node] = 1
            if c.tables[node].kind == KIND_ENDING:
                if node not in best or dist[sid] < dist[best[node]]:
                    best[node] = sid
        endings_reached: dict[str, list[str]] = {}
        for ending in chapter.endings:
            node = c.index.get(ending.node)
            if node is not None and node in best and ending.id not in endings_reached:
                endings_reached[ending.id] = replay.texts(c, self.path_labels(best[node]))
        unreachable = [e.id for e in chapter.endings if e.id not in endings_reached]
        dead_ends: list[DeadEnd] = []
        for node_index, (sid, count, by_chance) in sorted(self.stuck.items(), key=lambda item: dist[item[1][0]]):
            table = c.tables[node_index]
            node = table.node
            labels = self.path_labels(sid)
            kind = "dead end" if not node.choices else "soft-lock"
            dead_ends.append(DeadEnd(node.id, kind, replay.texts(c, labels), replay.why_stuck(c, labels, node),
                                     count, bool(by_chance)))
        never_reached = [node_id for i, node_id in enumerate(c.node_ids) if not reached_nodes[i]]
        never_taken: list[ChoiceRef] = []
        never_enabled: list[ChoiceRef] = []
        for label, (node_index, choice_index) in enumerate(c.labels):
            if choice_index < 0 or not reached_nodes[node_index] or self.taken[label]:
                continue
            table = c.tables[node_index]
            if table.kind != KIND_CHOICE:
                continue
            choice = table.node.choices[choice_index]
            ref = ChoiceRef(table.node.id, choice_index, choice.text.source,
                            choice.condition.source if choice.condition else None,
                            choice.enabled.source if choice.enabled else None, shown=bool(self.shown[label]))
            never_taken.append(ref)
            if choice.enabled is not None and self.shown[label]:
                ref.values_seen = self._values_when_disabled(node_index, table.rows[choice_index])
                never_enabled.append(ref)
        loops = self._exitless_loops(replay) if self.complete else []
        notes: list[str] = []
        if c.random_nodes:
            notes.append(f"{c.random_nodes} node(s) use chance() or random(): every outcome is explored, as over every seed")
        if _ORACLE.truncated:
            notes.append(f"some steps had more than {MAX_OUTCOME_COMBINATIONS:,} combinations of random outcomes; "
                         "only the first were explored")
        exact = [n for n, cap in c.caps.items() if cap is None]
        if exact:
            notes.append("visits() of " + ", ".join(exact) + " is used in arithmetic, so it is counted exactly "
                         "(a loop through it can make the state space unbounded)")
        if c.track_turns and c.turns_cap is None:
            notes.append("turns() is used in arithmetic, so it is counted exactly (every step is a new state)")
        if not self.complete:
            unbounded = [n for n in c.var_names if c.declared[n].type == "int" and (c.declared[n].low is None or c.declared[n].high is None)]
            if unbounded:
                notes.append("int variables without min and max can grow without end: " + ", ".join(unbounded))
        tracked = {
            "variables": list(c.var_names),
            "visits": [f"{n}" + ("" if c.caps[n] is None else f" (up to {c.caps[n]})") for n in c.count_names],
            "once": [f"{node}#{key}" for node, key in c.once_keys],
            "turns": [] if not c.track_turns else ["turns" + ("" if c.turns_cap is None else f" (up to {c.turns_cap})")],
        }
        return ExploreReport(
            chapter=chapter.id, endings_reached=endings_reached, unreachable_endings=unreachable, dead_ends=dead_ends,
            never_reached_nodes=never_reached, never_enabled_choices=never_enabled, exitless_loops=loops,
            states=len(states), complete=self.complete, never_taken_choices=never_taken,
            ending_titles={e.id: e.title for e in chapter.endings}, ending_nodes={e.id: e.node for e in chapter.endings},
            tracked=tracked, notes=notes)

    def _settle_by_reverse_search(self, pending: list[int], alive: bytearray) -> None:
        """Mark every pending state from which an alive state is reachable (exact, over reversed edges)."""
        edges, starts, ends = self.edges, self.edge_start, self.edge_end
        inside = set(pending)
        reverse: dict[int, list[int]] = {}
        frontier: list[int] = []
        for i in pending:
            for k in range(starts[i], ends[i]):
                j = edges[k]
                if j in inside:
                    reverse.setdefault(j, []).append(i)
                elif alive[j] and not alive[i]:
                    alive[i] = 1
                    frontier.append(i)
        while frontier:
            j = frontier.pop()
            for i in reverse.get(j, ()):
                if not alive[i]:
                    alive[i] = 1
                    frontier.append(i)

    def _exitless_loops(self, replay: "_Replay") -> list[ExitlessLoop]:
        """Reachable states from which no ending can be reached, grouped into their bottom components."""
        c = self.c
        states, edges, starts, ends = self.states, self.edges, self.edge_start, self.edge_end
        n = len(states)
        ending_nodes = {t.index for t in c.tables if t.kind == KIND_ENDING}
        alive = bytearray(n)
        for i, state in enumerate(states):
            if state[0] in ending_nodes:
                alive[i] = 1
        # Which states can still reach an ending? A few sweeps from the last-found state back to the
        # first settle nearly every state cheaply (a successor found later is usually settled already);
        # whatever is left after that goes to an exact search over the reversed edges.
        pending = [i for i in range(n - 1, -1, -1) if not alive[i]]
        for _ in range(6):
            still = []
            for i in pending:
                for k in range(starts[i], ends[i]):
                    if alive[edges[k]]:
                        alive[i] = 1
                        break
                else:
                    still.append(i)
            settled = len(still) == len(pending)
            pending = still
            if settled or not pending:
                break
        else:
            self._settle_by_reverse_search(pending, alive)
        doomed = sorted(i for i in pending if not alive[i])
        if not doomed:
            return []
        components = _bottom_components(doomed, edges, starts, ends)
        grouped: dict[tuple[str, ...], list[list[int]]] = {}
        for component in components:
            key = tuple(sorted({c.node_ids[states[i][0]] for i in component}))
            grouped.setdefault(key, []).append(component)
        loops: list[ExitlessLoop] = []
        for key, comps in grouped.items():
            members = [i for comp in comps for i in comp]
            entry = min(members, key=lambda i: (self.dist[i], i))
            loops.append(ExitlessLoop(list(key), len(members), replay.texts(c, self.path_labels(entry)),
                                      c.node_ids[states[entry][0]]))
        loops.sort(key=lambda loop: (len(loop.path), loop.nodes))
        return loops


def _bottom_components(members: list[int], edges: array, starts: array, ends: array) -> list[list[int]]:
    """Strongly connected components of the subgraph on `members` that no edge leaves (iterative Tarjan)."""
    inside = set(members)
    number: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    component_of: dict[int, int] = {}
    components: list[list[int]] = []
    counter = 0
    for root in members:
        if root in number:
            continue
        work = [(root, starts[root])]
        number[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, k = work[-1]
            if k < ends[v]:
                work[-1] = (v, k + 1)
                w = edges[k]
                if w not in inside:
                    continue
                if w not in number:
                    number[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, starts[w]))
                elif w in on_stack:
                    low[v] = min(low[v], number[w])
                continue
            work.pop()
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
            if low[v] == number[v]:
                component: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component_of[w] = len(components)
                    component.append(w)
                    if w == v:
                        break
                components.append(component)
    bottom: list[list[int]] = []
    for index, component in enumerate(components):
        leaves = False
        for v in component:
            for k in range(starts[v], ends[v]):
                w = edges[k]
                if w in inside and component_of[w] != index:
                    leaves = True
                    break
            if leaves:
                break
        if not leaves:
            bottom.append(component)
    return bottom


def _safe(run: Callable[[Any], Any], ctx: _Ctx) -> Any:
    """A condition as the runtime reads it: an error counts as false."""
    try:
        return run(ctx)
    except (ArithmeticError, TypeError, KeyError):
        return False


class _Replay:
    """Plays a path of edge labels with every variable, to show choice texts as the player reads them."""

    def __init__(self, story: "Story", chapter: "Chapter") -> None:
        self.story = story
        self.chapter = chapter
        self.declared = story.variables_for(chapter.id)

    def _walk(self, c: _Compiled, labels: list[int]) -> Iterable[tuple[_Ctx, int, int]]:
        ctx = _Ctx()
        ctx.vars = {name: var.initial for name, var in self.declared.items()}
        ctx.visits = {}
        ctx.turns = 0
        ctx.seed = 1

        def enter(node_id: str) -> None:
            ctx.visits[node_id] = ctx.visits.get(node_id, 0) + 1
            self._apply(self.story.nodes[node_id].on_enter, ctx)

        enter(c.node_ids[c.start])
        for label in labels:
            node_index, choice_index = c.labels[label]
            yield ctx, node_index, choice_index
            node = self.story.nodes[c.node_ids[node_index]]
            if choice_index == CONTINUE:
                target = c.tables[node_index].next
            elif choice_index == FALLBACK:
                target = c.tables[node_index].fallback_target
            else:
                choice = node.choices[choice_index]
                self._apply(choice.effects, ctx)
                target = c.tables[node_index].rows[choice_index].target
            ctx.turns += 1
            enter(c.node_ids[target])
        yield ctx, -1, 0

    def _apply(self, effects: list["Effect"], ctx: _Ctx) -> None:
        for effect in effects:
            var = self.declared.get(effect.target)
            if var is None:
                continue
            try:
                value = effect.value(ctx)
            except (ArithmeticError, TypeError, KeyError):
                continue
            ctx.vars[effect.target] = _store(var, effect.op, value, ctx.vars[effect.target])

    def texts(self, c: _Compiled, labels: list[int]) -> list[str]:
        texts: list[str] = []
        for ctx, node_index, choice_index in self._walk(c, labels):
            if node_index < 0 or choice_index == CONTINUE:
                continue
            if choice_index == FALLBACK:
                texts.append(FALLBACK_TEXT)
                continue
            template = self.story.nodes[c.node_ids[node_index]].choices[choice_index].text
            texts.append(_render(template, ctx))
        return texts

    def why_stuck(self, c: _Compiled, labels: list[int], node: "Node") -> list[str]:
        """Each choice of the stuck node, rendered in the state the path leads to, and why it is not there."""
        ctx = None
        for ctx, _, _ in self._walk(c, labels):
            pass
        lines: list[str] = []
        if ctx is None:
            return lines
        for choice in node.choices:
            text = _render(choice.text, ctx)
            if choice.once:
                lines.append(f'"{text}": once, already taken' if _once_taken(c, labels, node.id, choice) else f'"{text}": once')
                continue
            if choice.condition is not None and not _safe(choice.condition.run, ctx):
                lines.append(f'"{text}": hidden (if: {choice.condition.source})')
            elif choice.enabled is not None and not _safe(choice.enabled.run, ctx):
                lines.append(f'"{text}": unavailable (enabled: {choice.enabled.source}; {_values(choice.enabled, ctx)})')
            else:
                lines.append(f'"{text}": hidden or unavailable by chance')
        return lines


def _once_taken(c: _Compiled, labels: list[int], node_id: str, choice: "Choice") -> bool:
    node_index = c.index[node_id]
    for label in labels:
        n, k = c.labels[label]
        if n == node_index and k >= 0 and c.tables[n].node.choices[k] is choice:
            return True
    return False


def _values(expr: "Expr", ctx: _Ctx) -> str:
    parts = [f"{name} = {ctx.vars.get(name)!r}" for name in sorted(expr.reads)]
    parts += [f"visits({node_id}) = {ctx.visits.get(node_id, 0)}" for node_id in sorted(expr.nodes)]
    return ", ".join(parts) if parts else "it reads no variable"


def _render(template: Any, ctx: _Ctx) -> str:
    try:
        return template.render(ctx)
    except (ArithmeticError, TypeError, KeyError):
        return template.source


# -- random playthroughs ------------------------------------------------------------------------

def random_playthroughs(story: "Story", chapter_id: str, n: int, seed: int, max_steps: int = DEFAULT_MAX_STEPS) -> RandomReport:
    """`n` playthroughs picking uniformly among available choices; the same seed gives the same report.

    The story's own chance() and random() run with a per-playthrough seed drawn from `seed`, through
    the same closures the game runs.
    """
    chapter = story.chapter(chapter_id)
    began = time.perf_counter()
    c = _Compiled(story, chapter)
    declared = c.declared
    node_ids = c.node_ids
    # Per node: (kind, rows, next, fallback, enter effects); rows use the seeded closures, not the branching ones.
    plans: list[tuple[int, list[tuple[Any, Any, list, int, int, str]], int, int, list]] = []
    for table in c.tables:
        node = table.node
        rows = []
        for row in table.rows:
            choice = row.choice
            rows.append((choice.condition.run if choice.condition else None, choice.enabled.run if choice.enabled else None,
                         c._effects(choice.effects, branching=False), row.target, row.once_bit, f"{node.id}#{choice.key}"))
        enter = c._effects(node.on_enter, branching=False)
        plans.append((table.kind, rows, table.next, table.fallback_target, enter))
    master = random.Random(seed)
    pick = master.random
    initial = {name: declared[name].initial for name in c.var_names}
    hits = [0] * len(node_ids)
    endings: dict[str, int] = {}
    capped = soft_runs = 0
    total_choices = total_steps = longest = 0
    ctx = _Ctx()
    for _ in range(n):
        ctx.vars = dict(initial)
        visits: dict[str, int] = {}
        ctx.visits = visits
        ctx.turns = 0
        ctx.seed = master.randrange(1, 2**31)
        once = 0
        node = c.start
        choices = steps = 0
        soft = False
        name = node_ids[node]
        visits[name] = 1
        hits[node] += 1
        if plans[node][4]:
            _run_effects(plans[node][4], ctx)
        while True:
            kind, rows, next_node, fallback, _ = plans[node]
            if kind == KIND_ENDING:
                ending = c.tables[node].node.ending
                endings[ending.id] = endings.get(ending.id, 0) + 1  # type: ignore[union-attr]
                break
            if steps >= max_steps:
                capped += 1
                break
            steps += 1
            if kind == KIND_CONTINUE:
                target = next_node
            else:
                available = []
                for row in rows:
                    if row[4] and once & row[4]:
                        continue
                    if row[0] is not None and not _safe(row[0], ctx):
                        continue
                    if row[1] is not None and not _safe(row[1], ctx):
                        continue
                    available.append(row)
                choices += 1
                if available:
                    row = available[int(pick() * len(available))]
                    once |= row[4]
                    if row[2]:
                        _run_effects(row[2], ctx)
                    target = row[3]
                else:
                    soft = True
                    target = fallback
            ctx.turns += 1
            node = target
            name = node_ids[node]
            visits[name] = visits.get(name, 0) + 1
            hits[node] += 1
            enter = plans[node][4]
            if enter:
                _run_effects(enter, ctx)
        total_choices += choices
        total_steps += steps
        if choices > longest:
            longest = choices
        if soft:
            soft_runs += 1
    seconds = time.perf_counter() - began
    return RandomReport(chapter.id, n, seed, endings, capped, soft_runs, total_choices / n if n else 0.0, longest,
                        total_choices, total_steps, {node_ids[i]: h for i, h in enumerate(hits) if h},
                        seconds, max_steps, {e.id: e.title for e in chapter.endings})


# -- the command ----------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("story", nargs="?", default=str(story_dir()), help="the story folder (default: the game's story/)")
    parser.add_argument("--chapter", help="explore only this chapter")
    parser.add_argument("--max-states", type=int, default=DEFAULT_MAX_STATES,
                        help=f"stop after this many states per chapter (default {DEFAULT_MAX_STATES:,})")
    parser.add_argument("--random", type=int, metavar="N", help="make N random playthroughs instead")
    parser.add_argument("--seed", type=int, default=0, help="the seed for --random (default 0)")
    parser.add_argument("--max-steps", type=int, default=DEFAULT_MAX_STEPS,
                        help=f"with --random: stop a playthrough after this many steps (default {DEFAULT_MAX_STEPS:,})")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every node's hits, every path and value")


def load_checked(story_arg: str, chapter: str | None, command: str) -> tuple[Any, list[str]] | int:
    """The loaded story and the chapters to work on, or an exit code after printing why not."""
    from game.tools.opening import open_story

    opened = open_story(story_arg, command, chapter=chapter)
    return opened if isinstance(opened, int) else (opened.story, opened.chapters)


def run(args: argparse.Namespace) -> int:
    if args.max_states < 1 or (args.random is not None and args.random < 1) or args.max_steps < 1:
        print("explore: --max-states, --random and --max-steps take a positive number", file=sys.stderr)
        return 2
    loaded = load_checked(args.story, args.chapter, "explore")
    if isinstance(loaded, int):
        return loaded
    story, chapters = loaded
    if args.random is not None:
        for number, chapter_id in enumerate(chapters):
            if number:
                print()
            print_random(random_playthroughs(story, chapter_id, args.random, args.seed, args.max_steps), args.verbose)
        return 0
    status = 0
    for number, chapter_id in enumerate(chapters):
        if number:
            print()
        report = explore_chapter(story, chapter_id, args.max_states)
        print_report(story, report, args.verbose)
        if not report.ok:
            status = 1
    return status


def _path_lines(path: list[str], indent: str) -> list[str]:
    if not path:
        return [f"{indent}(at the start, no choice needed)"]
    return [f"{indent}{number}. {text}" for number, text in enumerate(path, 1)]


def print_report(story: "Story", report: ExploreReport, verbose: bool = False) -> None:
    out: list[str] = []
    chapter = story.chapter(report.chapter)
    rate = f", {report.states_per_second:,.0f} states/s" if report.seconds > 0.05 else ""
    done = "complete" if report.complete else f"incomplete: explored {report.states:,} states, stopped at the bound"
    out.append(f"Chapter {chapter.id} ({chapter.title}): {report.states:,} states, {done} ({report.seconds:.2f} s{rate})")
    tracked = report.tracked
    parts = [f"variables: {', '.join(tracked['variables']) or 'none'}"]
    if tracked["visits"]:
        parts.append(f"visits: {', '.join(tracked['visits'])}")
    if tracked["once"]:
        parts.append(f"once: {len(tracked['once'])}")
    if tracked["turns"]:
        parts.append(tracked["turns"][0])
    out.append("  state: node + " + "; ".join(parts))
    for note in report.notes:
        out.append(f"  note: {note}")
    total = len(report.ending_titles)
    out.append(f"  endings reached: {len(report.endings_reached)} of {total}")
    for ending_id, path in report.endings_reached.items():
        choices = len(path)
        out.append(f"    {ending_id} \"{report.ending_titles.get(ending_id, '')}\" "
                   f"in {choices} choice{'s' if choices != 1 else ''}:")
        out.extend(_path_lines(path, "      "))
    if report.unreachable_endings:
        qualifier = "" if report.complete else " (within the bound)"
        out.append(f"  UNREACHABLE ENDINGS{qualifier}: " + ", ".join(
            f"{e} (node {report.ending_nodes.get(e, '?')})" for e in report.unreachable_endings))
    for dead in report.dead_ends:
        chance = ", by chance" if dead.by_chance else ""
        if dead.kind == "dead end":
            what = "DEAD END", "no choices, no next, no ending"
        else:
            what = "SOFT-LOCK", "no choice is available, the game can only offer \"Let the moment pass.\""
        out.append(f"  {what[0]} at {dead.node} ({dead.states:,} state{'s' if dead.states != 1 else ''}{chance}): "
                   f"{what[1]}; reached by:")
        out.extend(_path_lines(dead.path, "      "))
        for line in dead.detail:
            out.append(f"      - {line}")
    for loop in report.exitless_loops:
        out.append(f"  LOOP WITH NO EXIT through {', '.join(loop.nodes)} ({loop.states:,} states): no ending can be "
                   f"reached from {loop.entry}; reached by:")
        out.extend(_path_lines(loop.path, "      "))
    if report.never_reached_nodes:
        out.append(f"  nodes never reached ({len(report.never_reached_nodes)}): " + ", ".join(report.never_reached_nodes))
    if report.never_enabled_choices:
        out.append(f"  choices shown but never available ({len(report.never_enabled_choices)}):")
        for ref in report.never_enabled_choices:
            seen = "; ".join(f"{name} was {_format_values(values, verbose)}" for name, values in ref.values_seen.items())
            out.append(f"    {ref.label()}: enabled: {ref.enabled} is never true" + (f" ({seen})" if seen else ""))
    hidden = [ref for ref in report.never_taken_choices if ref not in report.never_enabled_choices]
    if hidden:
        out.append(f"  choices never available in a reached node ({len(hidden)}):")
        for ref in hidden:
            why = f"if: {ref.condition}" if ref.condition else "once" if not ref.shown else "never shown"
            if ref.shown and ref.enabled:
                why = f"enabled: {ref.enabled}"
            out.append(f"    {ref.label()}: {'never shown' if not ref.shown else 'never available'} ({why})")
    if report.ok and report.complete:
        out.append("  ok: every ending is reachable, and no reachable state is stuck")
    print("\n".join(out))


def _format_values(values: list[Any], verbose: bool) -> str:
    shown = values if verbose or len(values) <= 8 else values[:8]
    text = ", ".join(repr(v) if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v) for v in shown)
    if len(shown) < len(values):
        text += ", …"
    return "only " + text if len(values) == 1 else "one of " + text


def print_random(report: RandomReport, verbose: bool = False) -> None:
    out = [f"Chapter {report.chapter}: {report.runs:,} random playthroughs, seed {report.seed} "
           f"({report.seconds:.2f} s, {report.choices_per_second:,.0f} choices/s)"]
    out.append("  endings:")
    for ending_id in report.ending_titles:
        count = report.endings.get(ending_id, 0)
        out.append(f"    {ending_id:<24} {count:>8,}  {100 * count / report.runs:5.1f}%  \"{report.ending_titles[ending_id]}\"")
    if report.capped:
        out.append(f"    {'(step cap)':<24} {report.capped:>8,}  {100 * report.capped / report.runs:5.1f}%  "
                   f"stopped after {report.max_steps:,} steps without an ending")
    out.append(f"  length: mean {report.mean_choices:.1f} choices, longest {report.longest_choices:,}")
    if report.soft_locks:
        out.append(f"  {report.soft_locks:,} playthrough(s) met a soft-lock (the runtime's \"Let the moment pass.\")")
    ordered = sorted(report.hits.items(), key=lambda item: (-item[1], item[0]))
    shown = ordered if verbose else ordered[:15]
    out.append(f"  hits per node ({'all' if verbose else 'top 15'} of {len(ordered)} reached; --verbose for all):"
               if not verbose else f"  hits per node (all {len(ordered)} reached):")
    for node_id, count in shown:
        out.append(f"    {node_id:<32} {count:>10,}")
    print("\n".join(out))
