"""Replaying a path of edge labels with every variable, to show choice texts and reasons as the player reads them."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from game.core.runtime import RUN_TIME_SLIPS
from game.tools.explore.compiled import Ctx, _Compiled, safe
from game.tools.explore.reports import CONTINUE, FALLBACK

if TYPE_CHECKING:
    from game.core.expressions import Effect, Expr
    from game.core.model import Chapter, Choice, Node, Story


class _Replay:
    """Plays a path of edge labels with every variable, to show choice texts as the player reads them."""

    def __init__(self, story: "Story", chapter: "Chapter") -> None:
        self.story = story
        self.chapter = chapter
        self.declared = story.variables_for(chapter.id)

    def _walk(self, c: _Compiled, labels: list[int]) -> Iterable[tuple[Ctx, int, int]]:
        ctx = Ctx()
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

    def _apply(self, effects: list["Effect"], ctx: Ctx) -> None:
        for effect in effects:
            var = self.declared.get(effect.target)
            if var is None:
                continue
            effect.applier(var, RUN_TIME_SLIPS)(ctx.vars, ctx)

    def texts(self, c: _Compiled, labels: list[int]) -> list[str]:
        texts: list[str] = []
        for ctx, node_index, choice_index in self._walk(c, labels):
            if node_index < 0 or choice_index == CONTINUE:
                continue
            if choice_index == FALLBACK:
                texts.append(self.story.fallback_text)
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
            if choice.condition is not None and not safe(choice.condition.run, ctx):
                lines.append(f'"{text}": hidden (if: {choice.condition.source})')
            elif choice.enabled is not None and not safe(choice.enabled.run, ctx):
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


def _values(expr: "Expr", ctx: Ctx) -> str:
    parts = [f"{name} = {ctx.vars.get(name)!r}" for name in sorted(expr.reads)]
    parts += [f"visits({node_id}) = {ctx.visits.get(node_id, 0)}" for node_id in sorted(expr.nodes)]
    return ", ".join(parts) if parts else "it reads no variable"


def _render(template: Any, ctx: Ctx) -> str:
    try:
        return template.render(ctx)
    except RUN_TIME_SLIPS:
        return template.source


