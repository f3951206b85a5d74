"""The exhaustive search: every reachable state of a chapter, breadth first, and what it finds.

States are tuples (node, tracked values, visit counts, once mask, turns) as `_Compiled` lays
them out; the search keeps the edges, so that loops with no exit (states from which no ending
can be reached) are found exactly after it, and the shortest path to each finding is replayed.
"""
from __future__ import annotations

import time
from array import array
from typing import TYPE_CHECKING, Any, Callable

from game.core.runtime import RUN_TIME_SLIPS

from game.tools.explore.chance import ORACLE, all_outcomes
from game.tools.explore.compiled import KIND_CHOICE, KIND_CONTINUE, KIND_ENDING, Ctx, _Compiled, _NodeTable, _Row, run_effects, safe
from game.tools.explore.replay import _Replay
from game.tools.explore.reports import (DEFAULT_MAX_STATES, AtLeast, MAX_OUTCOME_COMBINATIONS, MAX_VALUES_SEEN, ChoiceRef, DeadEnd,
                                            ExitlessLoop, ExploreReport)

if TYPE_CHECKING:
    from game.core.model import Story


def explore_chapter(story: "Story", chapter_id: str, max_states: int = DEFAULT_MAX_STATES) -> ExploreReport:
    """Explore every reachable state of one chapter (up to `max_states`) and report what was found."""
    chapter = story.chapter(chapter_id)
    began = time.perf_counter()
    compiled = _Compiled(story, chapter)
    ORACLE.truncated = False
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
        expand = self.expander()
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
                found = expand(state, table, sid)
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

    def expander(self) -> Callable[[tuple, _NodeTable, int], Any]:
        """The function giving a state's successors, as (state, label, cost) with cost 0 for a continue.

        The search calls it for every state; the differential test calls it too, so what is
        tested against the runtime is the search's own step. `sid` names the state for findings.
        """
        c = self.c
        V0, C0, O = c.layout()
        T = O + 1
        var_names, count_names = c.var_names, c.count_names
        track_turns, turns_cap = c.track_turns, c.turns_cap
        shown, taken = self.shown, self.taken
        ctx = Ctx()

        def expand(state: tuple, table: _NodeTable, sid: int) -> Any:
            kind = table.kind
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
                    except RUN_TIME_SLIPS:
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
            return found
        return expand

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
            for succ in all_outcomes(lambda: c._arrive(table.next, base_values.copy(), base_visits.copy(), state[O], next_turns)):
                add(succ, table.continue_label, 0)
            return found
        ctx = Ctx()
        ctx.vars, ctx.visits, ctx.turns = base_values, base_visits, turns
        once = state[O]

        def view() -> tuple[tuple[int, bool], ...]:
            shown_rows = []
            for position, row in enumerate(table.rows):
                if row.once_bit and once & row.once_bit:
                    continue
                if row.cond is not None and not safe(row.cond, ctx):
                    continue
                enabled = row.enabled is None or bool(safe(row.enabled, ctx))
                shown_rows.append((position, enabled))
            return tuple(shown_rows)

        views = set(all_outcomes(view))
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
                    step = Ctx()
                    step.vars, step.visits, step.turns = values, base_visits, turns
                    run_effects(row.effects, step)
                    return c._arrive(row.target, values, base_visits.copy(), once | row.once_bit, next_turns)

                for succ in all_outcomes(take):
                    add(succ, row.label, 1)
        if stuck_in_some:
            # "by chance" when some other outcome would have left a choice open.
            self._note_stuck(table, sid, any(enabled for shown_rows in views for _, enabled in shown_rows))
            for succ in all_outcomes(lambda: self._fallback_state(table, state)):
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
        ctx = Ctx()
        for state in self.states:
            if state[0] != node_index:
                continue
            if row.once_bit and state[O] & row.once_bit:
                continue
            ctx.vars = dict(zip(c.var_names, state[V0:C0]))
            ctx.visits = dict(zip(c.count_names, state[C0:O]))
            ctx.turns = state[O + 1]
            if row.choice.condition is not None and not safe(row.choice.condition.run, ctx):
                continue
            for name in expr.reads:
                bucket = seen[name]
                if len(bucket) < MAX_VALUES_SEEN:
                    value = ctx.vars.get(name)
                    cap = c.var_caps.get(name)
                    bucket.add(AtLeast(value) if cap is not None and value == cap else value)
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
        if ORACLE.truncated:
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
            "variables": [n + (f" (kept at {c.var_caps[n]} above it)" if n in c.var_caps else "") for n in c.var_names],
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


