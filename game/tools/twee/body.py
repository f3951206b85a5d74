"""Translating one Twee passage's content: its prose, its links and the navigation macros it can read."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Collection

from game.tools.twee.chapbook import ChapbookReader
from game.tools.twee.common import LINK, URL, Link, Note, Sink, Translation, split_link, string_end
from game.tools.twee.expr import Effect, both
from game.tools.twee.harlowe import NAMED_HOOK_CLOSE, NAMED_HOOK_OPEN, HarloweReader
from game.tools.twee.logic import Logic, Unexpressible
from game.tools.twee.parse import Report
from game.tools.twee.render import ALL_MARKS, CHUNK_MARK, CLOSE_MARK, COLLAPSE_CLOSE, COLLAPSE_OPEN, LINK_MARK, OPEN_MARK, Renderer, collapse
from game.tools.twee.sugarcube import SugarCubeReader

FORMATS: tuple[str, ...] = ("harlowe", "sugarcube", "chapbook", "snowman", "plain")

_VARIABLE = re.compile(r"[$_][A-Za-z][\w]*(?:\.[A-Za-z_]\w*|\[[^\]\n]{0,40}\])*")
_CONTINUED = re.compile("\\\\((?:\x02\\d+\x03|\x04\\d+\x05|\x06|\x0e\\d+\x0f)*)(?:\n|$)")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s[^<>]*)?)/?>")
_BLOCK_TAGS = frozenset({"br", "hr", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                         "blockquote", "center", "table", "tr", "section", "article", "header", "footer", "pre"})
# Tags that only break lines: turning them into line breaks is their whole translation.
_LINE_TAGS = frozenset({"br", "hr", "p"})


@dataclass
class ReadContext:
    """What a passage's reader needs from the story around it."""

    logic: Logic
    here: str  # the node id the passage becomes
    passage: str  # its name
    # An included passage's translation, read in the including passage's conditions; None when
    # there is no such passage (or it would include itself).
    inline: Callable[[str, "PassageReader"], Translation | None] | None = None
    counting: bool = True  # False inside an included passage: its figures are its own node's
    initial: bool = False  # StoryInit or a startup passage: its literal values are the variables' initial ones


class PassageReader(HarloweReader, SugarCubeReader, ChapbookReader):
    """Reads one passage's body; line numbers are the Twee file's."""

    def __init__(self, body: str, first_line: int, fmt: str, names: Collection[str], report: Report, ctx: ReadContext) -> None:
        # The markers use these control characters; no story has a use for them.
        self.src = ALL_MARKS.sub("", body)
        self.ctx = ctx
        self.conds: list[str] = []  # the conditions the text being read is under, outermost first
        self.cond_texts: list[str] = []  # every condition opened in the prose, by number
        self.base = 0  # conditions below this belong to the link being read, not its contents
        self.chunks: list[str] = []
        self.arrival: list[Effect] = []
        self.effects = self.arrival  # where effects read now go: arrival, or a choice's
        self.chain: list[str] | None = None  # the conditions of the (if:) chain an (else:) would continue
        self.first_line = first_line
        self.fmt = fmt
        self.names = names
        self.report = report
        self.newlines = [match.start() for match in re.finditer("\n", self.src)]
        self.links: list[Link] = []
        self.notes: list[Note] = []
        self.embeds: list[Link] = []
        self.quiet = 0  # inside a macro body that is noted whole: no notes or warnings of its own
        # Memos that keep every search linear, however many unclosed `[[`, `(`, `<<` a passage has.
        self._no_link_before = -1  # a `[[` before this offset has no `]]` on its line
        self._closers: dict[tuple[int, str], tuple[int, int]] = {}  # (opening, kind) -> (closing, end used)
        self._positions: dict[str, list[int]] = {}
        self._containers: dict[str, dict[int, tuple[int, int] | None]] = {}
        specials = "[<"
        if fmt == "harlowe":
            specials += "]|({}$_"
        elif fmt == "sugarcube":
            specials += "$_/"
        elif fmt == "chapbook":
            specials += "{"
        self.specials = re.compile("[" + re.escape(specials) + "]")

    # -- searches that stay linear

    def find(self, token: str, start: int, end: int, *, ignore_case: bool = False) -> int:
        """The first `token` at or after `start` that ends by `end`, or -1."""
        key = token + ("/i" if ignore_case else "")
        positions = self._positions.get(key)
        if positions is None:
            flags = re.IGNORECASE if ignore_case else 0
            positions = self._positions[key] = [m.start() for m in re.finditer(re.escape(token), self.src, flags)]
        found = bisect.bisect_left(positions, start)
        if found < len(positions) and positions[found] + len(token) <= end:
            return positions[found]
        return -1

    def closing(self, start: int, end: int, kind: str) -> int:
        """The `)` (kind "(") or `]` (kind "[") that closes the one at `start`; -1 if none.

        Parentheses skip quoted strings (macro arguments); brackets do not (hooks are prose).
        Every opening met on the way is remembered, so a run of unclosed ones costs one pass.
        """
        cached = self._closers.get((start, kind))
        if cached is not None and cached[1] == end:
            return cached[0]
        src = self.src
        opener, closer = kind, ")" if kind == "(" else "]"
        stack: list[int] = []
        index = start
        result = -1
        while index < end:
            char = src[index]
            # An apostrophe after a letter is Harlowe's `'s` (`$p's hp`), not the start of a string.
            if kind == "(" and char in "\"'`" and not (char == "'" and index > 0 and src[index - 1].isalnum()):
                after = string_end(src, index, end, multiline=self.fmt == "harlowe")
                if after < 0:
                    break
                index = after
                continue
            if char == opener:
                stack.append(index)
            elif char == closer and stack:
                opened = stack.pop()
                self._closers[(opened, kind)] = (index, end)
                if not stack:
                    result = index
                    break
            index += 1
        for opened in stack:
            self._closers[(opened, kind)] = (-1, end)
        return result

    # -- bookkeeping

    def line(self, offset: int) -> int:
        return self.first_line + bisect.bisect_left(self.newlines, offset)

    def note(self, start: int, end: int) -> None:
        if self.quiet:
            return
        first = self.line(start)
        for number, piece in enumerate(self.src[start:end].split("\n")):
            if piece.strip():
                self.notes.append(Note(first + number, piece.rstrip()))

    def warn(self, offset: int, code: str, item: str) -> None:
        if not self.quiet:
            self.report.add(self.line(offset), code, item)

    def add_link(self, text: str, target: str, offset: int, sink: Sink, *, marker: bool = True,
                 effects: list[Effect] | None = None, condition: str | None = None) -> None:
        """A choice; `condition` is one more that it needs, beside those the link is written under."""
        joined = both([c for c in (self.condition_here(), condition) if c])
        if self.quiet:
            # Inside a body read only for its go-tos, a link is one more place to go.
            sink.gotos.append(Link(None, target, self.line(offset), joined))
            return
        self.links.append(Link(text, target, self.line(offset), joined, list(effects or [])))
        if marker:
            sink.out.append(LINK_MARK.format(len(self.links) - 1))

    def add_goto(self, target: str, offset: int, sink: Sink) -> None:
        sink.gotos.append(Link(None, target, self.line(offset), self.condition_here()))

    # -- the story's logic

    def condition_here(self) -> str | None:
        return both(self.conds[self.base :])

    def count(self, what: str, number: int = 1) -> None:
        if self.ctx.counting and not self.ctx.logic.collecting:
            setattr(self.ctx.logic.figures, what, getattr(self.ctx.logic.figures, what) + number)

    def condition(self, source: str, offset: int, stop: int, what: str, dialect: str | None = None) -> str | None:
        """The condition in the story language, or None (the source kept as a comment, with a warning)."""
        try:
            found = self.ctx.logic.condition(source, self.ctx.here, dialect)
        except Unexpressible as why:
            self.note(offset, stop)
            self.warn(offset, "TW032", f"the condition of {what} is not carried ({why}); the text and links it governs are left out")
            return None
        self.count("conditions")
        return found

    def within(self, condition: str, start: int, end: int, sink: Sink) -> None:
        """Read src[start:end] as text that shows, and links that are there, only while `condition` holds."""
        self.cond_texts.append(condition)
        self.conds.append(condition)
        sink.out.append(OPEN_MARK.format(len(self.cond_texts) - 1))
        self.scan(start, end, sink)
        sink.out.append(CLOSE_MARK)
        self.conds.pop()

    def set_effects(self, source: str, offset: int, stop: int, what: str, *, initial: bool = False) -> None:
        try:
            found = self.ctx.logic.assignments(source, self.ctx.here, initial=initial)
        except Unexpressible as why:
            self.note(offset, stop)
            self.warn(offset, "TW033", f"{what} is not carried ({why}); kept as a comment")
            return
        self.add_effects(found)

    def add_effects(self, found: list[Effect]) -> None:
        self.count("effects", len(found))
        self.effects.extend(effect.under(self.condition_here()) for effect in found)

    def choice_body(self, start: int, end: int) -> tuple[Sink, list[Effect]]:
        """Read src[start:end] as what happens when a link is taken: its go-tos and its effects."""
        saved = (self.effects, self.base)
        self.effects, self.base = [], len(self.conds)
        inner = Sink()
        self.scan(start, end, inner)
        found = self.effects
        self.effects, self.base = saved
        return inner, found

    def body_links(self, text: str, gotos: list[Link], effects: list[Effect], offset: int, sink: Sink,
                   marker: bool = True) -> None:
        """A choice `text` for each go-to of a link's body, each in the go-to's own condition."""
        for number, goto in enumerate(gotos):
            self.add_link(text, goto.target, offset, sink, marker=marker and number == 0, effects=effects,
                          condition=goto.condition)

    def chunk(self, template: str, sink: Sink) -> None:
        self.chunks.append(template)
        sink.out.append(CHUNK_MARK.format(len(self.chunks) - 1))

    def insert(self, source: str, offset: int, stop: int, sink: Sink, dialect: str | None = None) -> None:
        """A value printed into the text, as `{…}`; one that cannot be written is left out, with a warning."""
        try:
            value = self.ctx.logic.value(source, self.ctx.here, dialect)
        except Unexpressible as why:
            self.note(offset, stop)
            self.warn(offset, "TW034", f"{self.src[offset:stop].strip()} is not shown ({why}); kept as a comment")
            return
        self.chunk("{" + value + "}", sink)

    def include(self, offset: int, target: str | None, stop: int, sink: Sink) -> None:
        """A passage shown inside this one: its text, links and effects become this node's, in its conditions."""
        shown = self.ctx.inline(target, self) if (target is not None and self.ctx.inline and not self.quiet) else None
        if shown is None:
            self.embed(offset, target)
            self.note(offset, stop)
            if target is not None and not self.quiet:
                self.warn(offset, "TW035", f"passage {target!r} cannot be included here (there is no such passage, or it includes itself); left out")
            return
        for line in shown.text.split("\n"):
            if line.strip():
                self.chunk(line, sink)
            sink.out.append("\n")
        condition = self.condition_here()
        self.links.extend(link.under(condition) for link in shown.links)
        sink.gotos.extend(goto.under(condition) for goto in shown.gotos)
        self.effects.extend(effect.under(condition) for effect in shown.effects)

    # -- the whole passage

    def translate(self) -> Translation:
        sink = Sink()
        if self.fmt == "chapbook":
            for start, end, condition in self.chapbook_prose(sink):
                if condition is None:
                    self.scan(start, end, sink)
                else:
                    self.within(condition, start, end, sink)
                sink.out.append("\n\n")  # each modifier's section is a paragraph of its own
        else:
            self.scan(0, len(self.src), sink)
        notes = sorted(self.notes, key=lambda note: note.line)  # stable: pieces of a line keep their order
        return Translation(self.finish("".join(sink.out)), self.links, sink.gotos, notes, self.embeds, self.arrival)

    def embed(self, offset: int, target: str | None) -> None:
        """A passage shown inside this one: remembered, as it may be the only way on."""
        if target is not None and not self.quiet:
            self.embeds.append(Link(None, target, self.line(offset)))

    def scan(self, start: int, end: int, sink: Sink) -> None:
        src = self.src
        index = start
        depth = 0  # Harlowe hooks opened and not yet closed: their brackets are dropped
        while index < end:
            found = self.specials.search(src, index, end)
            if not found:
                sink.out.append(src[index:end])
                break
            if found.start() > index:
                sink.out.append(src[index : found.start()])
                index = found.start()
            char = src[index]
            after: int | None = None
            if char == "[":
                if src.startswith("[[", index) and not src.startswith("[[[", index):
                    after = self.link(index, end, sink)
                elif self.fmt == "sugarcube" and src.startswith("[img[", index):
                    after = self.image(index, end)
                if after is None and self.fmt == "harlowe":
                    depth += 1
                    after = index + 1
            elif char == "]" and depth > 0:
                depth -= 1
                named = NAMED_HOOK_CLOSE.match(src, index + 1, end)
                after = named.end() if named else index + 1
            elif char == "|":
                named = NAMED_HOOK_OPEN.match(src, index, end)
                after = named.end() if named else None
            elif char == "<":
                after = self.angle(index, end, sink)
            elif char == "(":
                after = self.harlowe_macro(index, end, sink)
            elif char in "{}" and self.fmt == "harlowe":
                # Harlowe's whitespace-collapsing braces: markup, whose line breaks are spaces.
                sink.out.append(COLLAPSE_OPEN if char == "{" else COLLAPSE_CLOSE)
                after = index + 1
            elif char == "{":
                after = self.chapbook_insert(index, end, sink)
            elif char in "$_":
                after = self.variable(index, end, sink)
            elif char == "/":
                after = self.sugar_comment(index, end)
            if after is None:
                sink.out.append(char)
                index += 1
            else:
                index = after

    # -- links

    def link(self, index: int, end: int, sink: Sink) -> int | None:
        if index < self._no_link_before:
            return None
        match = LINK.match(self.src, index, end)
        if not match:
            # No `]]` on the rest of this line: no later `[[` on it can close either.
            line_end = self.src.find("\n", index, end)
            self._no_link_before = end if line_end < 0 else line_end
            return None
        inner, stop = match.group(1), match.end()
        text, target, setter, ambiguous = split_link(inner, self.names)
        # `[[Door [A]]]`: the first `]]` closes too early when a passage name ends in `]`.
        while stop < end and self.src[stop] == "]" and target not in self.names:
            longer = split_link(inner + "]", self.names)
            if longer[1] not in self.names:
                break
            inner, stop = inner + "]", stop + 1
            text, target, setter, ambiguous = longer
        effects: list[Effect] = []
        if setter is not None:
            try:
                effects = self.ctx.logic.assignments(setter, self.ctx.here)
                self.count("effects", len(effects))
            except Unexpressible as why:
                self.warn(index, "TW012", f"the setter [{setter}] of link [[{inner}]] is dropped ({why})")
                self.note(index, stop)
        if ambiguous:
            self.warn(index, "TW013", f"link [[{inner}]] has both -> and <-; read as going to {target!r}")
        if not target:
            self.warn(index, "TW011", f"link [[{inner}]] names no passage; dropped")
            return stop
        if URL.match(target):
            self.warn(index, "TW010", f"link to {target} is a web address, not a passage: its text is kept, no choice made")
            sink.out.append(text)
            return stop
        self.add_link(text, target, index, sink, effects=effects)
        return stop

    def angle(self, index: int, end: int, sink: Sink) -> int | None:
        src = self.src
        if src.startswith("<!--", index):
            close = self.find("-->", index + 4, end)
            stop = end if close < 0 else close + 3
            self.note(index, stop)  # an author's comment stays one, with no need to warn
            return stop
        if src.startswith("<<", index):
            return self.sugar_macro(index, end, sink) if self.fmt in ("sugarcube", "plain") else None
        if src.startswith("<%", index):
            close = self.find("%>", index + 2, end)
            if close < 0:
                return None
            self.note(index, close + 2)
            self.warn(index, "TW022", f"<% … %> in passage {self.ctx.passage!r}")
            return close + 2
        match = _HTML_TAG.match(src, index, end)
        if not match:
            return None
        closing, name = match.group(1) == "/", match.group(2).lower()
        if not closing and name in ("script", "style"):
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(src, match.end(), end)
            stop = close.end() if close else end
            self.note(index, stop)
            if name == "script":
                self.warn(index, "TW022", "<script>")
            else:
                self.warn(index, "TW023", "a <style> element (CSS) is kept as a comment")
            return stop
        if not closing and name == "a":
            anchored = self.anchor(match, end, sink)
            if anchored is not None:
                return anchored
        if name == "img":
            self.note(index, match.end())
            self.warn(index, "TW026", "an image is dropped")
            return match.end()
        if name not in _LINE_TAGS:
            self.note(index, match.end())
            self.warn(index, "TW024", f"<{match.group(1)}{name}>")
        if name in _BLOCK_TAGS:
            sink.out.append("\n")
        return match.end()

    def anchor(self, match: re.Match[str], end: int, sink: Sink) -> int | None:
        src = self.src
        closing = self.find("</a", match.end(), end, ignore_case=True)
        close = re.compile(r"</a\s*>", re.IGNORECASE).match(src, closing, end) if closing >= 0 else None
        if not close:
            return None
        inner = re.sub(r"<[^<>]*>", "", src[match.end() : close.start()]).strip()
        attributes = match.group(3)
        passage = re.search(r"data-passage\s*=\s*([\"'])(.*?)\1", attributes)
        href = re.search(r"href\s*=\s*([\"'])(.*?)\1", attributes)
        if passage:
            self.add_link(inner or passage.group(2), passage.group(2), match.start(), sink)
        elif href and URL.match(href.group(2)):
            self.warn(match.start(), "TW010", f"link to {href.group(2)} is a web address, not a passage: its text is kept, no choice made")
            sink.out.append(inner)
        else:
            self.note(match.start(), close.end())
            self.warn(match.start(), "TW024", "<a>")
            sink.out.append(inner)
        return close.end()

    def variable(self, index: int, end: int, sink: Sink) -> int | None:
        if self.fmt not in ("harlowe", "sugarcube"):
            return None
        if index > 0 and (self.src[index - 1].isalnum() or self.src[index - 1] in "_$"):
            return None
        match = _VARIABLE.match(self.src, index, end)
        if not match:
            return None
        # A variable printed into the text (Harlowe's and SugarCube's "naked" variables).
        self.insert(match.group(0), index, match.end(), sink)
        return match.end()

    # -- Chapbook


    def finish(self, raw: str) -> str:
        """The node's text template: Harlowe and SugarCube break lines where the source does, Markdown formats at blank lines."""
        raw = collapse(raw)
        if self.fmt in ("harlowe", "sugarcube"):
            # A backslash at the end of a line joins it to the next (markers between do not count).
            raw = _CONTINUED.sub(r"\1", raw)
        if self.fmt == "harlowe":
            raw = re.sub(r"\n\\", "", raw)  # in Harlowe, at the start of a line too
        link_texts = [clean_markup(link.text or "", self.fmt)[0] for link in self.links]
        leaks: list[str] = []
        renderer = Renderer(self.cond_texts, self.chunks, link_texts, lambda line: clean_markup(line, self.fmt), leaks)
        lines = renderer.lines(raw)
        if self.ctx.counting and not self.ctx.logic.collecting:
            self.ctx.logic.figures.leaks += len(leaks)
            self.ctx.logic.figures.leak_samples.extend(leaks)
        if self.fmt in ("harlowe", "sugarcube"):
            # Every line break shows in these formats; a node's text breaks only between paragraphs.
            return "\n\n".join(line for line in lines if line)
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def clean_markup(line: str, fmt: str) -> tuple[str, bool]:
    """Drop headings, rules and emphasis marks: the text stays, the styling does not.

    Returns the line and whether it was a heading.
    """
    if re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", line):
        return "", False
    heading = {"sugarcube": r"^\s*!{1,6}\s*", "harlowe": r"^\s*#{1,6}\s*"}.get(fmt, r"^\s*#{1,6}\s+")
    line, headings = re.subn(heading, "", line)
    patterns = [r"\*\*(.+?)\*\*", r"__(.+?)__", r"~~(.+?)~~"]
    if fmt in ("harlowe", "sugarcube"):
        patterns += [r"''(.+?)''", r"(?<![:\w/])//(.+?)//", r"\^\^(.+?)\^\^"]
    if fmt == "sugarcube":
        patterns.append(r"==(.+?)==")
    if fmt in ("harlowe", "chapbook", "snowman", "plain"):
        patterns.append(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
    if fmt in ("chapbook", "snowman", "plain"):
        patterns.append(r"(?<![\w])_(?=\S)(.+?)(?<=\S)_(?!\w)")
    for pattern in patterns:
        line = re.sub(pattern, r"\1", line)
    return line.rstrip(), bool(headings) and bool(line.strip())


def guess_format(bodies: list[str]) -> str:
    """The story format the syntax looks like, when StoryData does not say."""
    joined = "\n".join(bodies)
    scores = {
        "sugarcube": len(re.findall(r"<<[A-Za-z/=-]", joined)),
        "harlowe": len(re.findall(r"\([A-Za-z][\w-]*:", joined)),
        "chapbook": len(re.findall(r"^--$|^\[(?:if|else|unless|after|align|cont|continue|continued|JavaScript|CSS|note)\b[^\]]*\]$", joined, re.M))
        + len(re.findall(r"\{(?:embed|back link|link to|reveal link|restart link|cycling link|text input|dropdown menu)", joined)),
        "snowman": len(re.findall(r"<%|data-passage=", joined)),
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] else "plain"


def format_from_story_data(name: object) -> str | None:
    if not isinstance(name, str):
        return None
    lowered = name.strip().lower()
    for known in FORMATS:
        if lowered.startswith(known):
            return known
    return None


def translate_passage(body: str, first_line: int, fmt: str, names: Collection[str], report: Report, ctx: ReadContext) -> Translation:
    return PassageReader(body, first_line, fmt, names, report, ctx).translate()

