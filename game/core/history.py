"""History pages that name what was read, not its words: each is shown in the language the story reads in now.

A page keeps the node, the choice taken (by its translation key, the same in every language) and
the few values the node's texts read: the variables, the visits behind seen()/visits() and the
turn (for turns and chance). Shown, the page's texts are rendered again from the story as it is
loaded, so a save made in English reads back in Japanese. A plain node's page is only its node
and its choice, smaller than the words it replaces. Pages from older saves hold the words read;
those whose node reads nothing are made language-free on loading, the rest show their words.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from game.core.i18n.keys import choice_keys
from game.core.lang import ir
from game.core.model import Choice, Node, Story
from game.core.templates import Template

FALLBACK = "fallback"  # `took` of the way on that is offered when no choice can be taken


@dataclass(frozen=True)
class HistoryEntry:
    node_id: str
    title: str
    paragraphs: tuple[str, ...]
    choice: str | None = None


@dataclass
class PageContext:
    """What a page's texts read, as the runtime's state gives it to an expression."""

    vars: dict[str, Any]
    visits: dict[str, int]
    turns: int
    seed: int


def choice_key(node: Node, choice: Choice) -> str:
    """The choice's key without its node's id: `to.TARGET` or `choice.ID`."""
    return choice_keys(node)[node.choices.index(choice)][len(node.id) + 1:]


def record(node: Node, state: Any, choice: Choice | None, fallback: bool = False) -> dict[str, Any]:
    """The page for leaving `node` now (before the choice's effects), by `choice`, the fallback, or going on."""
    page: dict[str, Any] = {"node": node.id}
    if choice is not None:
        page["took"] = choice_key(node, choice)
    elif fallback:
        page["took"] = FALLBACK
    templates = [*node.text, *([choice.text] if choice is not None else [])]
    reads = sorted({name for template in templates for name in template.reads})
    if reads:
        page["vars"] = {name: state.vars[name] for name in reads if name in state.vars}
    nodes = sorted({node_id for template in templates for node_id in template.nodes})
    if nodes:
        page["visits"] = {node_id: state.visits.get(node_id, 0) for node_id in nodes}
    if any(_reads_turn(template) for template in templates):
        page["turns"] = state.turns
    return page


def _reads_turn(template: Template) -> bool:
    return any(expr.random or ir.reads_turns(expr.ir) for expr in template.expressions())


def shown(story: Story, page: dict[str, Any], state: Any, roll: Any, slips: tuple[type[BaseException], ...]) -> HistoryEntry:
    """The page as it reads in `story`; values it did not keep (a translation that reads more) are taken from `state`."""
    node_id = page["node"]
    node = story.nodes.get(node_id)
    title = story.node_title(node_id)
    if "paragraphs" in page or node is None:  # the words of an older save, or a node no longer in the story
        return HistoryEntry(node_id, title, tuple(page.get("paragraphs") or ()), page.get("choice"))
    context = PageContext({**state.vars, **page.get("vars", {})}, {**state.visits, **page.get("visits", {})},
                          page.get("turns", state.turns), state.seed)
    paragraphs = tuple(text for text in _rendered(node.text, context, roll, slips) if text)
    took = page.get("took")
    if took == FALLBACK:
        choice: str | None = story.fallback_text
    else:
        taken = _taken(node, took)
        choice = None if taken is None else next(_rendered([taken.text], context, roll, slips))
    return HistoryEntry(node_id, title, paragraphs, choice)


def _taken(node: Node, took: str | None) -> Choice | None:
    if took is None:
        return None
    for choice, key in zip(node.choices, choice_keys(node)):
        if key[len(node.id) + 1:] == took:
            return choice
    return None


def _rendered(templates: Iterable[Template], context: PageContext, roll: Any,
              slips: tuple[type[BaseException], ...]) -> Iterable[str]:
    for template in templates:
        yield template.render(context, gaps=slips, roll=roll)


def language_free(story: Story, page: dict[str, Any]) -> dict[str, Any]:
    """An older save's page (its words) as a page of this version, where that loses nothing.

    Only a node whose texts read nothing renders the same every time; its choice is found by the
    words it showed (a choice's identity keeps the words it was written with, in any language)."""
    node = story.nodes.get(page["node"])
    if "paragraphs" not in page or node is None or not all(template.is_plain for template in node.text):
        return page
    said = page.get("choice")
    if said is None:
        return {"node": node.id}
    if said == story.fallback_text:
        return {"node": node.id, "took": FALLBACK}
    matches = [choice for choice in node.choices if choice.text.is_plain and choice.identity.endswith(f":{said}")]
    if len(matches) != 1:
        return page
    return {"node": node.id, "took": choice_key(node, matches[0])}
