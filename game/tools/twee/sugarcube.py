"""SugarCube's part of reading a passage: `<<macros>>`, containers, links with bodies, comments, images."""
from __future__ import annotations

import re

from game.tools.twee.common import BACK, LINK, URL, Link, Sink, split_link, string_end, unquote
from game.tools.twee.expr import Effect, Unexpressible, both
from game.tools.twee.render import COLLAPSE_CLOSE, COLLAPSE_OPEN

# Containers whose body does not show once where it stands: it runs silently, repeated, later,
# by case, or defines a macro. The body is left out whole.
_HIDDEN_BODIES = frozenset({"silently", "script", "for", "switch", "repeat", "timed", "widget", "do", "redo", "type", "done"})
# The tags that divide an <<if>> into branches, and those that nest another one inside it.
_BRANCH_TAG = re.compile(r"<<\s*(/|end)?(if|elseif|else)\b((?:[^>]|>(?!>))*)>>", re.IGNORECASE)
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
            if lower in ("nobr", "endnobr"):
                sink.out.append(COLLAPSE_CLOSE)
            return stop
        if lower == "if":
            return self.sugar_if(index, stop, args, end, sink)
        if lower in ("set", "unset"):
            if lower == "set":
                self.set_effects(args, index, stop, f"<<set {args.strip()}>>", initial=self.ctx.initial)
            else:
                try:
                    self.add_effects(self.ctx.logic.unset(args))
                except Unexpressible as why:
                    self.note(index, stop)
                    self.warn(index, "TW033", f"<<unset {args.strip()}>> is not carried ({why}); kept as a comment")
            return stop
        if lower in ("print", "=", "-"):
            self.insert(args, index, stop, sink)
            return stop
        if lower == "nobr":
            self.note(index, stop)
            sink.out.append(COLLAPSE_OPEN)  # nobr only joins lines
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
                self.add_goto(target, index, sink)
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
            tokens = sugar_args(args)
            label = tokens[0][1] if tokens and tokens[0][0] == "str" else lower.capitalize()
            self.add_link(label, BACK, index, sink)
            return stop
        if lower in _HIDDEN_BODIES:
            closing = self.container_close(lower, stop, end)
            body_end = closing[1] if closing else stop
            self.note(index, body_end)
            if lower == "script":
                self.warn(index, "TW022", "<<script>>")
            else:
                self.warn(index, "TW020", f"<<{name}>>" + (" with its body (left out)" if closing and lower != "silently" else ""))
            return body_end
        if lower in ("include", "display"):
            tokens = sugar_args(args)
            target = None
            if tokens and tokens[0][0] == "str":
                target = tokens[0][1]
            elif tokens and tokens[0][0] == "link":
                target = split_link(tokens[0][1], self.names)[1]
            self.include(index, target, stop, sink)
            return stop
        self.note(index, stop)
        self.warn(index, "TW020", f"<<{name}>>")
        return stop

    def sugar_if(self, index: int, stop: int, args: str, end: int, sink: Sink) -> int:
        """`<<if>> … <<elseif>> … <<else>> … <</if>>`: each branch's text and links under its condition."""
        closing = self.container_close("if", stop, end)
        if closing is None:
            self.note(index, stop)
            self.warn(index, "TW020", "<<if>> that is never closed with <</if>>")
            return stop
        # The branches: (condition source or None for else, tag start, body start, body end).
        branches: list[tuple[str | None, int, int, int]] = []
        head: tuple[str | None, int, int] = (args, index, stop)
        depth = 0
        for tag in _BRANCH_TAG.finditer(self.src, stop, closing[0]):
            word = tag.group(2).lower()
            if word == "if" and not tag.group(1):
                depth += 1
            elif word in ("if", "endif"):
                depth -= 1
            elif depth == 0:
                rest = tag.group(3).strip()
                is_else = word == "else" and not rest.startswith("if ")
                branches.append((head[0], head[1], head[2], tag.start()))
                head = (None if is_else else re.sub(r"^if\s", "", rest) if word == "else" else rest, tag.start(), tag.end())
        branches.append((head[0], head[1], head[2], closing[0]))
        prior: list[str] = []
        for number, (source, tag_start, body_start, body_end) in enumerate(branches):
            own = None
            if source is not None:
                own = self.condition(source, tag_start, body_start, f"<<{'if' if number == 0 else 'elseif'} {source.strip()}>>")
                if own is None:
                    self.note(body_start, closing[1] if number == len(branches) - 1 else branches[number + 1][1])
                    # Every later branch depends on this condition too: they are left out with it.
                    if number + 1 < len(branches):
                        self.note(branches[number + 1][1], closing[1])
                    break
            effective = both([f"not ({c})" for c in prior] + ([own] if own is not None else []))
            assert effective is not None
            self.within(effective, body_start, body_end, sink)
            if own is not None:
                prior.append(own)
        return closing[1]

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
        """`<<link "text" "P">>…<</link>>`, `<<link [[text|P]]>>`, and bodies with `<<set>>` and `<<goto>>`."""
        tokens = sugar_args(args)
        text: str | None = None
        target: str | None = None
        effects: list[Effect] = []
        if tokens and tokens[0][0] == "link":
            text, target, setter, _ambiguous = split_link(tokens[0][1], self.names)
            if setter is not None:
                try:
                    effects = self.ctx.logic.assignments(setter, self.ctx.here)
                    self.count("effects", len(effects))
                except Unexpressible as why:
                    self.warn(index, "TW012", f"the setter [{setter}] of <<{name}>> is dropped ({why})")
        elif tokens and tokens[0][0] == "str":
            text = tokens[0][1]
            if len(tokens) > 1 and tokens[1][0] == "str":
                target = tokens[1][1]
        body_end = stop
        gotos: list[Link] = [Link(None, target, self.line(index))] if target else []
        closing = self.container_close(name.lower(), stop, end)
        if closing:
            body_end = closing[1]
            # SugarCube shows nothing of a link's body: it is what happens when the link is taken.
            inner, body_effects = self.choice_body(stop, closing[0])
            effects += body_effects
            if target is None:
                gotos = inner.gotos
        if text is None:
            self.warn(index, "TW016", f"<<{name}>> whose text is not a plain string")
            return body_end
        if not gotos:
            self.warn(index, "TW020", f"<<{name} {args.strip()}>> (it goes to no passage)")
            return body_end
        if any(URL.match(goto.target) for goto in gotos):
            self.warn(index, "TW010", f"link to {gotos[0].target} is a web address, not a passage: its text is kept, no choice made")
            sink.out.append(text)
            return body_end
        self.body_links(text, gotos, effects, index, sink)
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
