"""Safe YAML reading that remembers where every value came from, for file:line:col findings.

The file is parsed (never constructed) with libyaml's C parser when present, and its events are
turned into plain dicts, lists and scalars by our own builder (yamlevents), which refuses object
tags, aliases and merge keys, caps depth and size, and records each value's line and column.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from game.core.diagnostics import ERROR, Diagnostic
from game.core.load_cache import LOAD_CACHE
from game.core.yamlevents import (_KEY_SHIFT, _LINE_SHIFT, _STYLES, _VALUE_MASK, Path_, Where, _Builder, _constructor,  # noqa: F401
                                  _Loader, _pack, _StoryLoader, _unpack)
from game.core.yaml_mistakes import explain_parse_error, review

MAX_FILE_BYTES = 8 * 1024 * 1024
# libyaml ends a line at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR too; editors and grep do not.
_YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_EDITOR_BREAKS = re.compile("\r\n|[\r\n]")

def entry_spot(entry: Any, *, key: bool = False) -> tuple[int, int] | None:
    """Line and column of a child's value (or key) from its entry in `entries_below`, or None
    when none was kept (a refused value, or a list item's key): `spot` then finds the nearest."""
    if entry is None:
        return None
    packed = entry[0] if entry.__class__ is tuple else entry
    packed = packed >> _KEY_SHIFT if key else packed & _VALUE_MASK
    return (packed >> _LINE_SHIFT, (packed >> 3) & 0xFFFFFF) if packed else None


class _Table:
    """`values` or `keys` of a file, looked up by exact path (yaml_mistakes asks for values this way)."""

    def __init__(self, file: "YamlFile", key: bool) -> None:
        self.file, self.key = file, key

    def get(self, path: Path_, default: Where | None = None) -> Where | None:
        found = self.file.exact(path, key=self.key)
        return default if found is None else found

    def __contains__(self, path: Path_) -> bool:
        return self.file.exact(path, key=self.key) is not None

    def __getitem__(self, path: Path_) -> Where:
        found = self.file.exact(path, key=self.key)
        if found is None:
            raise KeyError(path)
        return found


@dataclass
class YamlFile:
    path: Path
    display: str
    data: Any = None
    root: int = 0  # the packed position of the whole document
    tree: Any = None  # the entries of the document's children (see above)
    text: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _lines: list[str] | None = field(default=None, repr=False)
    _walks: dict[Path_, tuple[tuple[int, ...], Any]] = field(default_factory=dict, repr=False)

    @property
    def lines(self) -> list[str]:
        """The file's lines as an editor counts them, split from its text when first asked for."""
        if self._lines is None:
            self._lines = _EDITOR_BREAKS.split(self.text) if self.text else []
        return self._lines

    @lines.setter
    def lines(self, lines: list[str]) -> None:
        self._lines = lines

    def shared(self) -> "YamlFile":
        """Another YamlFile over the same data and positions, with its own list of findings (and its own release)."""
        return YamlFile(self.path, self.display, self.data, self.root, self.tree, self.text, list(self.diagnostics),
                        self._lines)

    def release(self) -> None:
        """Let go of the data, positions and lines once everything has been read from them."""
        self.data = self.tree = self._lines = None
        self._walks = {}
        self.text = ""

    @property
    def values(self) -> _Table:
        return _Table(self, False)

    @property
    def keys(self) -> _Table:
        return _Table(self, True)

    def _entries(self, path: Path_) -> tuple[int, ...]:
        """The packed entries along `path`, as deep as the document goes."""
        return self._walk(tuple(path))[0]

    def _walk(self, path: Path_) -> tuple[tuple[int, ...], Any]:
        """(the entries along `path` as deep as they go, the children's entries reached at its end).

        Walks are remembered (the last few hundred), as the loader asks for a node's or a choice's
        keys one after another: each of those then costs one step, not a walk from the top.
        """
        if not path:
            return (), self.tree
        known = self._walks.get(path)
        if known is not None:
            return known
        entries, record = self._walk(path[:-1])
        entry = None
        if record is not None and len(entries) == len(path) - 1:
            step = path[-1]
            if record.__class__ is dict:
                try:
                    entry = record.get(step)
                except TypeError:
                    entry = None
            elif step.__class__ is int and 0 <= step < len(record):
                entry = record[step]
        if entry is None:
            walked: tuple[tuple[int, ...], Any] = (entries, None)
        elif entry.__class__ is tuple:
            walked = (entries + (entry[0],), entry[1])
        else:
            walked = (entries + (entry,), None)
        if len(self._walks) >= 512:
            self._walks.clear()
        self._walks[path] = walked
        return walked

    def entries_below(self, path: Path_) -> Any:
        """The entries of the children of the container at exactly `path` (a dict or a list), or None.

        The loader reads a node's keys and its choices from these one step at a time
        (`entry_spot`), rather than walking down from the top for each value.
        """
        entries, record = self._walk(tuple(path))
        return record if len(entries) == len(path) else None

    def exact(self, path: Path_, *, key: bool = False) -> Where | None:
        """Where the value (or the key) at exactly `path` was written, or None."""
        path = tuple(path)
        if not path:
            return None if key else _unpack(self.root)
        entries = self._entries(path)
        if len(entries) != len(path):
            return None
        packed = entries[-1]
        return _unpack(packed >> _KEY_SHIFT if key else packed & ((1 << _KEY_SHIFT) - 1))

    def where(self, path: Path_, *, key: bool = False) -> Where:
        """The location of a value (or of its key), falling back to its nearest parent."""
        line, col, style = self.spot(path, key=key)
        return Where(line, col, _STYLES[style])

    def spot(self, path: Path_, *, key: bool = False) -> tuple[int, int, int]:
        """`where` as (line, col, style code), without making a Where: the loader asks this per value."""
        walked = self._walks.get(path) if path.__class__ is tuple else None
        if walked is None:
            walked = self._walk(tuple(path))
        for packed in reversed(walked[0]):
            if key and packed >> _KEY_SHIFT:
                packed >>= _KEY_SHIFT
                return packed >> _LINE_SHIFT, (packed >> 3) & 0xFFFFFF, packed & 7
            packed &= _VALUE_MASK
            if packed:
                return packed >> _LINE_SHIFT, (packed >> 3) & 0xFFFFFF, packed & 7
        packed = self.root
        return (packed >> _LINE_SHIFT, (packed >> 3) & 0xFFFFFF, packed & 7) if packed else (1, 1, 0)

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
                return self._folded_position(where.line, where.col - 1 + (1 if where.style else 0), offset)
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

    def _folded_position(self, line: int, start: int, offset: int) -> tuple[int, int]:
        """Where character `offset` of a one-line or folded scalar beginning at (line, start + 1) is.

        YAML folds a scalar written over several lines into one, each line break (with the next
        line's indentation) read as a space, so an offset past the first line's end lies on a later line.
        """
        lines = self.lines
        left = offset
        while 0 < line <= len(lines):
            text = lines[line - 1][start:].rstrip()
            if left <= len(text) or line == len(lines):
                return line, start + min(left, len(text)) + 1
            left -= len(text) + 1  # the space the line break was folded into
            line += 1
            following = lines[line - 1]
            start = len(following) - len(following.lstrip())
        return max(1, min(line, len(lines))), 1

    def data_at(self, path: Path_) -> Any:
        value = self.data
        for step in path:
            try:
                value = value[step]
            except (KeyError, IndexError, TypeError):
                return None
        return value


def read_yaml(path: Path, display: str, duplicate_code: Callable[[Path_], str] | None = None) -> YamlFile:
    """Read one YAML file. Problems become diagnostics on the result; nothing is raised.

    While LOAD_CACHE keeps parses (the language server's loads), a file whose bytes did not change is not parsed again."""
    kept = LOAD_CACHE.parsed
    if kept is None:
        return _read_yaml(path, display, duplicate_code)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
    except OSError:
        raw = None
    key = (str(path), display)
    known = kept.get(key)
    if raw is not None and known is not None and known[0] == raw and known[1] is duplicate_code:
        return known[2].shared()  # the loader only adds findings to a file, so the rest is shared as it is
    result = _read_yaml(path, display, duplicate_code)
    if raw is not None:
        kept[key] = (raw, duplicate_code, result.shared())
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
    result.text = text
    lines = _Lines(text)
    try:
        loader = _StoryLoader(text)
        try:
            builder = _Builder(display, duplicate_code, loader)
            result.data = builder.document()
            result.root, result.tree = builder.root, builder.tree
            result.diagnostics.extend(builder.found)
        finally:
            loader.dispose()
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
        index = _character_index(text, error.position) if isinstance(error.position, int) else 0
        line, col = lines.at_index(index)
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
    if lines.differ:
        lines.remap(result)
    review(result, yes_no_words=builder.yes_no_words)
    result._lines = None  # split again only if a finding needs a line (most files never do)
    return result


def _character_index(text: str, position: int) -> int:
    """The character a reader error points at: libyaml counts its position in UTF-8 bytes, the pure
    loader in characters, so after any non-ASCII character the two differ."""
    if _Loader.__name__ != "CSafeLoader":
        return position
    return len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))


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
            return self.inside(line, col)
        return self.at_index(self.yaml_starts[line - 1] + col - 1)

    def inside(self, line: int, col: int) -> tuple[int, int]:
        """A position at most just past the file's last character.

        libyaml ends a file that has no final line break with one of its own, so an error at the
        end of such a file is reported on a line after the last: it belongs at the end of the last.
        """
        if self.text.endswith(("\n", "\r")) or not self.text:
            return line, col
        last = len(_EDITOR_BREAKS.findall(self.text)) + 1
        if line <= last:
            return line, col
        return last, len(self.text) - max(self.text.rfind("\n"), self.text.rfind("\r"))

    def remap(self, result: YamlFile) -> None:
        result.root = self.moved(result.root)
        result._walks = {}  # forget any remembered walk: its positions are the old ones
        stack = [result.tree]
        while stack:
            record = stack.pop()
            for slot, entry in (record.items() if record.__class__ is dict else enumerate(record or ())):
                if entry.__class__ is tuple:
                    record[slot] = (self.moved_entry(entry[0]), entry[1])
                    stack.append(entry[1])
                else:
                    record[slot] = self.moved_entry(entry)
        result.diagnostics = [Diagnostic(d.path, *self.real(d.line, d.col), d.severity, d.message, d.code)
                              for d in result.diagnostics]


    def moved(self, packed: int) -> int:
        where = _unpack(packed)
        return _pack(*self.real(where.line, where.col), where.style) if where else 0

    def moved_entry(self, entry: int) -> int:
        mask = (1 << _KEY_SHIFT) - 1
        return (self.moved(entry >> _KEY_SHIFT) << _KEY_SHIFT) | self.moved(entry & mask)

