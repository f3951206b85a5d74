"""Chapbook's part of reading a passage: the vars section, modifiers and `{inserts}`."""
from __future__ import annotations

import re

from game.tools.twee.common import URL, Sink

_CHAPBOOK_INSERT = re.compile(r"\{([^{}\n]*)\}")
_CHAPBOOK_VAR = re.compile(r"\s*[A-Za-z_$][\w$]*(?:\.[\w$]+|\[[^\]]*\])*\s*")
_CHAPBOOK_VARS_LINE = re.compile(r"\s*[A-Za-z_$][\w$.\[\]'\"]*\s*(?:\([^)]*\))?\s*:")
_CHAPBOOK_MODIFIER = re.compile(r"\s*\[(?!\[)([^\[\]]+)\]\s*")
_CHAPBOOK_PROPS = re.compile(r"([a-z][a-z ]*[a-z]|[a-z])\s*:\s*(['\"])(.*?)\2")


class ChapbookReader:
    """Mixed into PassageReader: the methods that read Chapbook's markup."""

    def chapbook_prose(self, sink: Sink) -> list[tuple[int, int]]:
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

    def chapbook_insert(self, index: int, end: int, sink: Sink) -> int | None:
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
