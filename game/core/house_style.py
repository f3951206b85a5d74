"""The house-style check: story prose uses curly quotes and em dashes, never ' " or --."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from game.core.diagnostics import WARNING, Diagnostic
from game.core.model import Loc, NodeStarts, Story
from game.core.templates import Template, literal_strings

# Straight quotes and a doubled hyphen read as typewriter marks next to the game's curly
# quotes and em dashes; expressions (`mood == 'calm'`) are code, not prose, and are skipped.
_TYPEWRITER = re.compile(r"['\"]|--")
_MARKS = re.compile(r"['\"-]")  # what a piece holding a straight quote or `--` must hold
_EDITOR_BREAKS = re.compile("\r\n|[\r\n]")
_SUGGESTION = {"'": "’ (or ‘ to open a quote)", '"': "“ or ”", "--": "— (an em dash)"}


def house_style_findings(story: Story, manifest_path: str) -> list[Diagnostic]:
    """One warning (CL110) per piece of prose that holds a straight quote or a `--`.

    `manifest_path` is story.yaml as findings show it, where the pages and title were written.
    """
    found: list[Diagnostic] = []
    lines: dict[str, list[str] | None] = {}  # each file read once, however many findings it has
    starts = NodeStarts(story)  # where the node after a finding begins: a search for its line stops there
    for where, describe, text in _prose(story, Loc(manifest_path, 1, 1)):
        match = _TYPEWRITER.search(text)
        if match is None:
            continue
        what = describe[0].format(*describe[1:])
        mark = match.group()
        following = starts.next_after(where.path, where.line)
        stop = following - 1 if following is not None else None
        line, col = _locate(where, text, match.start(), lines, stop)
        found.append(Diagnostic(where.path, line, col, WARNING,
                                f"{what} has {'a straight quote' if mark != '--' else 'a double hyphen'} "
                                f"{mark!r} in “{_excerpt(text, match.start())}”; the house style uses "
                                f"{_SUGGESTION[mark]}", "CL110"))
    return found


Describe = tuple  # a format string and its arguments: what a piece of prose is, put in words only for a finding


def _prose(story: Story, manifest: Loc) -> Iterator[tuple[Loc, Describe, str]]:
    """Every literal piece of text a player reads, with where it was written and what it is."""
    yield manifest, ("the story title",), story.title
    for name, page in story.pages.items():
        yield manifest, ("the '{}' page title", name), page.title
        for paragraph in page.paragraphs:
            yield manifest, ("the '{}' page", name), paragraph
    for chapter in story.chapters:
        yield chapter.loc, ("the title of chapter '{}'", chapter.id), chapter.title
        yield chapter.loc, ("the blurb of chapter '{}'", chapter.id), chapter.blurb
        yield from _literals(chapter.loc, ("the status line of chapter '{}'", chapter.id), chapter.status)
        for ending in chapter.endings:
            yield ending.loc, ("the title of ending '{}'", ending.id), ending.title
    marked = _MARKS.search  # a source without any mark holds none in its literals: most texts are passed over here
    for node in story.nodes.values():
        if node.title:
            yield node.loc, ("the title of '{}'", node.id), node.title
        for template in node.text:
            if marked(template.source):
                yield from _literals(node.loc, ("the text of '{}'", node.id), template)
        if node.status is not None:
            yield from _literals(node.loc, ("the status line of '{}'", node.id), node.status)
        for number, choice in enumerate(node.choices, 1):
            if marked(choice.text.source):
                yield from _literals(choice.loc, ("choice {} of '{}'", number, node.id), choice.text)
            if choice.reason is not None:
                yield from _literals(choice.loc, ("the reason of choice {} of '{}'", number, node.id), choice.reason)


def _literals(where: Loc, what: Describe, template: Template | None) -> Iterable[tuple[Loc, Describe, str]]:
    if template is None:
        return
    if not _MARKS.search(template.source):
        return  # no literal piece can hold a mark its source does not (most texts, and shared ones are met often)
    parts = template.parts
    if len(parts) == 1 and parts[0].__class__ is str:  # a plain text, the commonest kind
        yield where, what, parts[0]
        return
    for text in literal_strings(parts):
        yield where, what, text


def _excerpt(text: str, at: int, width: int = 24) -> str:
    start, end = max(0, at - width), min(len(text), at + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _locate(where: Loc, text: str, at: int, cache: dict[str, list[str] | None], stop: int | None = None) -> tuple[int, int]:
    """The line and column of the mark in the file, searched from the owner's line on.

    The search ends before line `stop` + 1 (the next node's first line, when there is one), so
    each finding costs the lines of its own node, not the rest of the file: a story whose
    every node has an escaped quote no longer takes time in the square of its size.

    Templates keep no position of their own, so the words around the mark are looked for in
    the file (then the word alone, as a long text may be folded over lines); when neither is
    found (YAML escapes, a line folded mid-word) the owner's own position is the answer, which
    still names the right node or choice.
    """
    word_start = text.rfind(" ", 0, at) + 1
    word_end = text.find(" ", at)
    word_end = len(text) if word_end == -1 else word_end
    around_start = max(0, at - 30)
    candidates = [(text[around_start:min(len(text), at + 30)], at - around_start),
                  (text[word_start:word_end], at - word_start)]
    if where.path not in cache:
        try:
            # Lines as an editor counts them: str.splitlines also breaks at U+0085, U+2028 and U+2029.
            cache[where.path] = _EDITOR_BREAKS.split(Path(where.path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            cache[where.path] = None
    lines = cache[where.path]
    if lines is None:
        return where.line, where.col
    for snippet, offset in candidates:
        for number in range(where.line - 1, len(lines) if stop is None else min(stop, len(lines))):
            col = lines[number].find(snippet)
            if col != -1:
                return number + 1, col + offset + 1
    return where.line, where.col
