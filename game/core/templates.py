"""Text templates: `{expression}` interpolation and `{if cond: a|elif c: b|else: c}` variations."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Union

from game.core.expressions import BOOL, Context, Expr, ExprError, Scope, compile_expression


@dataclass(slots=True)
class Interpolation:
    expr: Expr


@dataclass(slots=True)
class Conditional:
    branches: list[tuple[Expr | None, "Parts"]]  # None is the else branch


Part = Union[str, Interpolation, Conditional]
Parts = list[Part]

_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,;:!?…])")
_BRANCH_HEAD = re.compile(r"\s*(elif\b|else\s*:)")
_TOP_SPECIAL = re.compile(r"[\\{}]")
_BRANCH_SPECIAL = re.compile(r"[\\{}|]")
_IF_HEAD = re.compile(r"\s*if\b")
MAX_BLOCKS = 2000  # {…} in one text: a paragraph of prose holds a handful, a hostile one millions
MAX_IF_DEPTH = 40  # {if} inside {if}: far more than prose needs, far less than Python's stack
NOTHING: frozenset[str] = frozenset()  # what a plain text reads: one shared empty set, not one per text
SHARED_PLAIN = 40  # plain texts up to this length (choice labels: "Go on.") are one object per load


@dataclass(slots=True)
class Template:
    source: str
    parts: Parts
    reads: frozenset[str]
    nodes: frozenset[str]

    @property
    def is_plain(self) -> bool:
        parts = self.parts
        if len(parts) == 1:  # most texts: one string (asked of every text of a story by its checks)
            return isinstance(parts[0], str)
        return all(isinstance(part, str) for part in parts)

    def render(self, context: Context, *, gaps: tuple[type[BaseException], ...] = (), roll: Any = None) -> str:
        """The text for this state; an expression raising one of `gaps` leaves '…' in its place.

        `roll` is the roll hook for chance() in the text (None: the seeded one, see lang.evaluate).
        """
        text = _render(self.parts, context, gaps, roll)
        if self.is_plain:
            return text
        # Variations that render empty leave doubled spaces and spaces before punctuation.
        return _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()

    def whole_expression(self) -> Expr | None:
        """The expression when the template is exactly one `{expression}`, for typed parameters."""
        if len(self.parts) == 1 and isinstance(self.parts[0], Interpolation):
            return self.parts[0].expr
        return None

    def expressions(self) -> list[Expr]:
        found: list[Expr] = []
        _collect(self.parts, found)
        return found


def literal_strings(parts: Parts) -> Iterator[str]:
    """The literal strings of a template's parts, each branch of an {if …} on its own."""
    for part in parts:
        if isinstance(part, str):
            yield part
        elif isinstance(part, Conditional):
            for _, branch in part.branches:
                yield from literal_strings(branch)


def _collect(parts: Parts, found: list[Expr]) -> None:
    for part in parts:
        if isinstance(part, Interpolation):
            found.append(part.expr)
        elif isinstance(part, Conditional):
            for condition, branch in part.branches:
                if condition is not None:
                    found.append(condition)
                _collect(branch, found)


def _render(parts: Parts, context: Context, gaps: tuple[type[BaseException], ...], roll: Any = None) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Interpolation):
            try:
                out.append(_as_text(part.expr.runner(roll)(context)))
            except gaps:
                out.append("…")
        else:
            try:
                for condition, branch in part.branches:
                    if condition is None or condition.runner(roll)(context):
                        out.append(_render(branch, context, gaps, roll))
                        break
            except gaps:
                out.append("…")
    return "".join(out)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def compile_template(source: str, scope: Scope) -> Template:
    """Parse a template. Raises ExprError with an offset into `source` (code CL037 or the expression's)."""
    plain = plain_template(source, scope)
    if plain is not None:
        return plain
    cache = getattr(scope, "cache", None)
    if cache is None:
        return _compile_template(source, scope)
    key = ("template", source)
    if key in cache:
        return cache[key]
    template = _compile_template(source, scope)
    if not any(expr.random for expr in template.expressions()):
        cache[key] = template
    return template


def plain_template(source: str, scope: Scope) -> Template | None:
    """`compile_template` of a text holding no `{`, `}` or backslash (most prose); None for any other."""
    if _TOP_SPECIAL.search(source):
        return None
    cache = getattr(scope, "cache", None)
    if cache is None or len(source) > SHARED_PLAIN:
        return Template(source, [source] if source else [], NOTHING, NOTHING)
    shared = cache.get(("plain", source))
    if shared is None:
        shared = cache[("plain", source)] = Template(source, [source] if source else [], NOTHING, NOTHING)
    return shared


def _compile_template(source: str, scope: Scope) -> Template:
    parser = _Parser(source, scope)
    parts = parser.parts(0, top=True)
    reads: set[str] = set()
    nodes: set[str] = set()
    collected: list[Expr] = []
    _collect(parts, collected)
    for expr in collected:
        reads |= expr.reads
        nodes |= expr.nodes
    return Template(source, _merge(parts), frozenset(reads) if reads else NOTHING, frozenset(nodes) if nodes else NOTHING)


def _merge(parts: Parts) -> Parts:
    merged: Parts = []
    for part in parts:
        if part.__class__ is str:
            if not part:
                continue
            if merged and merged[-1].__class__ is str:
                merged[-1] += part  # type: ignore[operator]
                continue
        merged.append(part)
    return merged


class _Parser:
    def __init__(self, source: str, scope: Scope) -> None:
        self.source = source
        self.scope = scope
        self.pos = 0
        self.depth = 0
        self.blocks = 0

    def error(self, message: str, offset: int) -> ExprError:
        return ExprError(message, offset, "CL037")

    def parts(self, start: int, *, top: bool) -> Parts:
        """Read text up to the end (top) or to a `|` or `}` that closes a branch."""
        source = self.source
        self.pos = start
        parts: Parts = []
        buffer: list[str] = []
        special = _TOP_SPECIAL if top else _BRANCH_SPECIAL
        while True:
            match = special.search(source, self.pos)
            if match is None:
                buffer.append(source[self.pos:])
                self.pos = len(source)
                break
            index = match.start()
            buffer.append(source[self.pos:index])
            self.pos = index
            char = source[index]
            if char == "\\" and index + 1 < len(source) and source[index + 1] in "|{}\\":
                buffer.append(source[index + 1])
                self.pos += 2
            elif char == "\\":
                buffer.append(char)
                self.pos += 1
            elif char == "{" and source.startswith("{{", index):
                buffer.append("{")
                self.pos += 2
            elif char == "}" and top and source.startswith("}}", index):
                buffer.append("}")
                self.pos += 2
            elif char == "{":
                parts.append("".join(buffer))
                buffer = []
                parts.append(self.block())
            elif char == "}":
                if top:
                    raise self.error("a '}' with no '{' before it; write }} for a brace", index)
                break
            else:  # "|" ends a branch
                break
        parts.append("".join(buffer))
        return _merge(parts)

    def block(self) -> Part:
        opening = self.pos
        self.blocks += 1
        if self.blocks > MAX_BLOCKS:
            raise self.error(f"this text holds more than {MAX_BLOCKS} {{…}}; split it into paragraphs or nodes", opening)
        self.pos += 1
        source = self.source
        if _IF_HEAD.match(source, self.pos):  # matched in place: copying the rest made this quadratic
            if self.depth >= MAX_IF_DEPTH:
                raise self.error(f"'{{if' is nested more than {MAX_IF_DEPTH} deep here; no text needs that many", opening)
            self.depth += 1
            try:
                return self.conditional(opening)
            finally:
                self.depth -= 1
        end = self.closing_brace(self.pos)
        if end < 0:
            raise self.error("this '{' is never closed", opening)
        inner = source[self.pos:end]
        try:
            expr = compile_expression(inner, self.scope)
        except ExprError as error:
            error.offset += self.pos
            raise
        self.pos = end + 1
        return Interpolation(expr)

    def closing_brace(self, start: int) -> int:
        """The `}` that ends an interpolation, skipping quoted strings; -1 if a `{` comes first."""
        return self.scan_to(start, "}", "{")

    def scan_to(self, start: int, stop: str, fail: str) -> int:
        """The index of the first `stop` character outside quotes, or -1 at a `fail` one or the end."""
        quote = ""
        for index in range(start, len(self.source)):
            char = self.source[index]
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"":
                quote = char
            elif char == stop:
                return index
            elif char in fail:
                return -1
        return -1

    def conditional(self, opening: int) -> Conditional:
        source = self.source
        branches: list[tuple[Expr | None, Parts]] = []
        self.pos = source.index("if", self.pos) + 2
        keyword = "if"
        while True:
            if keyword == "else":
                condition = None
            else:
                colon = self.condition_end(self.pos)
                if colon < 0:
                    raise self.error(f"'{{{keyword} …' needs a ':' after its condition", opening)
                try:
                    condition = compile_expression(source[self.pos:colon], self.scope, want=BOOL)
                except ExprError as error:
                    error.offset += self.pos
                    raise
                self.pos = colon + 1
            saved_pos = self.pos
            branch = self.parts(saved_pos, top=False)
            branches.append((condition, _strip(branch)))
            if self.pos >= len(source):
                raise self.error("this '{if' is never closed with '}'", opening)
            if source[self.pos] == "}":
                self.pos += 1
                return Conditional(branches)
            # a '|' starts the next branch: elif COND: or else:
            self.pos += 1
            match = _BRANCH_HEAD.match(source, self.pos)
            if not match or keyword == "else":
                if keyword == "else":
                    raise self.error("nothing may follow the 'else:' branch; end it with '}'", self.pos)
                raise self.error("after '|' write 'elif condition:' or 'else:' (a literal bar is written \\|)", self.pos)
            keyword = "elif" if match.group(1) == "elif" else "else"
            self.pos = match.end()

    def condition_end(self, start: int) -> int:
        """The `:` that ends an `{if`'s condition, skipping quoted strings."""
        return self.scan_to(start, ":", "{}|")


def _strip(parts: Parts) -> Parts:
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return _merge(parts)
