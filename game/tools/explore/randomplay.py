"""Random playthroughs: seeded, through the game's own closures and effect rule, as fast as the tables allow."""
from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, Any

from game.tools.explore.compiled import KIND_CONTINUE, KIND_ENDING, Ctx, _Compiled, run_effects, safe
from game.tools.explore.reports import DEFAULT_MAX_STEPS, RandomReport

if TYPE_CHECKING:
    from game.core.model import Story


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
    ctx = Ctx()
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
            run_effects(plans[node][4], ctx)
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
                    if row[0] is not None and not safe(row[0], ctx):
                        continue
                    if row[1] is not None and not safe(row[1], ctx):
                        continue
                    available.append(row)
                choices += 1
                if available:
                    row = available[int(pick() * len(available))]
                    once |= row[4]
                    if row[2]:
                        run_effects(row[2], ctx)
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
                run_effects(enter, ctx)
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


