"""The translated lines the play screen sets in fixed boxes, each with every way it can read, for CL128's measuring."""
from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple

from game.core.i18n.keys import choice_keys, paragraph_key
from game.core.model import Node, Story
from game.core.templates import SHARED_PLAIN, Conditional, Interpolation, Parts, Template

# The boxes a line is set in: a paragraph, the status line or an ending's title in the text column; a choice
# (with its reason under it) among the choices.
PARAGRAPH, STATUS, ENDING, CHOICE = "paragraph", "status", "ending", "choice"
# What an `{expression}` is measured as: its value is not known before play (an enum's words are their own lines).
UNKNOWN_VALUE = "…"
MADE_KEPT = 20_000  # the short texts whose readings boxed_texts keeps at once


class BoxedText(NamedTuple):
    """One line as the player may see it: its key, the box it is set in, and each reading (one per `{if}` branch)."""

    key: str
    box: str
    readings: tuple[str, ...]
    reason_key: str | None = None  # a choice's reason, set under it while the choice is unavailable
    reasons: tuple[str, ...] = ()
    beside_status: bool = False  # a choice at a node with a status line (its own or its chapter's) above the choices


def boxed_texts(story: Story, nodes: Iterable[Node] | None = None) -> Iterator[BoxedText]:
    """Every node line of a (translated) story that the play screen sets in a box, by the key its catalogue uses
    (with `nodes`, the lines of those nodes only)."""
    chapter_status: dict[str, bool] = {}
    # A short plain text is one object however many choices read it ("On."): its readings are made once.
    made: dict[int, tuple[Template, tuple[str, ...]]] = {}

    def readings_of(template: Template) -> tuple[str, ...]:
        if len(template.source) > SHARED_PLAIN:
            return readings(template)
        kept = made.get(id(template))
        if kept is None or kept[0] is not template:
            if len(made) >= MADE_KEPT:
                made.clear()
            kept = made[id(template)] = (template, readings(template))
        return kept[1]

    for node in story.nodes.values() if nodes is None else nodes:
        for index, paragraph in enumerate(node.text):
            yield BoxedText(paragraph_key(node, index), PARAGRAPH, readings(paragraph))
        if node.status is not None:
            yield BoxedText(f"{node.id}.status", STATUS, readings(node.status))
        if node.chapter not in chapter_status:
            chapter_status[node.chapter] = _chapter_status(story, node.chapter)
        status = node.status is not None or chapter_status[node.chapter]
        for key, choice in zip(choice_keys(node), node.choices):
            reasons = readings_of(choice.reason) if choice.reason is not None else ()
            yield BoxedText(key, CHOICE, readings_of(choice.text), f"{key}.reason" if reasons else None, reasons, status)
        if node.ending is not None:
            yield BoxedText(f"{node.id}.ending", ENDING, (node.ending.title,))


def _chapter_status(story: Story, chapter_id: str) -> bool:
    try:
        return story.chapter(chapter_id).status is not None
    except KeyError:
        return False


def readings(template: Template) -> tuple[str, ...]:
    """The text with every `{if}` taking its first branch, then its second, and so on: each branch is read once."""
    if template.is_plain:  # one reading, the text itself (most lines of a story)
        return (" ".join("".join(template.parts).split()),)
    widest = _most_branches(template.parts)
    found = dict.fromkeys(" ".join(_render(template.parts, branch).split()) for branch in range(max(1, widest)))
    return tuple(found)


def _most_branches(parts: Parts) -> int:
    most = 0
    for part in parts:
        if isinstance(part, Conditional):
            most = max(most, len(part.branches), *(_most_branches(branch) for _condition, branch in part.branches))
    return most


def _render(parts: Parts, branch: int) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Interpolation):
            out.append(UNKNOWN_VALUE)
        else:
            chosen = part.branches[min(branch, len(part.branches) - 1)][1]
            out.append(_render(chosen, branch))
    return "".join(out)
