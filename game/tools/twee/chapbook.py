"""Chapbook's part of reading a passage: the vars section, modifiers and `{inserts}`."""
from __future__ import annotations

import re

from game.tools.twee.common import BACK, URL, Sink
from game.tools.twee.expr import Unexpressible, parse

_CHAPBOOK_INSERT = re.compile(r"\{([^{}\n]*)\}")
_CHAPBOOK_VAR = re.compile(r"\s*[A-Za-z_$][\w$]*(?:\.[\w$]+|\[[^\]]*\])*\s*")
_CHAPBOOK_VARS_LINE = re.compile(r"\s*[A-Za-z_$][\w$.\[\]'\"]*\s*(?:\([^)]*\))?\s*:")
_CHAPBOOK_ASSIGNMENT = re.compile(r"([A-Za-z_$][\w$.\[\]'\"]*)\s*(?:\((.*)\))?\s*:\s*(.+)")
_CHAPBOOK_MODIFIER = re.compile(r"\s*\[(?!\[)([^\[\]]+)\]\s*")
_CHAPBOOK_PROPS = re.compile(r"([a-z][a-z ]*[a-z]|[a-z])\s*:\s*(['\"])(.*?)\2")


class ChapbookReader:
    """Mixed into PassageReader: the methods that read Chapbook's markup."""

    def chapbook_prose(self, sink: Sink) -> list[tuple[int, int, str | None]]:
        """The stretches of the body that are prose, each with the condition its modifier puts it under.

        The vars section becomes effects on arrival; `[if]`, `[unless]`, `[else]` and `[continue]`
        become conditions; the other modifiers become notes.
        """
        src = self.src
        starts = [0] + [offset + 1 for offset in self.newlines]
        lines = [(start, (self.newlines[number] + 1) if number < len(self.newlines) else len(src)) for number, start in enumerate(starts)]
        first = 0
        dashes = next((number for number, (start, stop) in enumerate(lines) if src[start:stop].strip() == "--"), None)
        if dashes is not None and all(
            not src[start:stop].strip() or _CHAPBOOK_VARS_LINE.match(src, start, stop) for start, stop in lines[:dashes]
        ):
            for start, stop in lines[:dashes]:
                if src[start:stop].strip():
                    self.chapbook_var(start, stop)
            first = dashes + 1
        ranges: list[tuple[int, int, str | None]] = []
        code = False
        condition: str | None = None
        shown = True  # False under a condition that could not be carried: that text is left out
        last_if: str | None = None
        for start, stop in lines[first:]:
            modifier = _CHAPBOOK_MODIFIER.fullmatch(src, start, stop)
            label = modifier.group(1).strip() if modifier else ""
            word = label.split(" ")[0].lower()
            if modifier and word in ("if", "unless", "else", "continue", "continued", "cont'd", "cont"):
                code = False
                condition, shown = None, True
                if word in ("if", "unless"):
                    found = self.condition(label[len(word):], start, stop, f"[{label}]", dialect="chapbook")
                    last_if = found
                    if found is None:
                        shown = False
                    else:
                        condition = found if word == "if" else f"not ({found})"
                elif word == "else":
                    if last_if is None:
                        self.note(start, stop)
                        self.warn(start, "TW032", "[else] follows no [if] whose condition was carried; its text is left out")
                        shown = False
                    else:
                        condition = f"not ({last_if})"
                    last_if = None
            elif modifier:
                self.note(start, stop)
                label = label.lower()
                code = label in ("javascript", "css") or word in ("note", "notes", "fixme", "todo", "n.b.", "nb")
                if label == "javascript":
                    self.warn(start, "TW022", "[JavaScript]")
                elif label == "css":
                    self.warn(start, "TW023", "a [CSS] section is kept as a comment")
                elif not code:
                    self.warn(start, "TW025", f"[{modifier.group(1).strip()}]")
            elif code or not shown:
                self.note(start, stop)
            elif ranges and ranges[-1][1] == start and ranges[-1][2] == condition:
                ranges[-1] = (ranges[-1][0], stop, condition)
            else:
                ranges.append((start, stop, condition))
        return ranges

    def chapbook_var(self, start: int, stop: int) -> None:
        """One line of the vars section, `name: value` or `name (condition): value`: an effect on arrival."""
        line = self.src[start:stop].strip()
        match = _CHAPBOOK_ASSIGNMENT.fullmatch(line)
        try:
            if not match:
                raise Unexpressible("not a `name: value` line")
            name, condition, value = match.group(1), match.group(2), match.group(3)
            if "." in name or "[" in name:
                raise Unexpressible(f"{name} is a part of an object")
            found = self.ctx.logic.effects_of([(name, "=", parse(value, "chapbook"))], self.ctx.here, initial=self.ctx.initial)
            if condition:
                written = self.ctx.logic.condition(condition, self.ctx.here, "chapbook")
                self.count("conditions")
                found = [effect.under(written) for effect in found]
        except Unexpressible as why:
            self.note(start, stop)
            self.warn(start, "TW033", f"the vars line {line!r} is not carried ({why}); kept as a comment")
            return
        self.add_effects(found)

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
            props = dict((key, value) for key, _quote, value in _CHAPBOOK_PROPS.findall(inner))
            self.add_link(props.get("label", inner.split()[0].capitalize()), BACK, index, sink)
            return match.end()
        if _CHAPBOOK_VAR.fullmatch(inner):
            self.insert(inner, index, match.end(), sink, dialect="chapbook")
            return match.end()
        if re.match(r"embed passage( named)?\s*:", inner):
            props = dict((key, value) for key, _quote, value in _CHAPBOOK_PROPS.findall(inner))
            self.include(index, props.get("embed passage", props.get("embed passage named")), match.end(), sink)
            return match.end()
        if re.match(r"[a-z]+(?: [a-z]+)+\s*(?:[:,]|$)", inner):
            self.note(index, match.end())
            self.warn(index, "TW020", "{" + re.split(r"[:,]", inner)[0].strip() + "}")
            return match.end()
        return None  # not an insert: literal braces, escaped later

    # -- the prose
