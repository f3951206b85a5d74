"""The story's variables as the import finds them: their names, the evidence of their uses, and the types chosen."""
from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Union

BOOL, INT, STR = "bool", "int", "str"
# Names the story language keeps for itself: its functions, literals and Python's keywords.
_TAKEN = frozenset({"seen", "visits", "turns", "chance", "random", "min", "max", "abs", "true", "false", "none", "null"}) | frozenset(
    word.lower() for word in keyword.kwlist
)

@dataclass
class Evidence:
    """What the uses of one source variable say about its type."""

    name: str
    types: set[str] = field(default_factory=set)
    ints: set[int] = field(default_factory=set)
    strs: set[str] = field(default_factory=set)
    arithmetic: bool = False  # changed by arithmetic, so no range can be read from its literals
    other_strings: bool = False  # given a string that is not a literal, so not an enum
    copies: set[str] = field(default_factory=set)  # source variables whose value it is given
    initial: Union[bool, int, str, None] = None


class Variables:
    """Every source variable: its story-language name, the evidence of its uses, and (once fixed) its type."""

    def __init__(self) -> None:
        self.evidence: dict[str, Evidence] = {}
        self.types: dict[str, str] | None = None  # story name -> bool/int/str/enum, once fixed
        self.enum_values: dict[str, list[str]] = {}

    def name(self, source: str) -> str:
        if source not in self.evidence:
            # camelCase and $names become snake_case: `$seenRoom` is `seen_room`.
            base = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", source.lstrip("$"))
            base = re.sub(r"\W", "_", base).lower()
            base = ("t" + base) if base.startswith("_") else base
            base = "v_" + base if base in _TAKEN or base[0].isdigit() else base
            taken = {ev.name for ev in self.evidence.values()}
            name, suffix = base, 2
            while name in taken:
                name, suffix = f"{base}_{suffix}", suffix + 1
            self.evidence[source] = Evidence(name)
        return self.evidence[source].name

    def of(self, source: str) -> Evidence:
        self.name(source)
        return self.evidence[source]

    def fix_types(self, default: str) -> None:
        """Choose each variable's type from the evidence gathered: the second pass writes with these."""
        self.types = {}
        for ev in list(self.evidence.values()):
            for source in ev.copies:  # given another variable's value: it has that one's type
                ev.types |= self.of(source).types
        for ev in self.evidence.values():
            if STR in ev.types:
                values = sorted(ev.strs)
                if not ev.other_strings and values and len(values) <= 8 and not (ev.types - {STR}):
                    if ev.initial is None or ev.initial not in values:
                        values = (["unset"] if "unset" not in values else []) + values
                    self.types[ev.name] = "enum"
                    self.enum_values[ev.name] = values
                else:
                    self.types[ev.name] = STR
            elif INT in ev.types:
                self.types[ev.name] = INT
            elif BOOL in ev.types:
                self.types[ev.name] = BOOL
            else:
                self.types[ev.name] = default

    def type_of(self, source: str) -> str | None:
        if self.types is None:
            return None
        kind = self.types.get(self.name(source))
        return STR if kind == "enum" else kind

    def declarations(self) -> dict[str, dict[str, object]]:
        """The `variables:` block: each with its type, initial value and, where the uses allow, range."""
        assert self.types is not None
        found: dict[str, dict[str, object]] = {}
        for ev in sorted(self.evidence.values(), key=lambda ev: ev.name):
            kind = self.types[ev.name]
            initial = ev.initial
            if kind == BOOL:
                found[ev.name] = {"type": BOOL, "initial": initial if isinstance(initial, bool) else False}
            elif kind == INT:
                start = initial if isinstance(initial, int) and not isinstance(initial, bool) else 0
                entry: dict[str, object] = {"type": INT, "initial": start}
                if not ev.arithmetic and ev.ints:
                    # Only literals are ever given to it: its range is the literals seen.
                    entry["min"], entry["max"] = min(ev.ints | {start}), max(ev.ints | {start})
                found[ev.name] = entry
            elif kind == "enum":
                values = self.enum_values[ev.name]
                found[ev.name] = {"type": "enum", "values": values, "initial": initial if initial in values else values[0]}
            else:
                found[ev.name] = {"type": STR, "initial": initial if isinstance(initial, str) else ""}
        return found
