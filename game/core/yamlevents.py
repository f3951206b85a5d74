"""libyaml's events turned straight into plain data and a tree of packed positions, refusing what a story may not hold.

Object tags, aliases of mappings and lists, merge keys and keys that are not words become findings;
depth is capped. Positions pack line, column and scalar style into one integer a value (see below).
"""
from __future__ import annotations

from sys import intern
from typing import Any, Callable, NamedTuple

import yaml
from yaml.composer import ComposerError
from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.nodes import ScalarNode

from game.core.diagnostics import ERROR, Diagnostic

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # libyaml is missing: the pure loader is slower but the same
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

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


class _Builder:
    """Builds plain data and the tree of positions beside it straight from libyaml's events.

    No node objects are composed: each event becomes its value at once (on a large story, making
    and then walking the composer's nodes was most of the reading). Findings are kept apart until the
    whole file has parsed, so a file that turns out not to be YAML has only its parse error.
    """

    def __init__(self, display: str, duplicate_code: Callable[[Path_], str] | None, loader: Any) -> None:
        self.display = display
        self.root = 0  # the packed position of the whole document, and the entries of its children
        self.tree: Any = None
        self.found: list[Diagnostic] = []
        self.next_event = loader.get_event
        self.resolve = loader.resolve
        self.anchors: dict[str, tuple[Any, ScalarNode | None]] = {}  # name -> (its mark, its scalar or None)
        self.yes_no_words = False  # whether a bare yes, no, on or off was read as true or false
        self.duplicate_code = duplicate_code

    def report(self, mark: Any, message: str, code: str) -> None:
        self.found.append(Diagnostic(self.display, mark.line + 1, mark.column + 1, ERROR, message, code))

    def document(self) -> Any:
        """The file's value, or None for an empty stream; then `root`, `tree` and `found` are its positions and findings."""
        next_event = self.next_event
        next_event()  # the stream's start
        event = next_event()
        if event.__class__ is StreamEndEvent:
            return None
        event = next_event()  # past the document's start: its first node
        first = event.start_mark
        tree = None
        if event.__class__ is ScalarEvent or event.__class__ is AliasEvent:
            node = self.scalar_node(event)
            root = _pack(first.line + 1, first.column + 1, node.style or None) if node is not None else 0
            data = self.scalar(node) if node is not None else None
        else:
            root = _pack(first.line + 1, first.column + 1)
            data, entry = self.container(event, (), 0, 0)
            tree = entry[1] if entry.__class__ is tuple else None
        next_event()  # the document's end
        event = next_event()
        if event.__class__ is not StreamEndEvent:
            raise ComposerError("expected a single document in the stream", first, "but found another document", event.start_mark)
        self.root, self.tree = root, tree
        return data

    def scalar_node(self, event: Any) -> ScalarNode | None:
        """A scalar event (or an alias of a scalar) as the composer's node; None for an alias of a container."""
        if event.__class__ is AliasEvent:
            known = self.anchors.get(event.anchor)
            if known is None:
                raise ComposerError(None, None, "found undefined alias", event.start_mark)
            return known[1]
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(ScalarNode, event.value, event.implicit)
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        if event.anchor is not None:
            self.anchor(event, node)
        return node

    def anchor(self, event: Any, node: ScalarNode | None) -> None:
        first = self.anchors.get(event.anchor)
        if first is not None:
            raise ComposerError("found duplicate anchor; first occurrence", first[0], "second occurrence", event.start_mark)
        self.anchors[event.anchor] = (event.start_mark, node)

    def skip(self, event: Any) -> None:
        """Read past a value that is refused, keeping its anchors (a later alias to them is still refused)."""
        depth = 0
        while True:
            kind = event.__class__
            if kind is ScalarEvent or kind is AliasEvent:
                if kind is ScalarEvent and event.anchor is not None:
                    self.scalar_node(event)
                elif kind is AliasEvent and event.anchor not in self.anchors:
                    raise ComposerError(None, None, "found undefined alias", event.start_mark)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None:
                    self.anchor(event, None)
                depth += 1
            else:
                depth -= 1
            if depth <= 0:
                return
            event = self.next_event()

    def container(self, event: Any, path: Path_, depth: int, key_packed: int) -> tuple[Any, Any]:
        """(the value of the mapping or sequence that `event` starts, its entry); `key_packed` is its key's position, shifted."""
        mark = event.start_mark
        kind = event.__class__
        if kind is AliasEvent:
            known = self.anchors.get(event.anchor)
            if known is None:
                raise ComposerError(None, None, "found undefined alias", mark)
            # An alias stands for the anchored value itself; point at the key that used it.
            used_at = _unpack(key_packed >> _KEY_SHIFT)
            line, col = (used_at.line, used_at.col) if used_at else (known[0].line + 1, known[0].column + 1)
            self.found.append(Diagnostic(self.display, line, col, ERROR,
                "aliases (*name) are not allowed in story files; write the value out", "CL004"))
            return None, key_packed
        if event.anchor is not None:
            self.anchor(event, None)
        packed = key_packed | ((mark.line + 1) << _LINE_SHIFT) | ((mark.column + 1) << 3)
        tag = event.tag
        if depth >= MAX_DEPTH:
            self.report(mark, f"nesting deeper than {MAX_DEPTH} levels is not allowed in story files", "CL005")
            self.skip_children(kind)
            return None, packed
        if tag is not None and tag != "!" and tag != (_SEQ if kind is SequenceStartEvent else _MAP):
            self.report(mark, f"the tag {tag} is not allowed; story files hold plain data only", "CL003")
            self.skip_children(kind)
            return None, packed
        next_event = self.next_event
        resolve = self.resolve
        plain_words = _StoryLoader._special_words
        interesting = _StoryLoader._interesting_first
        if kind is SequenceStartEvent:
            items: list[Any] = []
            entries: list[Any] = []
            item = next_event()
            while item.__class__ is not SequenceEndEvent:
                item_kind = item.__class__
                if item_kind is ScalarEvent or (item_kind is AliasEvent and self.aliases_scalar(item)):
                    node = self.scalar_node(item)
                    mark = node.start_mark
                    entries.append(((mark.line + 1) << _LINE_SHIFT) | ((mark.column + 1) << 3) | _STYLE_CODE.get(node.style, 0))
                    items.append(self.scalar(node))
                else:
                    value, entry = self.container(item, path + (len(items),), depth + 1, 0)
                    items.append(value)
                    entries.append(entry)
                item = next_event()
            return items, (packed, entries)
        mapping: dict[Any, Any] = {}
        children: dict[Any, Any] = {}
        while True:
            key_event = next_event()
            if key_event.__class__ is ScalarEvent and key_event.anchor is None and key_event.tag is None \
                    and not key_event.style and key_event.value[:1].isalpha() and key_event.value not in plain_words:
                key = intern(key_event.value)  # a plain word, the common key: "text", "to"…, one string for every node
                key_mark = key_event.start_mark
            elif key_event.__class__ is MappingEndEvent:
                return mapping, (packed, children)
            else:
                read = self.key(key_event)
                if read is None:
                    continue
                key, key_mark = read
            if key in mapping:
                code = self.duplicate_code(path) if self.duplicate_code else "CL006"
                first = children.get(key)
                first_key = _unpack((first[0] if first.__class__ is tuple else first) >> _KEY_SHIFT) if first is not None else None
                where = f" (first at line {first_key.line})" if first_key else ""
                self.report(key_mark, f"'{key}' appears twice in this mapping{where}", code)
                self.skip(next_event())
                continue
            key_packed = (((key_mark.line + 1) << _LINE_SHIFT) | ((key_mark.column + 1) << 3)) << _KEY_SHIFT
            item = next_event()
            item_kind = item.__class__
            if item_kind is ScalarEvent and item.anchor is None:
                # The common case, inlined: a plain value.
                value = item.value
                tag = item.tag
                if tag is None and not item.style and value:  # plain: libyaml says "", the pure parser None
                    first = value[0]
                    if (first not in interesting) if not first.isalpha() else (value not in plain_words):
                        tag = _STR
                mark = item.start_mark
                children[key] = key_packed | ((mark.line + 1) << _LINE_SHIFT) | ((mark.column + 1) << 3) \
                    | _STYLE_CODE.get(item.style, 0)
                if tag is None or tag == "!":
                    tag = resolve(ScalarNode, value, item.implicit)
                mapping[key] = value if tag == _STR else self.scalar(ScalarNode(tag, value, mark, item.end_mark, item.style))
            elif item_kind is ScalarEvent or (item_kind is AliasEvent and self.aliases_scalar(item)):
                node = self.scalar_node(item)
                mark = node.start_mark
                children[key] = key_packed | ((mark.line + 1) << _LINE_SHIFT) | ((mark.column + 1) << 3) \
                    | _STYLE_CODE.get(node.style, 0)
                mapping[key] = self.scalar(node)
            else:
                mapping[key], children[key] = self.container(item, path + (key,), depth + 1, key_packed)

    def key(self, event: Any) -> tuple[Any, Any] | None:
        """A mapping key other than a plain word, and its mark; None when it is refused (its value is then read past)."""
        kind = event.__class__
        if kind is ScalarEvent or (kind is AliasEvent and self.aliases_scalar(event)):
            node = self.scalar_node(event)
            if node.tag == _STR:
                return intern(node.value), node.start_mark
            if node.tag == "tag:yaml.org,2002:merge":
                self.report(node.start_mark, "merge keys (<<) are not allowed in story files; write the keys out", "CL004")
                self.skip(self.next_event())
                return None
            key = self.scalar(node)
            return (node.value if isinstance(key, float) or key is None else key), node.start_mark
        if kind is AliasEvent and event.anchor not in self.anchors:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        self.report(event.start_mark if kind is not AliasEvent else self.anchors[event.anchor][0],
                    "a key must be a plain word or string", "CL010")
        if kind is not AliasEvent:
            self.skip(event)
        self.skip(self.next_event())
        return None

    def aliases_scalar(self, event: Any) -> bool:
        """Whether an alias names an anchored scalar (read as that scalar, as the composer does)."""
        known = self.anchors.get(event.anchor)
        return known is not None and known[1] is not None

    def skip_children(self, kind: Any) -> None:
        """Read past the rest of a refused mapping or sequence whose start was just read."""
        depth = 1
        while depth:
            event = self.next_event()
            event_kind = event.__class__
            if event_kind is MappingStartEvent or event_kind is SequenceStartEvent:
                if event.anchor is not None:
                    self.anchor(event, None)
                depth += 1
            elif event_kind is MappingEndEvent or event_kind is SequenceEndEvent:
                depth -= 1
            elif event_kind is ScalarEvent and event.anchor is not None:
                self.scalar_node(event)
            elif event_kind is AliasEvent and event.anchor not in self.anchors:
                raise ComposerError(None, None, "found undefined alias", event.start_mark)

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
        self.report(node.start_mark, f"the tag {tag} is not allowed; story files hold plain data only", "CL003")
        return None
