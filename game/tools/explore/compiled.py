"""A chapter compiled for exploring fast: per-node tables of the game's own closures, and liveness.

Conditions and effects are the ones the game runs (game.core.expressions, game.core.lang), with
the explorer's roll hook for chance; the effect rule is evaluate.compile_effect, the runtime's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from game.core.lang import ir
from game.core.runtime import RUN_TIME_SLIPS
from game.tools.explore.chance import all_outcomes, branching_roll
from game.tools.explore.relevance import relevance
from game.tools.explore.reports import CONTINUE, FALLBACK

if TYPE_CHECKING:
    from game.core.expressions import Effect, Expr
    from game.core.model import Chapter, Choice, Node, Story

EffectFn = Callable[[dict, Any], Any]


class Ctx:
    """What compiled expressions read: vars, visits, turns and seed (see expressions.Context)."""

    __slots__ = ("vars", "visits", "turns", "seed")

    def __init__(self) -> None:
        self.vars: dict[str, Any] = {}
        self.visits: dict[str, int] = {}
        self.turns = 0
        self.seed = 0


def branching(expr: "Expr") -> Callable[[Any], Any]:
    """The closure to evaluate `expr` with in exhaustive mode: chance branches."""
    return expr.runner(branching_roll)


def safe(run: Callable[[Any], Any], ctx: Any) -> Any:
    """A condition as the runtime reads it: an error counts as false."""
    try:
        return run(ctx)
    except RUN_TIME_SLIPS:
        return False


def run_effects(effects: list[EffectFn], ctx: Ctx) -> None:
    values = ctx.vars
    for effect in effects:
        effect(values, ctx)


def _capped(effect: EffectFn, name: str, cap: int) -> EffectFn:
    def capped(values: dict, c: Any) -> Any:
        failed = effect(values, c)
        if values[name] > cap:
            values[name] = cap
        return failed
    return capped


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
        rel = relevance(story, chapter)
        self.relevance = rel
        names = [n for n in declared if n in rel.variables]
        self.var_names = names
        self.var_set = set(names)
        self.count_names = [n for n in rel.visits]
        self.caps = rel.visits
        self.var_caps = rel.caps
        self.once_keys = rel.once
        self.track_turns = rel.turns is not False
        self.turns_cap = rel.turns if type(rel.turns) is int else None  # False (untracked) is a bool
        self.node_ids = [n for n in chapter.node_ids if n in story.nodes]
        if chapter.start not in story.nodes or story.nodes[chapter.start].chapter != chapter.id:
            raise ValueError(f"chapter '{chapter.id}' starts at '{chapter.start}', which is not one of its nodes")
        self.index = {node_id: i for i, node_id in enumerate(self.node_ids)}
        self.start = self.index[chapter.start]
        self.labels: list[tuple[int, int]] = []  # label id -> (node index, choice index | CONTINUE | FALLBACK)
        self._arrival = Ctx()  # reused by _arrive: arrival effects never call back into it
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
                rows.append(_Row(choice, c_index, branching(choice.condition) if choice.condition else None,
                                 branching(choice.enabled) if choice.enabled else None, effects, target, once_bit,
                                 self._label(i, c_index), pure))
            fallback_target = self._target(node.fallback_target(chapter.start))
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
            if ir.reads_turns(expr.ir):
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
        roll = branching_roll if branching else None
        found = []
        for e in effects:
            if e.target not in self.var_set or e.target not in self.declared:
                continue
            apply = e.applier(self.declared[e.target], RUN_TIME_SLIPS, roll)
            cap = self.var_caps.get(e.target) if branching else None
            found.append(apply if cap is None else _capped(apply, e.target, cap))
        return found

    def initial_states(self) -> list[tuple]:
        """The states at the start (more than one only when the start's arrival effects use chance)."""
        values = {name: self.declared[name].initial for name in self.var_names}
        for name, cap in self.var_caps.items():
            if values[name] > cap:
                values[name] = cap
        visits = {name: 0 for name in self.count_names}
        return list(dict.fromkeys(all_outcomes(lambda: self._arrive(self.start, values.copy(), visits.copy(), 0, 0))))

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


