"""The story's logic across passages: variables and their evidence, the two passes, and what was carried or dropped."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from game.tools.twee.expr import Effect, Tree, Unexpressible, Writer, effect, observe, observe_assignment, parse, statements
from game.tools.twee.variables import BOOL, Variables

# Codes whose every item is a source construct that reached no player: what `check` counts as dropped.
LOSS_CODES = frozenset({"TW011", "TW012", "TW015", "TW016", "TW020", "TW022", "TW025", "TW026", "TW032", "TW033", "TW034", "TW035"})


@dataclass
class Figures:
    """What an import carried and what it left out, counted as it is written."""

    conditions: int = 0  # `if` on choices and `{if …}` in text
    effects: int = 0
    leaks: int = 0  # pieces of macro syntax in text a player reads (the target is none)
    leak_samples: list[str] = field(default_factory=list)


class Logic:
    """Shared by every passage's reader. The first pass only gathers evidence of types; the second writes."""

    def __init__(self, dialect: str, node_id: Callable[[str], str | None]) -> None:
        self.dialect = dialect
        self.variables = Variables()
        self.node_id = node_id
        self.collecting = True
        self.figures = Figures()
        self.initial_effects: list[tuple[str, Tree]] = []  # from StoryInit and startup passages
        self.refused: dict[str, str] = {}  # node id -> the checker's objection to the logic written for it

    def allowed(self, here: str) -> None:
        if here in self.refused:
            raise Unexpressible(f"the story checker refused what it became: {self.refused[here]}")

    def second_pass(self) -> None:
        # Harlowe prints an unset variable as 0; SugarCube and JavaScript as nothing.
        for target, value in self.initial_effects:
            if value[0] == "lit":
                self.variables.of(target).initial = value[1]
        self.variables.fix_types("int" if self.dialect == "harlowe" else "str")
        self.collecting = False
        self.figures = Figures()

    def writer(self, here: str) -> Writer:
        return Writer(self.variables, self.node_id, here)

    def condition(self, source: str, here: str, dialect: str | None = None) -> str:
        """A condition in the story language; raises Unexpressible. The first pass gives `true`."""
        self.allowed(here)
        tree = parse(source, dialect or self.dialect)
        observe(tree, self.variables)
        if self.collecting:
            return "true"
        return self.writer(here).write(tree, BOOL)

    def value(self, source: str, here: str, dialect: str | None = None) -> str:
        """An expression to show in the text (`{…}`); raises Unexpressible."""
        self.allowed(here)
        tree = parse(source, dialect or self.dialect)
        observe(tree, self.variables)
        if self.collecting:
            return "0"
        return self.writer(here).write(tree)

    def assignments(self, source: str, here: str, *, initial: bool = False) -> list[Effect]:
        """The effects of a `(set:)`, `(put:)` or `<<set>>`; raises Unexpressible for the whole macro."""
        found = statements(source, self.dialect)
        return self.effects_of(found, here, initial=initial)

    def effects_of(self, found: list[tuple[str, str, Tree]], here: str, *, initial: bool = False) -> list[Effect]:
        self.allowed(here)
        for target, op, value in found:
            observe_assignment(target, op, value, self.variables)
            if initial and op == "=" and self.collecting:
                self.initial_effects.append((target, value))
        if self.collecting:
            return []
        writer = self.writer(here)
        return [effect(writer, target, op, value) for target, op, value in found]

    def unset(self, source: str) -> list[Effect]:
        """SugarCube's `<<unset $x>>`: each variable back to its initial value."""
        names = source.replace(",", " ").split()
        if not names or not all(name.startswith(("$", "_")) for name in names):
            raise Unexpressible("<<unset>> of something other than variables")
        if self.collecting:
            for name in names:
                self.variables.name(name)
            return []
        found = []
        declared = self.variables.declarations()
        for name in names:
            story_name = self.variables.name(name)
            initial = declared[story_name]["initial"]
            literal = ("true" if initial else "false") if isinstance(initial, bool) else repr(initial)
            found.append(Effect(story_name, "=", literal))
        return found


__all__ = ["LOSS_CODES", "Effect", "Figures", "Logic", "Unexpressible"]
