"""What every Twee dialect's reader shares: links, notes, the translation, and quoted-string scanning."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Collection

from game.tools.twee.expr import Effect, both

# Link targets that are web addresses, not passages (Twine's own test, plus mailto: and tel:).
URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|mailto:|tel:|javascript:)", re.IGNORECASE)

# `[[…]]` on one line; a `]` inside is allowed when it is not `]]` (SugarCube setters `][`).
LINK = re.compile(r"\[\[((?:[^\]\n]|\](?!\]))*)\]\]")


BACK = "\x00back"  # a link's target for "back where the player came from", resolved once every passage is read


@dataclass
class Link:
    """A way on: `text` is what the player reads, None for a bare go-to."""

    text: str | None
    target: str
    line: int
    condition: str | None = None  # in the story language: the choice is there only while it holds
    effects: list[Effect] = field(default_factory=list)  # applied when the choice is taken

    def under(self, condition: str | None) -> "Link":
        """The same way on, inside a further condition (an included passage's link, a hook's go-to)."""
        joined = both([c for c in (condition, self.condition) if c])
        return Link(self.text, self.target, self.line, joined, list(self.effects))


@dataclass
class Note:
    """A line (or piece of one) of the Twee source kept as a comment."""

    line: int
    source: str


@dataclass
class Translation:
    text: str  # the node's text, a template in the story language
    links: list[Link]
    gotos: list[Link]
    notes: list[Note]
    embeds: list[Link] = field(default_factory=list)  # passages shown inside this one
    effects: list[Effect] = field(default_factory=list)  # applied on arriving at the node


@dataclass
class Sink:
    out: list[str] = field(default_factory=list)
    gotos: list[Link] = field(default_factory=list)


def split_link(inner: str, names: Collection[str]) -> tuple[str, str, str | None, bool]:
    """Text, target, SugarCube setter and whether both arrows made it ambiguous, for `[[inner]]`."""
    setter: str | None = None
    if "][" in inner:
        inner, setter = inner.split("][", 1)
    candidates: list[tuple[str, str]] = []
    # Twine's rule: the rightmost `->`, else the leftmost `<-`, else the rightmost `|`.
    if "->" in inner:
        cut = inner.rfind("->")
        candidates.append((inner[:cut], inner[cut + 2 :]))
    if "<-" in inner:
        cut = inner.find("<-")
        candidates.append((inner[cut + 2 :], inner[:cut]))
    if not candidates and "|" in inner:
        cut = inner.rfind("|")
        candidates.append((inner[:cut], inner[cut + 1 :]))
    if not candidates:
        candidates.append((inner, inner))
    chosen = candidates[0]
    if len(candidates) > 1:
        # Both arrows: prefer the reading that names a passage that exists.
        chosen = next((pair for pair in candidates if pair[1].strip() in names), chosen)
    text, target = chosen[0].strip(), chosen[1].strip()
    return text or target, target, setter, len(candidates) > 1


# How far a Harlowe string may run over line breaks: far enough for any real one, and a bound
# that keeps a passage full of unclosed quotes linear to read.
MULTILINE_STRING = 4000


def string_end(src: str, start: int, end: int, *, multiline: bool = False) -> int:
    """Index just past the quoted string opening at `start` (backslash escapes), or -1.

    Only backtick strings span lines, unless `multiline` (Harlowe's strings may).
    """
    quote = src[start]
    index = start + 1
    if multiline:
        end = min(end, start + MULTILINE_STRING)
    while index < end:
        char = src[index]
        if char == "\\":
            index += 2
            continue
        if char == quote:
            return index + 1
        if char == "\n" and quote != "`" and not multiline:
            return -1
        index += 1
    return -1


def unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])

