"""The loaded story: chapters, nodes, choices and variables, with where each came from."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Union

from game.core.expressions import Effect, Expr, VarInfo
from game.core.registry import Catalogue
from game.core.lang.ir import INT_LIMIT, STR_LIMIT  # noqa: F401  (the limits on what a variable may hold)
from game.core.templates import Template

Value = Union[int, bool, str]
# The way on that the game offers when no choice is available (see docs, "Soft-locks"); a story
# may word it otherwise with `fallback_text` in story.yaml. Every tool reads it from Story.fallback_text.
DEFAULT_FALLBACK_TEXT = "Let the moment pass."


class Loc(NamedTuple):
    """Where something was written: the file as shown to the author, 1-based line and column."""

    path: str
    line: int
    col: int


@dataclass(slots=True)
class Variable:
    name: str
    type: str  # int, bool, str or enum
    initial: Value
    loc: Loc
    low: int | None = None
    high: int | None = None
    values: tuple[str, ...] | None = None
    chapter: str | None = None  # None: story-wide
    renamed_from: tuple[str, ...] = ()  # earlier names, so a save's value carries over a rename

    @property
    def info(self) -> VarInfo:
        base = "str" if self.type in ("str", "enum") else self.type
        return VarInfo(base, self.values, self.low, self.high)

    def fits(self, value: Any) -> bool:
        if self.type == "int":
            if isinstance(value, bool) or not isinstance(value, int) or not -INT_LIMIT <= value <= INT_LIMIT:
                return False
            return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)
        if self.type == "bool":
            return isinstance(value, bool)
        if self.type == "enum":
            return isinstance(value, str) and value in (self.values or ())
        return isinstance(value, str) and len(value) <= STR_LIMIT

    def clamp(self, value: Any) -> Any:
        if self.type == "int" and isinstance(value, int) and not isinstance(value, bool):
            if self.low is not None and value < self.low:
                return self.low
            if self.high is not None and value > self.high:
                return self.high
        return value


@dataclass(slots=True)
class Choice:
    text: Template
    target: str
    loc: Loc
    key: str
    condition: Expr | None = None  # `if`: hidden while false
    enabled: Expr | None = None  # shown but unavailable while false
    reason: Template | None = None
    effects: list[Effect] = field(default_factory=list)
    once: bool = False
    target_loc: Loc | None = None
    identity: str = ""  # what once-only memory keys it by: its `id:`, or where it leads and its text
    reason_note: str | None = None  # why a reason that names another cause is right (silences CL052/CL053)
    deliberate: str | None = None  # why a choice is never available on purpose (analyze does not list it)


@dataclass(slots=True)
class Ending:
    id: str
    title: str
    node: str
    loc: Loc
    renamed_from: tuple[str, ...] = ()  # earlier ids, so endings a player has found stay found


@dataclass(slots=True)
class SceneRef:
    name: str
    params: dict[str, Union[Value, Expr]]
    loc: Loc


@dataclass(slots=True)
class Fact:
    """A fact card's figure, set large over the scene: the number, what it counts, and who reported it."""

    figure: str
    loc: Loc
    label: str = ""
    source: str = ""


@dataclass(slots=True)
class Node:
    id: str
    chapter: str
    loc: Loc
    text: list[Template] = field(default_factory=list)
    text_keys: list[str | None] = field(default_factory=list)  # a paragraph's pinned translation key, if any
    title: str | None = None
    scene: SceneRef | None = None
    ambience: str | None = None
    status: Template | None = None
    tags: tuple[str, ...] = ()
    choices: list[Choice] = field(default_factory=list)
    next: str | None = None
    next_loc: Loc | None = None
    ending: Ending | None = None
    on_enter: list[Effect] = field(default_factory=list)
    fallback: str | None = None
    fallback_loc: Loc | None = None
    image: str | None = None
    fact: Fact | None = None
    replaces: tuple[str, ...] = ()  # removed nodes whose saves go on from here

    def fallback_target(self, chapter_start: str) -> str:
        """Where the game's way on leads when no choice is available: `fallback`, else the last choice's target."""
        return self.fallback or (self.choices[-1].target if self.choices else chapter_start)

    def targets(self) -> list[str]:
        found = [choice.target for choice in self.choices]
        if self.next:
            found.append(self.next)
        if self.fallback:
            found.append(self.fallback)
        return found

    def first_words(self, count: int = 6) -> str:
        """The opening words of the text that do not depend on state, for titles in saves."""
        literal = " ".join(part for template in self.text[:1] for part in template.parts if isinstance(part, str))
        words = literal.split()
        text = " ".join(words[:count])
        return text + ("…" if len(words) > count else "")


@dataclass(slots=True)
class Chapter:
    id: str
    title: str
    start: str
    loc: Loc
    files: list[str] = field(default_factory=list)
    blurb: str = ""
    inspired_by: str = ""
    status: Template | None = None
    variables: dict[str, Variable] = field(default_factory=dict)
    endings: list[Ending] = field(default_factory=list)
    node_ids: list[str] = field(default_factory=list)
    start_loc: Loc | None = None


@dataclass(slots=True)
class Page:
    title: str
    paragraphs: list[str]


@dataclass
class Story:
    root: Path
    title: str
    chapters: list[Chapter]
    nodes: dict[str, Node]
    variables: dict[str, Variable] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    quality: dict[str, dict[str, float]] = field(default_factory=dict)  # chapter id or "all" -> analyze thresholds
    quality_locs: dict[str, Loc] = field(default_factory=dict)
    tagline: str = ""  # the line under the title on the title screen
    catalogue: Catalogue | None = None  # the game's scenes and ambiences it was loaded against
    fallback_text: str = DEFAULT_FALLBACK_TEXT
    # chapter id -> chapter, made on first use and again whenever `chapters` is a new list or changed length
    _by_id: dict[str, Chapter] = field(default_factory=dict, init=False, repr=False, compare=False)
    _indexed: tuple[int, int] = field(default=(0, -1), init=False, repr=False, compare=False)

    def chapter(self, chapter_id: str) -> Chapter:
        """The chapter with this id, in constant time however many chapters the story has."""
        if self._indexed != (id(self.chapters), len(self.chapters)):
            self._by_id = {}
            for chapter in self.chapters:
                self._by_id.setdefault(chapter.id, chapter)
            self._indexed = (id(self.chapters), len(self.chapters))
        found = self._by_id.get(chapter_id)
        if found is not None and found.id == chapter_id:
            return found
        for chapter in self.chapters:  # a chapter whose id was changed after the index was made
            if chapter.id == chapter_id:
                return chapter
        known = ", ".join(chapter.id for chapter in self.chapters)
        raise KeyError(f"no chapter '{chapter_id}' (the chapters are: {known})")

    def variables_for(self, chapter_id: str) -> dict[str, Variable]:
        merged = dict(self.variables)
        merged.update(self.chapter(chapter_id).variables)
        return merged

    def node_title(self, node_id: str) -> str:
        node = self.nodes.get(node_id)
        if node is None:
            return node_id
        return node.title or node.first_words() or node_id


class NodeStarts:
    """Each file's node first lines, sorted, made on first use: where the node after a given line begins.

    One pass over the nodes and a binary search per question, however many findings a file has."""

    def __init__(self, story: Story) -> None:
        self._story = story
        self._lines: dict[str, list[int]] | None = None

    def next_after(self, path: str, line: int) -> int | None:
        """The first line of the next node in `path` after `line`, or None when none follows."""
        if self._lines is None:
            self._lines = {}
            for node in self._story.nodes.values():
                self._lines.setdefault(node.loc.path, []).append(node.loc.line)
            for numbers in self._lines.values():
                numbers.sort()
        lines = self._lines.get(path, [])
        after = bisect.bisect_right(lines, line)
        return lines[after] if after < len(lines) else None
