"""A passage's prose, with its markers for links, conditions and inserts, written as a story text template."""
from __future__ import annotations

import re

# Markers the readers put into the prose; the source's own copies of these characters are removed first.
LINK_MARK = "\x02{}\x03"
OPEN_MARK = "\x04{}\x05"  # a condition's text begins: the number is the condition's
CLOSE_MARK = "\x06"
CHUNK_MARK = "\x0e{}\x0f"  # a piece already written as a template: an insert, an included passage's line
COLLAPSE_OPEN, COLLAPSE_CLOSE = "\x10", "\x11"  # Harlowe's `{…}`: its line breaks are spaces
ALL_MARKS = re.compile("[\x02-\x06\x0e-\x11]")

_MARKER = re.compile("\x02(\\d+)\x03")
_ANY = re.compile("\x02(\\d+)\x03|\x04(\\d+)\x05|(\x06)|\x0e(\\d+)\x0f")
_NOT_TEXT = re.compile("\x04\\d+\x05|\x06|\x0e\\d+\x0f")
_TRAILING_LINKS = re.compile("([.!?:…\"”)])((?:[ \t]*(?:\x02\\d+\x03|\x04\\d+\x05|\x06))+)[ \t]*$")
# What is left of a line once its links are taken out that means it held only links.
_LINK_LINE_LEFTOVER = re.compile(r"[\s\-–—*•·,.;:|/()\[\]!?_~'\"#>+]*")
# Pieces of Twine syntax that must never reach a player: what the import's figures count.
LEAK = re.compile(r"\([a-zA-Z][\w-]*:|<<|>>|\[\[|\]\]|(?<![\w$])[$_][A-Za-z]\w*|\\$|^\\|<%|%>|\{[a-z][\w ]*:", re.MULTILINE)


def escape(text: str) -> str:
    """Literal text in a template: braces, bars and backslashes escaped (valid inside `{if …}` too)."""
    return re.sub(r"([\\{}|])", r"\\\1", text)


def collapse(raw: str) -> str:
    """Harlowe's whitespace-collapsing `{…}`: line breaks inside become spaces."""
    out: list[str] = []
    depth = 0
    for piece in re.split(f"([{COLLAPSE_OPEN}{COLLAPSE_CLOSE}])", raw):
        if piece == COLLAPSE_OPEN:
            depth += 1
        elif piece == COLLAPSE_CLOSE:
            depth = max(0, depth - 1)
        else:
            out.append(re.sub(r"\s*\n\s*", " ", piece) if depth else piece)
    return "".join(out)


class Renderer:
    """Turns marked-up prose into template text, one line at a time, keeping open conditions across lines."""

    def __init__(self, conditions: list[str], chunks: list[str], link_texts: list[str], clean, leaks: list[str]) -> None:
        self.conditions = conditions
        self.chunks = chunks
        self.link_texts = link_texts
        self.clean = clean  # line -> (line, is_heading): the dialect's emphasis and headings dropped
        self.leaks = leaks  # text a player would read that still looks like macro syntax
        self.open: list[int] = []

    def lines(self, raw: str) -> list[str]:
        rendered: list[str] = []
        for line in raw.split("\n"):
            if _MARKER.search(line) and _LINK_LINE_LEFTOVER.fullmatch(_MARKER.sub("", _NOT_TEXT.sub("", line))):
                # A line of links only: the links become choices; any condition marks stay.
                rendered.append(self.render("".join(_NOT_TEXT.findall(line))))
                continue
            # Links after the end of a sentence read as the choices they become, not as prose.
            line = _TRAILING_LINKS.sub(lambda found: found.group(1) + _MARKER.sub("", found.group(2)), line)
            cleaned, heading = self.clean(line)
            line = re.sub(r"[ \t]{2,}", " ", cleaned.strip())  # where a piece was taken out of a line
            text = self.render(line)
            if heading:  # a heading stands as its own paragraph
                rendered.extend(["", text, ""])
            else:
                rendered.append(text)
        return rendered

    def render(self, line: str) -> str:
        """One line: conditions still open from earlier lines are reopened here and closed at its end."""
        stack: list[list[str]] = [[] for _ in range(len(self.open) + 1)]
        plain: list[str] = []
        index = 0
        for found in _ANY.finditer(line):
            self.literal(line[index : found.start()], stack[-1], plain)
            index = found.end()
            if found.group(1) is not None:
                self.literal(self.link_texts[int(found.group(1))], stack[-1], plain)
            elif found.group(2) is not None:
                self.open.append(int(found.group(2)))
                stack.append([])
            elif found.group(3) is not None:
                if self.open:
                    self.close(stack, self.open.pop())
            else:
                stack[-1].append(self.chunks[int(found.group(4))])
        self.literal(line[index:], stack[-1], plain)
        for number in reversed(self.open):
            self.close(stack, number)
        text = "".join(stack[0])
        if plain and LEAK.search("".join(plain)):
            self.leaks.extend(LEAK.findall("".join(plain)))
        return text.strip()

    def literal(self, text: str, out: list[str], plain: list[str]) -> None:
        if text:
            plain.append(text)
            out.append(escape(text))

    def close(self, stack: list[list[str]], number: int) -> None:
        inner = "".join(stack.pop()).strip()
        if inner:  # a condition over nothing is left out
            stack[-1].append(f"{{if {self.conditions[number]}: {inner}}}")
