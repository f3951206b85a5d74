"""Safe YAML reading that remembers where every value came from, for file:line:col findings.

The file is composed (parsed, never constructed) with libyaml's C loader when present, then
turned into plain dicts, lists and scalars by our own walk, which refuses object tags, aliases
and merge keys, caps depth and size, and records each value's line and column by its path.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core.diagnostics import ERROR, Diagnostic
from game.core.yaml_mistakes import explain_parse_error, review

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # libyaml is missing: the pure loader is slower but the same
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 48

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Scalars are built by calling the safe constructor's functions directly: its construct_object
# memoises every node it builds, and one shared memo would keep every value of every load alive.
_constructor = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {tag: _constructor.yaml_constructors[tag] for tag in _SCALAR_TAGS}
# libyaml ends a line at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR too; editors and grep do not.
_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_EDITOR_BREAKS = re.compile("\r\n|[\r\n]")


class _StoryLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader with a shortcut for the commonest scalar: plain prose.

    The composer asks `resolve` for every scalar's tag. A plain scalar whose first character
    no implicit resolver looks at (most words do not start with a digit, sign, y/n/t/f/o…) can
    only be a string, so it is answered at once; anything else takes the usual path.
    """

    _interesting_first = frozenset(k for k in _Loader.yaml_implicit_resolvers if k and not k.isalpha())
    # The only plain words the resolvers turn into something else (YAML 1.1 booleans and null).
    _special_words = frozenset(
        form for word in ("yes", "no", "true", "false", "on", "off", "null", "y", "n")
        for form in (word, word.capitalize(), word.upper()))

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0] and value:
            first = value[0]
            if first.isalpha():
                if value not in self._special_words:
                    return _STR
            elif first not in self._interesting_first:
                return _STR
        return super().resolve(kind, value, implicit)

Path_ = tuple  # a path into the document: keys and list indexes


class Where(NamedTuple):
    """Where a value starts: 1-based line and column, and how a scalar was written.

    A named tuple rather than a dataclass: one is made per value, and tuples are made fastest.
    """

    line: int
    col: int
    style: str | None = None  # None (plain), "'", '"', '|' or '>' for scalars


@dataclass
class YamlFile:
    path: Path
    display: str
    data: Any = None
    values: dict[Path_, Where] = field(default_factory=dict)
    keys: dict[Path_, Where] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def where(self, path: Path_, *, key: bool = False) -> Where:
        """The location of a value (or of its key), falling back to its nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Where(1, 1))

    def error(self, path: Path_, message: str, code: str, *, key: bool = False, severity: str = ERROR) -> None:
        where = self.where(path, key=key)
        self.diagnostics.append(Diagnostic(self.display, where.line, where.col, severity, message, code))

    def text_position(self, path: Path_, offset: int) -> tuple[int, int]:
        """Line and column of character `offset` inside the string value at `path`."""
        where = self.where(path)
        if where.style in (None, "'", '"'):
            value = self.data_at(path)
            before = value[:offset] if isinstance(value, str) else ""
            if "\n" not in before:
                return where.line, where.col + offset + (1 if where.style else 0)
            return where.line + before.count("\n"), 1
        # A block scalar: its content starts on the next line, at the block's indentation.
        value = self.data_at(path)
        before = value[:offset] if isinstance(value, str) else ""
        line = where.line + 1 + before.count("\n")
        indent = 0
        for candidate in self.lines[where.line:]:
            if candidate.strip():
                indent = len(candidate) - len(candidate.lstrip(" "))
                break
        column = len(before) - (before.rfind("\n") + 1)
        return line, indent + column + 1

    def data_at(self, path: Path_) -> Any:
        value = self.data
        for step in path:
            try:
                value = value[step]
            except (KeyError, IndexError, TypeError):
                return None
        return value


# path and display -> (the bytes read, duplicate_code, the file as read): for a process that reads the
# same story again and again (the language server), a file whose bytes did not change is not parsed
# again. Off unless `remember_parsed(True)`; one entry a file, so it holds one story's worth.
_parsed: dict[tuple[str, str], tuple[bytes, Any, YamlFile]] | None = None


def remember_parsed(on: bool = True) -> None:
    """Keep each file's parse to reuse while its bytes stay the same (or stop, and forget them)."""
    global _parsed
    _parsed = {} if on else None


def read_yaml(path: Path, display: str, duplicate_code: Callable[[Path_], str] | None = None) -> YamlFile:
    """Read one YAML file. Problems become diagnostics on the result; nothing is raised."""
    if _parsed is None:
        return _read_yaml(path, display, duplicate_code)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
    except OSError:
        raw = None
    key = (str(path), display)
    known = _parsed.get(key)
    if raw is not None and known is not None and known[0] == raw and known[1] is duplicate_code:
        kept = known[2]  # the loader only adds findings to a file, so the rest is shared as it is
        return YamlFile(kept.path, kept.display, kept.data, kept.values, kept.keys, kept.lines, list(kept.diagnostics))
    result = _read_yaml(path, display, duplicate_code)
    if raw is not None:
        _parsed[key] = (raw, duplicate_code, YamlFile(result.path, result.display, result.data, result.values,
                                                      result.keys, result.lines, list(result.diagnostics)))
    return result


def _read_yaml(path: Path, display: str, duplicate_code: Callable[[Path_], str] | None = None) -> YamlFile:
    result = YamlFile(path=path, display=display)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            result.diagnostics.append(Diagnostic(display, 1, 1, ERROR,
                f"file is {size / 1e6:.1f} MB; story files may be at most {MAX_FILE_BYTES // (1024 * 1024)} MB", "CL002"))
            return result
        raw = path.read_bytes()
    except OSError as error:
        result.diagnostics.append(Diagnostic(display, 1, 1, ERROR, f"cannot read the file: {error.strerror or error}", "CL002"))
        return result
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        result.diagnostics.append(Diagnostic(display, line, 1, ERROR, "this is a binary file, not YAML text", "CL002"))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        result.diagnostics.append(Diagnostic(display, line, col, ERROR,
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x})", "CL002"))
        return result
    result.lines = _EDITOR_BREAKS.split(text)
    lines = _Lines(text)
    try:
        root = yaml.compose(text, Loader=_StoryLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = lines.real(mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        if error.context and error.problem:
            problem = f"{error.problem} ({error.context})"
        if "nesting depth" in problem:
            result.diagnostics.append(Diagnostic(display, line, col, ERROR, "nesting is far too deep to be a story", "CL005"))
            return result
        explained = explain_parse_error(result.lines, problem, line, col,
                                        lines.real(error.context_mark.line + 1, error.context_mark.column + 1)[0] if error.context_mark else None)
        if explained is not None:
            result.diagnostics.append(Diagnostic(display, explained.line, explained.col, ERROR, explained.message, explained.code))
            return result
        source_line = result.lines[line - 1] if 0 < line <= len(result.lines) else ""
        if "{" in source_line:
            problem += "; a one-line value holding '{if …: …}' or starting with '{' must be in quotes"
        result.diagnostics.append(Diagnostic(display, line, col, ERROR, f"invalid YAML: {problem}", "CL001"))
        return result
    except yaml.reader.ReaderError as error:
        # A character YAML refuses: point at it, by its code, on one line.
        line, col = lines.at_index(error.position) if isinstance(error.position, int) else (1, 1)
        character = error.character
        shown = f"U+{ord(character) if isinstance(character, str) else character:04X}"
        result.diagnostics.append(Diagnostic(display, line, col, ERROR,
            f"invalid YAML: the character {shown} is not allowed in YAML text ({error.reason})", "CL001"))
        return result
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        result.diagnostics.append(Diagnostic(display, 1, 1, ERROR, f"invalid YAML: {message}", "CL001"))
        return result
    except RecursionError:
        result.diagnostics.append(Diagnostic(display, 1, 1, ERROR, "nesting is far too deep to be a story", "CL005"))
        return result
    if root is None:
        result.data = None
        return result
    walker = _Walker(result, duplicate_code)
    result.data = walker.value(root, (), 0)
    if lines.differ:
        lines.remap(result)
    review(result)
    return result


class _Lines:
    """Turns libyaml's line numbers (which also break at U+0085, U+2028, U+2029) into an editor's."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.differ = any(char in text for char in "\x85\u2028\u2029")
        self.yaml_starts = [0] + [m.end() for m in _YAML_BREAKS.finditer(text)] if self.differ else []
        self._real_starts: list[int] | None = None  # made only when needed: most files never need it

    def at_index(self, index: int) -> tuple[int, int]:
        if self._real_starts is None:
            self._real_starts = [0] + [m.end() for m in _EDITOR_BREAKS.finditer(self.text)]
        line = bisect.bisect_right(self._real_starts, index)
        return line, index - self._real_starts[line - 1] + 1

    def real(self, line: int, col: int) -> tuple[int, int]:
        if not self.differ or not 0 < line <= len(self.yaml_starts):
            return line, col
        return self.at_index(self.yaml_starts[line - 1] + col - 1)

    def remap(self, result: YamlFile) -> None:
        for table in (result.values, result.keys):
            for path, where in table.items():
                table[path] = Where(*self.real(where.line, where.col), where.style)
        result.diagnostics = [Diagnostic(d.path, *self.real(d.line, d.col), d.severity, d.message, d.code)
                              for d in result.diagnostics]


class _Walker:
    def __init__(self, result: YamlFile, duplicate_code: Callable[[Path_], str] | None) -> None:
        self.result = result
        self.seen: set[int] = set()
        self.duplicate_code = duplicate_code

    def report(self, node: Node, message: str, code: str) -> None:
        mark = node.start_mark
        self.result.diagnostics.append(Diagnostic(self.result.display, mark.line + 1, mark.column + 1, ERROR, message, code))

    def value(self, node: Node, path: Path_, depth: int) -> Any:
        mark = node.start_mark
        if isinstance(node, ScalarNode):
            self.result.values[path] = Where(mark.line + 1, mark.column + 1, node.style or None)
            return self.scalar(node)
        if id(node) in self.seen:
            # The composer hands back the anchored node itself; point at the key that used it.
            used_at = self.result.keys.get(path)
            line, col = (used_at.line, used_at.col) if used_at else (mark.line + 1, mark.column + 1)
            self.result.diagnostics.append(Diagnostic(self.result.display, line, col, ERROR,
                "aliases (*name) are not allowed in story files; write the value out", "CL004"))
            return None
        self.seen.add(id(node))
        self.result.values[path] = Where(mark.line + 1, mark.column + 1)
        if depth >= MAX_DEPTH:
            self.report(node, f"nesting deeper than {MAX_DEPTH} levels is not allowed in story files", "CL005")
            return None
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self.report(node, f"the tag {node.tag} is not allowed; story files hold plain data only", "CL003")
                return None
            items = []
            values = self.result.values
            for index, item in enumerate(node.value):
                if item.__class__ is ScalarNode and item.tag == _STR:
                    mark = item.start_mark
                    values[path + (index,)] = Where(mark.line + 1, mark.column + 1, item.style or None)
                    items.append(item.value)
                else:
                    items.append(self.value(item, path + (index,), depth + 1))
            return items
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self.report(node, f"the tag {node.tag} is not allowed; story files hold plain data only", "CL003")
                return None
            mapping: dict[Any, Any] = {}
            keys, values = self.result.keys, self.result.values
            for key_node, value_node in node.value:
                if key_node.tag == _STR and key_node.__class__ is ScalarNode:
                    key = key_node.value
                elif key_node.tag == "tag:yaml.org,2002:merge":
                    self.report(key_node, "merge keys (<<) are not allowed in story files; write the keys out", "CL004")
                    continue
                elif not isinstance(key_node, ScalarNode):
                    self.report(key_node, "a key must be a plain word or string", "CL010")
                    continue
                else:
                    key = self.scalar(key_node)
                    if isinstance(key, float) or key is None:
                        key = key_node.value
                key_mark = key_node.start_mark
                child = path + (key,)
                if key in mapping:
                    code = self.duplicate_code(path) if self.duplicate_code else "CL006"
                    first = keys.get(child)
                    where = f" (first at line {first.line})" if first else ""
                    self.report(key_node, f"'{key}' appears twice in this mapping{where}", code)
                    continue
                keys[child] = Where(key_mark.line + 1, key_mark.column + 1)
                if value_node.__class__ is ScalarNode and value_node.tag == _STR:
                    # The common case, inlined: a plain string value.
                    mark = value_node.start_mark
                    values[child] = Where(mark.line + 1, mark.column + 1, value_node.style or None)
                    mapping[key] = value_node.value
                else:
                    mapping[key] = self.value(value_node, child, depth + 1)
            return mapping
        return None  # pragma: no cover - the composer makes no other kinds

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag in _SCALAR_TAGS:
            try:
                if tag == "tag:yaml.org,2002:timestamp":
                    return node.value  # dates are text to a story
                return _CONSTRUCTORS[tag](_constructor, node)
            except (yaml.YAMLError, ValueError, OverflowError):
                return node.value
        self.report(node, f"the tag {tag} is not allowed; story files hold plain data only", "CL003")
        return None
