"""SugarCube's part of reading a passage: `<<macros>>`, containers, links with bodies, comments, images."""
from __future__ import annotations

import re

from game.tools.twee.common import URL, LINK, Link, Sink, split_link, string_end, unquote

_SUGAR_MACRO_HEAD = re.compile(r"\s*(/?)([A-Za-z=-][\w-]*)")
_SUGAR_IMAGE = re.compile(r"\[img\[(?:[^\]\n]|\](?!\]))*\]\]|\[img\[[^\]\n]*\](?:\[[^\]\n]*\])?\]", re.IGNORECASE)


def _sugar_macro_end(src: str, start: int, end: int) -> int:
    """Index of the `>>` ending a SugarCube macro whose arguments start at `start`, or -1."""
    index = start
    while index < end:
        char = src[index]
        if char in "\"'`":
            after = string_end(src, index, end)
            if after > 0:
                index = after
                continue
        if src.startswith(">>", index):
            return index
        index += 1
    return -1


def sugar_args(args: str) -> list[tuple[str, str]]:
    """SugarCube macro arguments as (kind, value): 'str' literals, 'link' `[[…]]`, 'other'."""
    tokens: list[tuple[str, str]] = []
    index = 0
    while index < len(args):
        char = args[index]
        if char.isspace():
            index += 1
        elif char in "\"'`":
            after = string_end(args, index, len(args))
            if after < 0:
                tokens.append(("other", args[index:]))
                break
            tokens.append(("str", unquote(args[index:after])))
            index = after
        elif args.startswith("[[", index):
            match = LINK.match(args, index)
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


class SugarCubeReader:
    """Mixed into PassageReader: the methods that read SugarCube's markup."""

    def image(self, index: int, end: int) -> int | None:
        match = _SUGAR_IMAGE.match(self.src, index, end)
        if not match:
            return None
        self.note(index, match.end())
        self.warn(index, "TW026", "an image is dropped")
        return match.end()

    # -- HTML, SugarCube macros, Snowman templates: everything opening with `<`


    def sugar_macro(self, index: int, end: int, sink: Sink) -> int | None:
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

    def sugar_link(self, index: int, stop: int, name: str, args: str, end: int, sink: Sink) -> int:
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
                inner = Sink()
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
