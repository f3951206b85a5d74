"""Harlowe's part of reading a passage: `(macros:)`, hooks attached to them, and links with hooks."""
from __future__ import annotations

import re

from game.tools.twee.common import URL, Link, Sink, string_end, unquote

_HARLOWE_MACRO = re.compile(r"\(([A-Za-z][\w-]*)\s*:")
NAMED_HOOK_OPEN = re.compile(r"\|[\w-]+>(?=\[)")
NAMED_HOOK_CLOSE = re.compile(r"<[\w-]*\|")


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
        after = string_end(args, index, len(args))
        if after < 0:
            return None
        values.append(unquote(args[index:after]))
        index = after
        while index < len(args) and args[index].isspace():
            index += 1
        if index < len(args):
            if args[index] != ",":
                return None
            index += 1



class HarloweReader:
    """Mixed into PassageReader: the methods that read Harlowe's markup."""

    def harlowe_macro(self, index: int, end: int, sink: Sink) -> int | None:
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
        named = NAMED_HOOK_OPEN.match(src, index, end)
        if named:
            index = named.end()
        if index >= end or src[index] != "[":
            return None
        close = self.closing(index, end, "[")
        if close < 0:
            return None
        tail = NAMED_HOOK_CLOSE.match(src, close + 1, end)
        return index + 1, close, tail.end() if tail else close + 1

    def harlowe_link(self, index: int, name: str, args: str, hook: tuple[int, int, int], sink: Sink) -> int:
        """`(link: "text")[ … (go-to: "P") … ]`: a choice for each go-to in the hook."""
        strings = harlowe_strings(args)
        inner = Sink()
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

