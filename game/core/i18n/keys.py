"""Every string of a story a translator translates, each with a stable key derived from node ids and field paths."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple

from game.core.model import Choice, Loc, Node, Story
from game.core.templates import Template

STORY = "story"  # the "chapter" of strings that belong to the whole story (its title, its pages)
FACT_PARTS = (("figure", "a fact card's figure, set large: keep it short"), ("label", "what the figure above counts"),
              ("source", "who reported the figure, set small"))


class RawEntry(NamedTuple):
    """An Entry but for its place, as the walk over the story finds it (entries() adds each file's place once)."""

    key: str
    source: str
    loc: Loc
    chapter: str
    node: str | None = None
    template: bool = False
    note: str = ""


@dataclass(frozen=True)
class Entry:
    """One translatable string: `key` names it in every catalogue, `source` is the text as the author wrote it."""

    key: str
    source: str
    loc: Loc
    chapter: str  # the chapter it shows in, or STORY
    node: str | None = None  # the node it belongs to, for "reachable in play"
    template: bool = False  # a template: `{…}` expressions and `{if …}` branches stay as they are
    note: str = ""  # what it is, for the translator
    place: str = ""  # the file relative to the story folder, as catalogues name it on every machine


def choice_keys(node: Node) -> list[str]:
    """A key per choice: its `id:` when it has one, else where it leads (numbered when two lead to one node).

    Keys by target rather than by position, so that adding or moving a choice keeps the others' keys."""
    keys: list[str] = []
    counts: dict[str, int] = {}
    for choice in node.choices:
        if not choice.key.isdigit():
            keys.append(f"{node.id}.choice.{choice.key}")
            continue
        counts[choice.target] = counts.get(choice.target, 0) + 1
        number = counts[choice.target]
        keys.append(f"{node.id}.to.{choice.target}" + (f".{number}" if number > 1 else ""))
    return keys


def paragraph_key(node: Node, index: int) -> str:
    pinned = node.text_keys[index] if index < len(node.text_keys) else None
    return f"{node.id}.{pinned}" if pinned else f"{node.id}.text.{index}"


def entries(story: Story) -> list[Entry]:
    """Every translatable string of the story, in reading order: story, then each chapter and its nodes."""
    root = story.root.resolve()
    places: dict[str, str] = {}

    def place(path: str) -> str:
        if path not in places:
            try:
                places[path] = Path(path).resolve().relative_to(root).as_posix()
            except ValueError:
                places[path] = Path(path).name
        return places[path]

    return [Entry(*raw, place=place(raw.loc.path)) for raw in raw_entries(story)]


def shown_values(story: Story) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Enum variables whose value a text shows as it is (`{pen}`), by (chapter or None, name): their values are words to translate."""
    found: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for node in story.nodes.values():
        templates = [*node.text, node.status, *(t for c in node.choices for t in (c.text, c.reason))]
        for template in templates:
            if template is None or template.is_plain:
                continue  # a plain text shows no variable
            for name in bare_variables(template.parts):
                chapter_vars = story.chapter(node.chapter).variables
                variable = chapter_vars.get(name) or story.variables.get(name)
                if variable is not None and variable.type == "enum" and variable.values:
                    found[(node.chapter if name in chapter_vars else None, name)] = tuple(variable.values)
    return found


def bare_variables(parts: list) -> Iterator[str]:
    """The variables a template shows by name alone, `{pen}`, in any branch."""
    from game.core.templates import Conditional, Interpolation  # noqa: PLC0415

    for part in parts:
        if isinstance(part, Interpolation) and part.expr.source.strip().isidentifier():
            yield part.expr.source.strip()
        elif isinstance(part, Conditional):
            for _condition, branch in part.branches:
                yield from bare_variables(branch)


def value_key(chapter: str | None, name: str, value: str) -> str:
    return f"{chapter + '.' if chapter else ''}value.{name}.{value}"


def raw_entries(story: Story) -> Iterator[RawEntry]:
    """Every translatable string of the story as entries() lists them, without the file each is in: for a check
    that needs only keys and places in the story files, one at a time."""
    manifest = Loc(str(story.files[0]) if story.files else "story.yaml", 1, 1)
    yield RawEntry("story.title", story.title, manifest, STORY, note="the story's title")
    if story.tagline:
        yield RawEntry("story.tagline", story.tagline, manifest, STORY, note="the line under the title on the title screen")
    for name, page in story.pages.items():
        yield RawEntry(f"page.{name}.title", page.title, manifest, STORY, note=f"the title of the page '{name}'")
        for index, paragraph in enumerate(page.paragraphs):
            yield RawEntry(f"page.{name}.{index}", paragraph, manifest, STORY, note=f"page '{name}', paragraph {index + 1}")
    values = shown_values(story)
    for (scope, name), options in values.items():
        if scope is None:
            for value in options:
                yield RawEntry(value_key(None, name, value), value, story.variables[name].loc, STORY,
                               note=f"a value of '{name}', as a text shows it with {{{name}}}")
    for chapter in story.chapters:
        for (scope, name), options in values.items():
            if scope == chapter.id:
                for value in options:
                    yield RawEntry(value_key(scope, name, value), value, chapter.variables[name].loc, chapter.id,
                                   note=f"a value of '{name}', as a text shows it with {{{name}}}")
        yield RawEntry(f"chapter.{chapter.id}.title", chapter.title, chapter.loc, chapter.id, note="the chapter's title")
        if chapter.blurb:
            yield RawEntry(f"chapter.{chapter.id}.blurb", chapter.blurb, chapter.loc, chapter.id, note="the chapter's line on the chapter list")
        if chapter.inspired_by:
            yield RawEntry(f"chapter.{chapter.id}.inspired_by", chapter.inspired_by, chapter.loc, chapter.id, note="whose account the chapter draws on")
        if chapter.status is not None:
            yield _template(f"chapter.{chapter.id}.status", chapter.status, chapter.loc, chapter.id, None, "the chapter's status line")
        for node_id in chapter.node_ids:
            node = story.nodes.get(node_id)
            if node is not None:
                yield from node_entries(node)


def node_entries(node: Node) -> Iterator[RawEntry]:
    """A node's translatable strings, as raw_entries lists them."""
    if node.title:
        yield RawEntry(f"{node.id}.title", node.title, node.loc, node.chapter, node.id, note="the node's title (history, saves)")
    for index, paragraph in enumerate(node.text):
        yield _template(paragraph_key(node, index), paragraph, node.loc, node.chapter, node.id, f"paragraph {index + 1}")
    if node.fact is not None:
        for part, note in FACT_PARTS:
            if getattr(node.fact, part):
                yield RawEntry(f"{node.id}.fact.{part}", getattr(node.fact, part), node.fact.loc, node.chapter, node.id, note=note)
    if node.status is not None:
        yield _template(f"{node.id}.status", node.status, node.loc, node.chapter, node.id, "the status line")
    for key, choice in zip(choice_keys(node), node.choices):
        yield from _choice_entries(key, choice, node)
    if node.ending is not None:
        yield RawEntry(f"{node.id}.ending", node.ending.title, node.ending.loc, node.chapter, node.id, note="the ending's title")


def _choice_entries(key: str, choice: Choice, node: Node) -> Iterator[RawEntry]:
    yield _template(key, choice.text, choice.loc, node.chapter, node.id, f"a choice, leading to '{choice.target}'")
    if choice.reason is not None:
        yield _template(f"{key}.reason", choice.reason, choice.loc, node.chapter, node.id, "why the choice above cannot be taken")


def _template(key: str, template: Template, loc: Loc, chapter: str, node: str | None, note: str) -> RawEntry:
    return RawEntry(key, template.source, loc, chapter, node, template=not template.is_plain, note=note)
