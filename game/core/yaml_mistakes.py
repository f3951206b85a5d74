"""YAML mistakes in an author's words: parser errors explained, and shapes that parse but mislead.

`explain_parse_error` turns PyYAML's wording ("mapping values are not allowed in this context")
into what went wrong and how to fix it, on the line the author has to change. `review` looks
at a file that did parse for two quiet traps: ` #` inside unquoted prose, which YAML reads as
the start of a comment and so cuts the text, and YAML 1.1's yes/no/on/off, which this reader
takes for true/false while editors (YAML 1.2) take them for words.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from game.core.diagnostics import WARNING, Diagnostic

TAB_INDENT = "CL090"
COLON_IN_TEXT = "CL091"
BAD_INDENT = "CL092"
HASH_CUTS_TEXT = "CL093"
YES_NO_WORD = "CL094"
# Findings that mean the file could not be read at all, like the parser's own CL001.
PARSE_ERROR_CODES = frozenset({TAB_INDENT, COLON_IN_TEXT, BAD_INDENT})

_KEY = re.compile(r"^(\s*)(-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:(\s|$)")
_YAML11_TRUE_FALSE = {"yes": True, "no": False, "on": True, "off": False}
_YES_NO_WORD = r"(?:[:-][ \t]+|[\[,][ \t]*)(?:yes|no|on|off)[ \t]*(?:[,}}\]#{end}]|$)"
_YES_NO_VALUE = re.compile(_YES_NO_WORD.format(end=""), re.IGNORECASE | re.MULTILINE)
# The same search over a file's text as it is, where a line may also end at a carriage return.
_YES_NO_IN_TEXT = re.compile(_YES_NO_WORD.format(end="\r"), re.IGNORECASE | re.MULTILINE)
# Keys that hold prose a player reads; after an id or a path, ` # note` is an ordinary comment.
_PROSE_KEYS = frozenset({"text", "title", "reason", "status", "blurb", "inspired_by", "description"})


class Explained(NamedTuple):
    line: int
    col: int
    message: str
    code: str


def explain_parse_error(lines: list[str], problem: str, line: int, col: int, context_line: int | None) -> Explained | None:
    """An author's message for a parser error at 1-based `line`/`col`, or None to keep the parser's."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "tab" in problem or _tab_indented(text):
        tab_line = line if _tab_indented(text) else _nearest_tab_line(lines, line)
        if tab_line is not None:
            return Explained(tab_line, 1, "this line is indented with a tab; YAML indentation must be spaces: use spaces", TAB_INDENT)
    if "mapping values are not allowed" in problem:
        return _colon_problem(lines, line, col)
    if "expected '-' indicator" in problem or "expected <block end>" in problem or "expected key" in problem:
        return _outdented(lines, line, context_line)
    return None


def _tab_indented(text: str) -> bool:
    return "\t" in text[: len(text) - len(text.lstrip(" \t"))]


def _nearest_tab_line(lines: list[str], line: int) -> int | None:
    for number in range(line, max(0, line - 3), -1):
        if 0 < number <= len(lines) and _tab_indented(lines[number - 1]):
            return number
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _previous_line(lines: list[str], line: int) -> int | None:
    """The nearest line above `line` holding something other than a comment."""
    for number in range(line - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _key_column(text: str) -> tuple[str, int] | None:
    """The key a line starts with and its 1-based column (after a list dash), if it starts with one."""
    match = _KEY.match(text)
    return (match.group(3), match.start(3) + 1) if match else None


def _colon_problem(lines: list[str], line: int, col: int) -> Explained | None:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    own = _key_column(text)
    if own is not None:
        key, key_col = own
        first_colon = text.index(":", key_col - 1) + 1
        if col > first_colon:
            value = text[first_colon:].strip()
            what = "the title" if key == "title" else "this text" if key in ("text", "reason", "status") else f"the value of '{key}'"
            return Explained(line, col, f"{what} holds ': ', which YAML reads as the start of another key; "
                             f"put {what} in quotes: {key}: \"{value}\"", COLON_IN_TEXT)
    above = _previous_line(lines, line)
    if own is None or above is None:
        return None
    key, key_col = own
    above_text = lines[above - 1]
    above_key = _key_column(above_text)
    if _indent(text) <= _indent(above_text) or above_key is None:
        return None
    before = _previous_line(lines, above)
    before_key = _key_column(lines[before - 1]) if before is not None else None
    if before_key is not None and not above_text.lstrip().startswith("-") and above_key[1] < before_key[1]:
        # The line above was moved left out of its mapping; the lines after it still sit deeper.
        moved_key, _ = above_key
        target_key, target_col = before_key
        return Explained(above, _indent(above_text) + 1,
                         f"'{moved_key}:' is indented less than the lines around it, so the list above ends here; "
                         f"indent '{moved_key}:' to column {target_col}, in line with '{target_key}:' on line {before}", BAD_INDENT)
    name, above_col = above_key
    return Explained(line, key_col, f"'{key}:' is indented deeper than '{name}:' on line {above}, so YAML reads it as more of "
                     f"that value; indent '{key}:' to column {above_col}, in line with '{name}:'", BAD_INDENT)


def _outdented(lines: list[str], line: int, context_line: int | None) -> Explained | None:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    own = _key_column(text)
    if own is None or context_line is None or not 0 < context_line <= len(lines):
        return None
    key, key_col = own
    item = lines[context_line - 1]
    item_key = _key_column(item)
    if item_key is None:
        return None
    name, item_col = item_key
    if key_col < item_col:
        owner = "its choice" if item.lstrip().startswith("-") else f"'{name}:'"
        return Explained(line, key_col, f"'{key}:' is indented less than '{name}:' on line {context_line}; "
                         f"indent '{key}:' under {owner}, to column {item_col}", BAD_INDENT)
    return None


# -- files that parsed but do not say what the author meant ---------------------------

@lru_cache(maxsize=None)
def _text_only_keys() -> tuple[frozenset[str], frozenset[str]]:
    """Keys whose value is always text, and keys whose list items are always text (from the schema)."""
    from game.core.schema import SCHEMA

    defs = SCHEMA["$defs"]
    scalar_types: dict[str, set[str]] = {}
    item_types: dict[str, set[str]] = {}

    def types_of(schema: Any) -> tuple[set[str], set[str]]:
        if "$ref" in schema:
            return types_of(defs[schema["$ref"].rsplit("/", 1)[-1]])
        if "oneOf" in schema:
            scalars, items = set(), set()
            for option in schema["oneOf"]:
                more_scalars, more_items = types_of(option)
                scalars |= more_scalars
                items |= more_items
            return scalars, items
        kind = schema.get("type", "enum" if "enum" in schema else "any")
        kinds = set(kind) if isinstance(kind, list) else {kind}
        items = types_of(schema["items"])[0] if "array" in kinds and "items" in schema else set()
        return kinds, items

    def visit(schema: Any) -> None:
        if isinstance(schema, dict):
            for name, sub in (schema.get("properties") or {}).items():
                scalars, items = types_of(sub)
                scalar_types.setdefault(name, set()).update(scalars)
                item_types.setdefault(name, set()).update(items)
            for value in schema.values():
                visit(value)
        elif isinstance(schema, list):
            for value in schema:
                visit(value)

    visit(SCHEMA)
    text_keys = frozenset(n for n, kinds in scalar_types.items() if "string" in kinds and "boolean" not in kinds and "any" not in kinds)
    text_items = frozenset(n for n, kinds in item_types.items() if kinds == {"string"})
    return text_keys, text_items


def review(file: Any, *, yes_no_words: bool = True) -> None:
    """Add warnings for ` #` cutting unquoted prose and for yes/no words where text is expected.

    `yes_no_words`: whether the file may hold a bare yes, no, on or off read as true or false
    (the reader knows; False spares searching the text for one).

    A yes/no word where only text fits is put back as the word the author wrote, so the game,
    the checker and an editor reading YAML 1.2 all agree on it; the warning says to quote it.
    """
    text = file.text
    if text and " #" not in text and "\t#" not in text and (not yes_no_words or not _YES_NO_IN_TEXT.search(text)):
        return  # the common case, seen in the text as it is: nothing to look at, so it is not split into lines
    lines = file.lines
    hash_lines = {number for number, text in enumerate(lines, 1) if " #" in text or "\t#" in text}
    if not hash_lines and not _YES_NO_VALUE.search("\n".join(lines)):
        return  # the common case: nothing to look at, so the values are not walked
    text_keys, text_items = _text_only_keys()
    stack: list[tuple[Any, tuple]] = [(file.data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(child, (dict, list)):
                    stack.append((child, path + (key,)))
                elif key in text_keys:
                    _check_text(file, value, key, child, path + (key,), hash_lines)
        elif isinstance(value, list):
            holder = path[-1] if path else None
            for index, child in enumerate(value):
                if isinstance(child, (dict, list)):
                    stack.append((child, path + (index,)))
                elif holder in text_items:
                    _check_text(file, value, index, child, path + (index,), hash_lines)


def _check_text(file: Any, container: Any, slot: Any, value: Any, path: tuple, hash_lines: set[int]) -> None:
    where = file.values.get(path)
    if where is None or where.style is not None:
        return
    if isinstance(value, bool):
        source = file.lines[where.line - 1][where.col - 1:] if where.line <= len(file.lines) else ""
        word = re.match(r"[A-Za-z]+", source)
        if word and word.group(0).lower() in _YAML11_TRUE_FALSE:
            written = word.group(0)
            container[slot] = written
            file.diagnostics.append(Diagnostic(file.display, where.line, where.col, WARNING,
                f"YAML 1.1 reads a bare {written} as {'true' if value else 'false'}, and editors read it as a word; "
                f"it is taken as the text '{written}' here: put it in quotes (\"{written}\") to say so", YES_NO_WORD))
        return
    prose = (path[-2] if isinstance(slot, int) and len(path) > 1 else slot) in _PROSE_KEYS
    if prose and isinstance(value, str) and where.line in hash_lines and "\n" not in value:
        rest = file.lines[where.line - 1][where.col - 1 + len(value):]
        comment = re.match(r"\s+#\s?(.*)", rest)
        if comment and rest.startswith((" ", "\t")):
            file.diagnostics.append(Diagnostic(file.display, where.line, where.col + len(value) + 1, WARNING,
                f"the text stops at ' #': YAML reads '#{comment.group(1)[:40]}' as a comment, so the player sees only "
                f"'{value}'; put the whole text in quotes to keep it", HASH_CUTS_TEXT))
