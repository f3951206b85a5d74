"""Safe YAML reading that remembers where every value came from, for file:line:col findings.

The file is composed (parsed, never constructed) with libyaml's C loader when present, then
turned into plain dicts, lists and scalars by our own walk, which refuses object tags, aliases
and merge keys, caps depth and size, and records each value's line and column by its path.
"""
from __future__ import annotations

import bisect
import operator
import re
from sys import intern
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
_YES_NO_WORDS = frozenset({"yes", "no", "on", "off"})
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

    if not _Loader.yaml_path_resolvers:
        # The composer tells the resolver of every step down and up the document, for path
        # resolvers; there are none, so C functions that take the same arguments stand in for
        # the two Python calls per node (8% of composing a large story).
        descend_resolver = operator.is_
        ascend_resolver = tuple

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

    Made only when a position is asked for; the file keeps each as one packed integer (see below).
    """

    line: int
    col: int
    style: str | None = None  # None (plain), "'", '"', '|' or '>' for scalars


# Positions are kept in a tree shaped like the data, one small integer per value, rather than in
# tables keyed by path: on a 100,000-node story the tables held 1.5 million tuples, most of the
# memory of a check. A position packs line, column and style; an entry packs the key's position
# (0 for a list item) and the value's (0 when the value was refused, an alias); a container's entry
# is (packed, its own children's entries), a dict for a mapping, a list for a sequence.
_STYLES = (None, "'", '"', "|", ">")
_STYLE_CODE = {style: code for code, style in enumerate(_STYLES)}
_LINE_SHIFT = 27  # col < 2^24 and 3 bits of style below the line
_KEY_SHIFT = 51  # one packed position fits in 51 bits
_VALUE_MASK = (1 << _KEY_SHIFT) - 1


def _pack(line: int, col: int, style: str | None = None) -> int:
    return (line << _LINE_SHIFT) | (col << 3) | _STYLE_CODE.get(style, 0)


def _unpack(packed: int) -> Where | None:
    if not packed:
        return None
    return Where(packed >> _LINE_SHIFT, (packed >> 3) & 0xFFFFFF, _STYLES[packed & 7])


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
        return known[2].shared()  # the loader only adds findings to a file, so the rest is shared as it is
    result = _read_yaml(path, display, duplicate_code)
    if raw is not None:
        _parsed[key] = (raw, duplicate_code, result.shared())
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
    if root is None:
        result.data = None
        return result
    walker = _Walker(result, duplicate_code, anchors="&" in text)
    result.data = walker.document(root)
    if lines.differ:
        lines.remap(result)
    review(result, yes_no_words=walker.yes_no_words)
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


class _Walker:
    """Turns composed nodes into plain data and the tree of positions beside it."""

    def __init__(self, result: YamlFile, duplicate_code: Callable[[Path_], str] | None, anchors: bool = True) -> None:
        self.result = result
        # Only an anchored node (&name) can be met twice: without an '&' in the file, none is looked for.
        self.seen: set[int] | None = set() if anchors else None
        self.yes_no_words = False  # whether a bare yes, no, on or off was read as true or false
        self.duplicate_code = duplicate_code

    def report(self, node: Node, message: str, code: str) -> None:
        mark = node.start_mark
        self.result.diagnostics.append(Diagnostic(self.result.display, mark.line + 1, mark.column + 1, ERROR, message, code))

    def document(self, node: Node) -> Any:
        mark = node.start_mark
        if node.__class__ is ScalarNode:
            self.result.root = _pack(mark.line + 1, mark.column + 1, node.style or None)
            return self.scalar(node)
        self.result.root = _pack(mark.line + 1, mark.column + 1)
        value, entry = self.value(node, (), 0, 0)
        self.result.tree = entry[1] if entry.__class__ is tuple else None
        return value

    def value(self, node: Node, path: Path_, depth: int, key_packed: int) -> tuple[Any, Any]:
        """(the value of a container node, its entry); `key_packed` is its key's position, shifted."""
        mark = node.start_mark
        seen = self.seen
        if seen is not None and id(node) in seen:
            # The composer hands back the anchored node itself; point at the key that used it.
            used_at = _unpack(key_packed >> _KEY_SHIFT)
            line, col = (used_at.line, used_at.col) if used_at else (mark.line + 1, mark.column + 1)
            self.result.diagnostics.append(Diagnostic(self.result.display, line, col, ERROR,
                "aliases (*name) are not allowed in story files; write the value out", "CL004"))
            return None, key_packed
        if seen is not None:
            seen.add(id(node))
        packed = key_packed | ((mark.line + 1) << _LINE_SHIFT) | ((mark.column + 1) << 3)
        if depth >= MAX_DEPTH:
            self.report(node, f"nesting deeper than {MAX_DEPTH} levels is not allowed in story files", "CL005")
            return None, packed
        if node.__class__ is SequenceNode:
            if node.tag != _SEQ:
                self.report(node, f"the tag {node.tag} is not allowed; story files hold plain data only", "CL003")
                return None, packed
            items: list[Any] = []
            entries: list[Any] = []
            for index, item in enumerate(node.value):
                mark = item.start_mark
                if item.__class__ is ScalarNode:
                    entries.append(((mark.line + 1) << _LINE_SHIFT) | ((mark.column + 1) << 3) | _STYLE_CODE.get(item.style, 0))
                    items.append(item.value if item.tag == _STR else self.scalar(item))
                else:
                    value, entry = self.value(item, path + (index,), depth + 1, 0)
                    items.append(value)
                    entries.append(entry)
            return items, (packed, entries)
        if node.__class__ is MappingNode:
            if node.tag != _MAP:
                self.report(node, f"the tag {node.tag} is not allowed; story files hold plain data only", "CL003")
                return None, packed
            mapping: dict[Any, Any] = {}
            children: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _STR and key_node.__class__ is ScalarNode:
                    key = intern(key_node.value)  # "text", "to"…: one string for every node, not one each
                elif key_node.tag == "tag:yaml.org,2002:merge":
                    self.report(key_node, "merge keys (<<) are not allowed in story files; write the keys out", "CL004")
                    continue
                elif key_node.__class__ is not ScalarNode:
                    self.report(key_node, "a key must be a plain word or string", "CL010")
                    continue
                else:
                    key = self.scalar(key_node)
                    if isinstance(key, float) or key is None:
                        key = key_node.value
                if key in mapping:
                    code = self.duplicate_code(path) if self.duplicate_code else "CL006"
                    first = children.get(key)
                    first_key = _unpack((first[0] if first.__class__ is tuple else first) >> _KEY_SHIFT) if first is not None else None
                    where = f" (first at line {first_key.line})" if first_key else ""
                    self.report(key_node, f"'{key}' appears twice in this mapping{where}", code)
                    continue
                key_mark = key_node.start_mark
                key_packed = (((key_mark.line + 1) << _LINE_SHIFT) | ((key_mark.column + 1) << 3)) << _KEY_SHIFT
                if value_node.__class__ is ScalarNode:
                    # The common case, inlined: a plain value.
                    mark = value_node.start_mark
                    children[key] = key_packed | ((mark.line + 1) << _LINE_SHIFT) | ((mark.column + 1) << 3) \
                        | _STYLE_CODE.get(value_node.style, 0)
                    mapping[key] = value_node.value if value_node.tag == _STR else self.scalar(value_node)
                else:
                    mapping[key], children[key] = self.value(value_node, path + (key,), depth + 1, key_packed)
            return mapping, (packed, children)
        return None, packed  # pragma: no cover - the composer makes no other kinds

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag in _SCALAR_TAGS:
            try:
                if tag == "tag:yaml.org,2002:timestamp":
                    return node.value  # dates are text to a story
                if tag == "tag:yaml.org,2002:bool" and node.value.lower() in _YES_NO_WORDS:
                    self.yes_no_words = True
                return _CONSTRUCTORS[tag](_constructor, node)
            except (yaml.YAMLError, ValueError, OverflowError):
                return node.value
        self.report(node, f"the tag {tag} is not allowed; story files hold plain data only", "CL003")
        return None
