"""Harlowe's part of reading a passage: `(macros:)`, hooks attached to them, and links with hooks."""
from __future__ import annotations

import re

from game.tools.twee.common import BACK, URL, Sink, string_end, unquote
from game.tools.twee.expr import both

_HARLOWE_MACRO = re.compile(r"\(([A-Za-z][\w-]*)\s*:")
# Macros whose hook runs repeated, later, on an event or into another hook, not where it stands.
_CONTROL = frozenset({
    "for", "loop", "live", "event", "after", "more", "replace", "append", "prepend", "show", "rerun", "dialog",
    "alert", "prompt", "confirm", "clickreplace", "clickappend", "clickprepend", "mouseover", "mouseout",
    "mouseoverreplace", "mouseoutreplace", "hidden", "storylet", "dropdown", "cyclinglink", "seqlink",
})
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
        if norm in ("if", "elseif", "unless", "else"):
            hook = self.hook_after(after, end)
            if hook is not None:
                return self.harlowe_conditional(index, norm, name, args, hook, sink)
        if norm in ("set", "put"):
            self.set_effects(args, index, after, f"({name}: {args.strip()})", initial=self.ctx.initial)
            return after
        if norm == "print":
            self.insert(args, index, after, sink)
            return after
        if norm == "goto":
            strings = harlowe_strings(args)
            if strings and len(strings) == 1:
                self.add_goto(strings[0], index, sink)
            else:
                self.note(index, after)
                self.warn(index, "TW016", f"({name}:) with a passage that is not a plain string: {args.strip()}")
            return after
        if norm in ("linkgoto", "linkrevealgoto", "clickgoto"):
            strings = harlowe_strings(args)
            if norm == "clickgoto" and strings and len(strings) == 2:
                # The words to click are already in the prose: they stay there, and the choice is added.
                self.add_link(strings[0], strings[1], index, sink, marker=False)
            elif norm != "clickgoto" and strings and len(strings) <= 2:
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
        if norm == "linkundo" and (strings := harlowe_strings(args)) and len(strings) == 1:
            self.add_link(strings[0], BACK, index, sink)
            return after
        if norm in ("undo", "linkundo"):
            self.note(index, after)
            self.warn(index, "TW015", f"({name}:) goes back to the previous passage; dropped")
            return after
        if norm == "display":
            strings = harlowe_strings(args)
            self.include(index, strings[0] if strings and len(strings) == 1 else None, after, sink)
            return after
        self.note(index, after)
        if norm in ("link", "linkreveal", "linkrepeat", "linkrerun", "linkreplace", "click"):
            hook = self.hook_after(after, end)
            if hook:
                return self.harlowe_link(index, name, args, hook, sink, in_prose=norm == "click")
        if norm in _CONTROL:
            hook = self.hook_after(after, end)
            if hook:
                # Its hook shows repeated, later or elsewhere: nothing of it can show as written.
                self.note(after, hook[2])
                self.warn(index, "TW020", f"({name}:) with its hook (left out)")
                return hook[2]
        self.warn(index, "TW020", f"({name}:)")
        return after

    def harlowe_conditional(self, index: int, norm: str, name: str, args: str, hook: tuple[int, int, int], sink: Sink) -> int:
        """`(if:)[…]`, `(unless:)[…]`, `(else-if:)[…]`, `(else:)[…]`: the hook's text and links under a condition."""
        what = f"({name}: {args.strip()})" if args.strip() else f"({name}:)"
        if norm in ("if", "unless"):
            prior: list[str] = []
        elif self.chain is None:
            self.note(index, hook[2])
            self.warn(index, "TW032", f"{what} follows no (if:) whose condition was carried; its hook is left out")
            return hook[2]
        else:
            prior = self.chain
        own: str | None = None
        if norm != "else":
            own = self.condition(args, index, hook[2], what)
            if own is None:
                self.chain = None  # the rest of the chain depends on this condition, so it goes too
                return hook[2]
            own = f"not ({own})" if norm == "unless" else own
        effective = both([f"not ({c})" for c in prior] + ([own] if own is not None else []))
        if effective is None:
            self.scan(hook[0], hook[1], sink)
        else:
            self.within(effective, hook[0], hook[1], sink)
        self.chain = prior + [own] if own is not None else None  # set after the hook: ifs inside it have their own
        return hook[2]

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

    def harlowe_link(self, index: int, name: str, args: str, hook: tuple[int, int, int], sink: Sink,
                     in_prose: bool = False) -> int:
        """`(link: "text")[ … (set:) … (go-to: "P") … ]`: a choice for each go-to, with the hook's effects.

        `(click: "words")[…]` is the same choice, but its words are already in the prose and stay there."""
        strings = harlowe_strings(args)
        inner, effects = self.choice_body(hook[0], hook[1])
        if in_prose and not (inner.gotos and strings):
            # A click that only reveals text shows it later, on an event: nothing of it can show as written.
            self.note(hook[0], hook[2])
            self.warn(index, "TW020", f"({name}:) with its hook (left out)")
            return hook[2]
        if inner.gotos and strings:
            self.body_links(strings[0], inner.gotos, effects, index, sink, marker=not in_prose)
        elif inner.gotos:
            self.warn(index, "TW016", f"({name}:) whose text is not a plain string; its go-to is kept")
            sink.gotos.extend(inner.gotos)
        else:
            self.warn(index, "TW020", f"({name}:) (it goes to no passage; its hook's text is kept)")
            if effects:
                self.warn(index, "TW033", f"the effects in the hook of ({name}:) are not carried: a link that goes nowhere is not a choice")
            sink.out.extend(inner.out)  # what the link reveals: shown at once, as the node has no reveal
        return hook[2]
