"""Translating one Twee passage's content: its prose, its links and the navigation macros it can read."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Collection

from game.tools.twee_parse import Report

FORMATS: tuple[str, ...] = ("harlowe", "sugarcube", "chapbook", "snowman", "plain")

# Link targets that are web addresses, not passages (Twine's own test, plus mailto: and tel:).
URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|mailto:|tel:|javascript:)", re.IGNORECASE)

# `[[…]]` on one line; a `]` inside is allowed when it is not `]]` (SugarCube setters `][`).
_LINK = re.compile(r"\[\[((?:[^\]\n]|\](?!\]))*)\]\]")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s[^<>]*)?)/?>")
_HARLOWE_MACRO = re.compile(r"\(([A-Za-z][\w-]*)\s*:")
_SUGAR_MACRO_HEAD = re.compile(r"\s*(/?)([A-Za-z=-][\w-]*)")
_SUGAR_IMAGE = re.compile(r"\[img\[(?:[^\]\n]|\](?!\]))*\]\]|\[img\[[^\]\n]*\](?:\[[^\]\n]*\])?\]", re.IGNORECASE)
_VARIABLE = re.compile(r"[$_][A-Za-z][\w]*(?:\.[A-Za-z_]\w*|\[[^\]\n]{0,40}\])*")
_CHAPBOOK_INSERT = re.compile(r"\{([^{}\n]*)\}")
_CHAPBOOK_VAR = re.compile(r"\s*[A-Za-z_$][\w$]*(?:\.[\w$]+|\[[^\]]*\])*\s*")
_CHAPBOOK_VARS_LINE = re.compile(r"\s*[A-Za-z_$][\w$.\[\]'\"]*\s*(?:\([^)]*\))?\s*:")
_CHAPBOOK_MODIFIER = re.compile(r"\s*\[(?!\[)([^\[\]]+)\]\s*")
_CHAPBOOK_PROPS = re.compile(r"([a-z][a-z ]*[a-z]|[a-z])\s*:\s*(['\"])(.*?)\2")
_NAMED_HOOK_OPEN = re.compile(r"\|[\w-]+>(?=\[)")
_NAMED_HOOK_CLOSE = re.compile(r"<[\w-]*\|")
_MARKER = re.compile("\x02(\\d+)\x03")
_TRAILING_LINKS = re.compile("([.!?:…\"”)])(?:[ \t]*\x02\\d+\x03)+[ \t]*$")
_BLOCK_TAGS = frozenset({"br", "hr", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                         "blockquote", "center", "table", "tr", "section", "article", "header", "footer", "pre"})
# Tags that only break lines: turning them into line breaks is their whole translation.
_LINE_TAGS = frozenset({"br", "hr", "p"})
# What is left of a line once its links are taken out that means it held only links.
_LINK_LINE_LEFTOVER = re.compile(r"[\s\-–—*•·,.;:|/()\[\]!?_~'\"#>+]*")


@dataclass
class Link:
    """A way on: `text` is what the player reads, None for a bare go-to."""

    text: str | None
    target: str
    line: int


@dataclass
class Note:
    """A line (or piece of one) of the Twee source kept as a comment."""

    line: int
    source: str


@dataclass
class Translation:
    text: str  # prose, not yet escaped for templates
    links: list[Link]
    gotos: list[Link]
    notes: list[Note]
    embeds: list[Link] = field(default_factory=list)  # passages shown inside this one


@dataclass
class _Sink:
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


def _string_end(src: str, start: int, end: int) -> int:
    """Index just past the quoted string opening at `start` (backslash escapes), or -1."""
    quote = src[start]
    index = start + 1
    while index < end:
        char = src[index]
        if char == "\\":
            index += 2
            continue
        if char == quote:
            return index + 1
        if char == "\n" and quote != "`":
            return -1
        index += 1
    return -1


def _sugar_macro_end(src: str, start: int, end: int) -> int:
    """Index of the `>>` ending a SugarCube macro whose arguments start at `start`, or -1."""
    index = start
    while index < end:
        char = src[index]
        if char in "\"'`":
            after = _string_end(src, index, end)
            if after > 0:
                index = after
                continue
        if src.startswith(">>", index):
            return index
        index += 1
    return -1


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


def harlowe_strings(args: str) -> list[str] | None:
    """The arguments when every one is a string literal, else None (a variable, an expression)."""
    values: list[str] = []
    index = 0
    while True:
        while index < len(args) and args[index].isspace():
            index += 1
        if index >= len(args):
            return values or None
        if args[index] not in "\"'":
            return None
        after = _string_end(args, index, len(args))
        if after < 0:
            return None
        values.append(_unquote(args[index:after]))
        index = after
        while index < len(args) and args[index].isspace():
            index += 1
        if index < len(args):
            if args[index] != ",":
                return None
            index += 1


def sugar_args(args: str) -> list[tuple[str, str]]:
    """SugarCube macro arguments as (kind, value): 'str' literals, 'link' `[[…]]`, 'other'."""
    tokens: list[tuple[str, str]] = []
    index = 0
    while index < len(args):
        char = args[index]
        if char.isspace():
            index += 1
        elif char in "\"'`":
            after = _string_end(args, index, len(args))
            if after < 0:
                tokens.append(("other", args[index:]))
                break
            tokens.append(("str", _unquote(args[index:after])))
            index = after
        elif args.startswith("[[", index):
            match = _LINK.match(args, index)
            if not match:
                tokens.append(("other", args[index:]))
                break
            tokens.append(("link", match.group(1)))
            index = match.end()
        else:
            match = re.compile(r"\S+").match(args, index)
            assert match is not None
            tokens.append(("other", match.group(0)))
            index = match.end()
    return tokens


class PassageReader:
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
                after = _string_end(src, index, end)
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

    def add_link(self, text: str, target: str, offset: int, sink: _Sink, *, marker: bool = True) -> None:
        if self.quiet:
            # Inside a body read only for its go-tos, a link is one more place to go.
            sink.gotos.append(Link(None, target, self.line(offset)))
            return
        self.links.append(Link(text, target, self.line(offset)))
        if marker:
            sink.out.append(f"\x02{len(self.links) - 1}\x03")

    # -- the whole passage

    def translate(self) -> Translation:
        sink = _Sink()
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

    def scan(self, start: int, end: int, sink: _Sink) -> None:
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
                named = _NAMED_HOOK_CLOSE.match(src, index + 1, end)
                after = named.end() if named else index + 1
            elif char == "|":
                named = _NAMED_HOOK_OPEN.match(src, index, end)
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

    def link(self, index: int, end: int, sink: _Sink) -> int | None:
        if index < self._no_link_before:
            return None
        match = _LINK.match(self.src, index, end)
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

    def image(self, index: int, end: int) -> int | None:
        match = _SUGAR_IMAGE.match(self.src, index, end)
        if not match:
            return None
        self.note(index, match.end())
        self.warn(index, "TW026", "an image is dropped")
        return match.end()

    # -- HTML, SugarCube macros, Snowman templates: everything opening with `<`

    def angle(self, index: int, end: int, sink: _Sink) -> int | None:
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

    def anchor(self, match: re.Match[str], end: int, sink: _Sink) -> int | None:
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

    def sugar_macro(self, index: int, end: int, sink: _Sink) -> int | None:
        src = self.src
        if self.find(">>", index + 2, end) < 0:
            return None
        close = _sugar_macro_end(src, index + 2, end)
        if close < 0:
            return None
        head = _SUGAR_MACRO_HEAD.match(src, index + 2, close)
        if not head:
            return None
        stop = close + 2
        name, args = head.group(2), src[head.end() : close]
        lower = name.lower()
        if head.group(1) == "/" or (lower.startswith("end") and len(lower) > 3):
            self.note(index, stop)  # a closing tag: its opening tag was reported
            return stop
        if lower in ("link", "button"):
            return self.sugar_link(index, stop, name, args, end, sink)
        if lower == "goto":
            tokens = sugar_args(args)
            target = None
            if tokens and tokens[0][0] == "str":
                target = tokens[0][1]
            elif tokens and tokens[0][0] == "link":
                target = split_link(tokens[0][1], self.names)[1]
            if target is None:
                self.note(index, stop)
                self.warn(index, "TW016", f"<<goto>> with a passage that is not a plain string: {args.strip()}")
            else:
                sink.gotos.append(Link(None, target, self.line(index)))
            return stop
        if lower in ("actions", "choice", "click"):
            # SugarCube 1's link lists: each [[link]] argument is a choice.
            for kind, value in sugar_args(args):
                if kind == "link":
                    text, target, _setter, _ambiguous = split_link(value, self.names)
                    if target and not URL.match(target):
                        self.add_link(text, target, index, sink)
            return stop
        if lower in ("back", "return"):
            self.note(index, stop)
            self.warn(index, "TW015", f"<<{name}>> goes back to wherever the player came from; dropped")
            return stop
        if lower in ("silently", "script"):
            closing = self.container_close(lower, stop, end)
            body_end = closing[1] if closing else stop
            self.note(index, body_end)
            if lower == "script":
                self.warn(index, "TW022", "<<script>>")
            else:
                self.warn(index, "TW020", f"<<{name}>>")
            return body_end
        if lower in ("include", "display"):
            tokens = sugar_args(args)
            if tokens and tokens[0][0] == "str":
                self.embed(index, tokens[0][1])
            elif tokens and tokens[0][0] == "link":
                self.embed(index, split_link(tokens[0][1], self.names)[1])
        self.note(index, stop)
        if lower != "nobr":  # nobr only joins lines
            self.warn(index, "TW020", f"<<{name}>>")
        return stop

    def container_close(self, name: str, start: int, end: int) -> tuple[int, int] | None:
        """Start and end of the tag closing the SugarCube container macro whose opening tag ends at `start`."""
        pairs = self._containers.get(name)
        if pairs is None:
            # Every opening and closing tag of this macro, paired once for the whole passage.
            pairs = self._containers[name] = {}
            pattern = re.compile(r"<<\s*(/|end)?" + re.escape(name) + r"\b(?:[^>]|>(?!>))*>>", re.IGNORECASE)
            stack: list[int] = []
            for match in pattern.finditer(self.src):
                if not match.group(1):
                    stack.append(match.end())
                    pairs[match.end()] = None
                elif stack:
                    pairs[stack.pop()] = (match.start(), match.end())
        found = pairs.get(start)
        return found if found is not None and found[1] <= end else None

    def sugar_link(self, index: int, stop: int, name: str, args: str, end: int, sink: _Sink) -> int:
        tokens = sugar_args(args)
        text: str | None = None
        target: str | None = None
        if tokens and tokens[0][0] == "link":
            text, target, setter, _ambiguous = split_link(tokens[0][1], self.names)
            if setter is not None:
                self.warn(index, "TW012", f"the setter [{setter}] of <<{name}>> is dropped")
        elif tokens and tokens[0][0] == "str":
            text = tokens[0][1]
            if len(tokens) > 1 and tokens[1][0] == "str":
                target = tokens[1][1]
        body_end = stop
        targets: list[str] = [target] if target else []
        closing = self.container_close(name.lower(), stop, end)
        if closing:
            body_end = closing[1]
            body = self.src[stop : closing[0]]
            if target is None:
                inner = _Sink()
                self.quiet += 1
                self.scan(stop, closing[0], inner)
                self.quiet -= 1
                targets = [goto.target for goto in inner.gotos]
            leftover = re.sub(r"<<\s*goto\b(?:[^>]|>(?!>))*>>", "", body).strip()
            if leftover:
                self.warn(index, "TW020", f"the body of <<{name}>>")
        self.note(index, body_end)
        if text is None:
            self.warn(index, "TW016", f"<<{name}>> whose text is not a plain string")
            return body_end
        if not targets:
            self.warn(index, "TW020", f"<<{name} {args.strip()}>> (it goes to no passage)")
            return body_end
        for number, goal in enumerate(targets):
            if URL.match(goal):
                self.warn(index, "TW010", f"link to {goal} is a web address, not a passage: its text is kept, no choice made")
                sink.out.append(text)
            else:
                self.add_link(text, goal, index, sink, marker=number == 0)
        return body_end

    def sugar_comment(self, index: int, end: int) -> int | None:
        if self.fmt != "sugarcube":
            return None
        for opener, closer in (("/*", "*/"), ("/%", "%/")):
            if self.src.startswith(opener, index):
                close = self.find(closer, index + 2, end)
                stop = end if close < 0 else close + 2
                self.note(index, stop)
                return stop
        return None

    # -- Harlowe

    def harlowe_macro(self, index: int, end: int, sink: _Sink) -> int | None:
        if self.fmt != "harlowe":
            return None
        src = self.src
        head = _HARLOWE_MACRO.match(src, index, end)
        if not head:
            return None
        close = self.closing(index, end, "(")
        if close < 0:
            return None
        name, args, after = head.group(1), src[head.end() : close], close + 1
        # Harlowe macro names ignore case, hyphens and underscores: (goTo:), (go-to:), (GOTO:).
        norm = name.lower().replace("-", "").replace("_", "")
        if norm == "goto":
            strings = harlowe_strings(args)
            if strings and len(strings) == 1:
                sink.gotos.append(Link(None, strings[0], self.line(index)))
            else:
                self.note(index, after)
                self.warn(index, "TW016", f"({name}:) with a passage that is not a plain string: {args.strip()}")
            return after
        if norm in ("linkgoto", "linkrevealgoto", "clickgoto"):
            strings = harlowe_strings(args)
            if norm != "clickgoto" and strings and len(strings) <= 2:
                text, target = strings[0], strings[-1]
                if URL.match(target):
                    self.warn(index, "TW010", f"link to {target} is a web address, not a passage: its text is kept, no choice made")
                    sink.out.append(text)
                else:
                    self.add_link(text, target, index, sink)
            else:
                self.note(index, after)
                self.warn(index, "TW016", f"({name}:) whose text or passage is not a plain string")
            return after
        if norm in ("undo", "linkundo"):
            self.note(index, after)
            self.warn(index, "TW015", f"({name}:) goes back to the previous passage; dropped")
            return after
        if norm == "display":
            strings = harlowe_strings(args)
            self.embed(index, strings[0] if strings and len(strings) == 1 else None)
        self.note(index, after)
        if norm in ("link", "linkreveal", "linkrepeat", "linkrerun", "linkreplace"):
            hook = self.hook_after(after, end)
            if hook:
                return self.harlowe_link(index, name, args, hook, sink)
        self.warn(index, "TW020", f"({name}:)")
        return after

    def hook_after(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(content start, content end, end) of a hook attached to a macro ending at `start`."""
        src = self.src
        index = start
        while index < end and src[index] in " \t":
            index += 1
        named = _NAMED_HOOK_OPEN.match(src, index, end)
        if named:
            index = named.end()
        if index >= end or src[index] != "[":
            return None
        close = self.closing(index, end, "[")
        if close < 0:
            return None
        tail = _NAMED_HOOK_CLOSE.match(src, close + 1, end)
        return index + 1, close, tail.end() if tail else close + 1

    def harlowe_link(self, index: int, name: str, args: str, hook: tuple[int, int, int], sink: _Sink) -> int:
        """`(link: "text")[ … (go-to: "P") … ]`: a choice for each go-to in the hook."""
        strings = harlowe_strings(args)
        inner = _Sink()
        self.scan(hook[0], hook[1], inner)
        if inner.gotos and strings:
            for number, goto in enumerate(inner.gotos):
                self.add_link(strings[0], goto.target, index, sink, marker=number == 0)
        elif inner.gotos:
            self.warn(index, "TW016", f"({name}:) whose text is not a plain string; its go-to is kept")
            sink.gotos.extend(inner.gotos)
        else:
            self.warn(index, "TW020", f"({name}:) (it goes to no passage; its hook's text is kept)")
        sink.out.extend(inner.out)
        return hook[2]

    def variable(self, index: int, end: int, sink: _Sink) -> int | None:
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

    def chapbook_prose(self, sink: _Sink) -> list[tuple[int, int]]:
        """The stretches of the body that are prose; the vars section and modifiers become notes."""
        src = self.src
        starts = [0] + [offset + 1 for offset in self.newlines]
        lines = [(start, (self.newlines[number] + 1) if number < len(self.newlines) else len(src)) for number, start in enumerate(starts)]
        first = 0
        dashes = next((number for number, (start, stop) in enumerate(lines) if src[start:stop].strip() == "--"), None)
        if dashes is not None and all(
            not src[start:stop].strip() or _CHAPBOOK_VARS_LINE.match(src, start, stop) for start, stop in lines[:dashes]
        ):
            self.note(0, lines[dashes][1])
            self.warn(0, "TW025", "the vars section (variables set on arrival)")
            first = dashes + 1
        ranges: list[tuple[int, int]] = []
        code = False
        for start, stop in lines[first:]:
            modifier = _CHAPBOOK_MODIFIER.fullmatch(src, start, stop)
            if modifier:
                self.note(start, stop)
                label = modifier.group(1).strip().lower()
                code = label in ("javascript", "css") or label.split(" ")[0] in ("note", "notes", "fixme", "todo", "n.b.", "nb")
                if label == "javascript":
                    self.warn(start, "TW022", "[JavaScript]")
                elif label == "css":
                    self.warn(start, "TW023", "a [CSS] section is kept as a comment")
                elif not code and label not in ("continue", "continued", "cont'd", "cont"):
                    self.warn(start, "TW025", f"[{modifier.group(1).strip()}]")
                sink.out.append("\n")
            elif code:
                self.note(start, stop)
                sink.out.append("\n")
            elif ranges and ranges[-1][1] == start:
                ranges[-1] = (ranges[-1][0], stop)
            else:
                ranges.append((start, stop))
        return ranges

    def chapbook_insert(self, index: int, end: int, sink: _Sink) -> int | None:
        if self.fmt != "chapbook":
            return None
        match = _CHAPBOOK_INSERT.match(self.src, index, end)
        if not match:
            return None
        inner = match.group(1).strip()
        if re.match(r"link to\s*:", inner):
            props = {key: value for key, _quote, value in _CHAPBOOK_PROPS.findall(inner)}
            target = props.get("link to")
            if target is None:
                self.note(index, match.end())
                self.warn(index, "TW016", f"{{{inner}}} whose passage is not a plain string")
            elif URL.match(target):
                self.warn(index, "TW010", f"link to {target} is a web address, not a passage: its text is kept, no choice made")
                sink.out.append(props.get("label", target))
            else:
                self.add_link(props.get("label", target), target, index, sink)
            return match.end()
        if re.match(r"(back|return) link\b", inner):
            self.note(index, match.end())
            self.warn(index, "TW015", f"{{{inner}}} goes back to the previous passage; dropped")
            return match.end()
        if _CHAPBOOK_VAR.fullmatch(inner):
            sink.out.append(match.group(0))
            self.warn(index, "TW021", match.group(0))
            return match.end()
        if re.match(r"embed passage\s*:", inner):
            self.embed(index, dict((key, value) for key, _quote, value in _CHAPBOOK_PROPS.findall(inner)).get("embed passage"))
        if re.match(r"[a-z]+(?: [a-z]+)+\s*(?:[:,]|$)", inner):
            self.note(index, match.end())
            self.warn(index, "TW020", "{" + re.split(r"[:,]", inner)[0].strip() + "}")
            return match.end()
        return None  # not an insert: literal braces, escaped later

    # -- the prose

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
