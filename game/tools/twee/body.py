"""Translating one Twee passage's content: its prose, its links and the navigation macros it can read."""
from __future__ import annotations

import bisect
import re
from typing import Collection

from game.tools.twee.chapbook import ChapbookReader
from game.tools.twee.common import LINK, URL, Link, Note, Sink, Translation, split_link, string_end
from game.tools.twee.harlowe import NAMED_HOOK_CLOSE, NAMED_HOOK_OPEN, HarloweReader
from game.tools.twee.parse import Report
from game.tools.twee.sugarcube import SugarCubeReader

FORMATS: tuple[str, ...] = ("harlowe", "sugarcube", "chapbook", "snowman", "plain")

_VARIABLE = re.compile(r"[$_][A-Za-z][\w]*(?:\.[A-Za-z_]\w*|\[[^\]\n]{0,40}\])*")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s[^<>]*)?)/?>")
_MARKER = re.compile("\x02(\\d+)\x03")
_TRAILING_LINKS = re.compile("([.!?:…\"”)])(?:[ \t]*\x02\\d+\x03)+[ \t]*$")
_BLOCK_TAGS = frozenset({"br", "hr", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                         "blockquote", "center", "table", "tr", "section", "article", "header", "footer", "pre"})
# Tags that only break lines: turning them into line breaks is their whole translation.
_LINE_TAGS = frozenset({"br", "hr", "p"})
# What is left of a line once its links are taken out that means it held only links.
_LINK_LINE_LEFTOVER = re.compile(r"[\s\-–—*•·,.;:|/()\[\]!?_~'\"#>+]*")


class PassageReader(HarloweReader, SugarCubeReader, ChapbookReader):
    """Reads one passage's body; line numbers are the Twee file's."""

    def __init__(self, body: str, first_line: int, fmt: str, names: Collection[str], report: Report) -> None:
        # The link markers use these two characters; no story has a use for them.
        self.src = body.replace("\x02", "").replace("\x03", "")
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
            if kind == "(" and char in "\"'`":
                after = string_end(src, index, end)
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

    def add_link(self, text: str, target: str, offset: int, sink: Sink, *, marker: bool = True) -> None:
        if self.quiet:
            # Inside a body read only for its go-tos, a link is one more place to go.
            sink.gotos.append(Link(None, target, self.line(offset)))
            return
        self.links.append(Link(text, target, self.line(offset)))
        if marker:
            sink.out.append(f"\x02{len(self.links) - 1}\x03")

    # -- the whole passage

    def translate(self) -> Translation:
        sink = Sink()
        if self.fmt == "chapbook":
            for start, end in self.chapbook_prose(sink):
                self.scan(start, end, sink)
        else:
            self.scan(0, len(self.src), sink)
        notes = sorted(self.notes, key=lambda note: note.line)  # stable: pieces of a line keep their order
        return Translation(self.finish("".join(sink.out)), self.links, sink.gotos, notes, self.embeds)

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
                after = index + 1  # Harlowe's whitespace-collapsing braces are markup, not text
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
        if setter is not None:
            self.warn(index, "TW012", f"the setter [{setter}] of link [[{inner}]] is dropped")
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
        self.add_link(text, target, index, sink)
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
            self.warn(index, "TW022", "<% … %>")
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
        sink.out.append(match.group(0))
        self.warn(index, "TW021", match.group(0))
        return match.end()

    # -- Chapbook


    def finish(self, raw: str) -> str:
        lines: list[str] = []
        for line in raw.split("\n"):
            if _MARKER.search(line) and _LINK_LINE_LEFTOVER.fullmatch(_MARKER.sub("", line)):
                lines.append("")  # a line of links only: the links become choices
                continue
            # Links after the end of a sentence read as the choices they become, not as prose.
            line = _TRAILING_LINKS.sub(r"\1", line)
            cleaned, heading = clean_markup(line, self.fmt)
            line = _MARKER.sub(lambda found: self.links[int(found.group(1))].text or "", cleaned)
            line = re.sub(r"[ \t]{2,}", " ", line.strip())  # where a piece was taken out of a line
            if heading:  # a heading stands as its own paragraph
                lines.extend(["", line, ""])
            else:
                lines.append(line)
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


def translate_passage(body: str, first_line: int, fmt: str, names: Collection[str], report: Report) -> Translation:
    return PassageReader(body, first_line, fmt, names, report).translate()

