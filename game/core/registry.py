"""The kinds of names a game registers with the engine: scenes with typed parameters, and ambiences.

The engine knows no names of its own. A game hands its `Catalogue` (Curtain Light's is in
game/content/) to the loader, the checker and, through the loaded story, the runtime; without
one, any scene or ambience name is taken as written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Union

ParamValue = Union[int, bool, str]


@dataclass(frozen=True)
class IntParam:
    low: int
    high: int
    default: int
    type_name: str = "int"

    def accepts(self, value: ParamValue) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high

    def describe(self) -> str:
        return f"a whole number from {self.low} to {self.high}"

    def coerce(self, value: ParamValue) -> ParamValue:
        """Fit a runtime value into the parameter, so a scene never sees an impossible value."""
        if isinstance(value, bool) or not isinstance(value, int):
            return self.default
        return max(self.low, min(self.high, value))


@dataclass(frozen=True)
class BoolParam:
    default: bool
    type_name: str = "bool"

    def accepts(self, value: ParamValue) -> bool:
        return isinstance(value, bool)

    def describe(self) -> str:
        return "true or false"

    def coerce(self, value: ParamValue) -> ParamValue:
        return value if isinstance(value, bool) else self.default


@dataclass(frozen=True)
class ChoiceParam:
    values: tuple[str, ...]
    default: str
    type_name: str = "str"

    def accepts(self, value: ParamValue) -> bool:
        return isinstance(value, str) and value in self.values

    def describe(self) -> str:
        return "one of " + ", ".join(self.values)

    def coerce(self, value: ParamValue) -> ParamValue:
        return value if isinstance(value, str) and value in self.values else self.default


Param = Union[IntParam, BoolParam, ChoiceParam]

SILENCE = "none"  # the ambience that stops the sound, in every catalogue


@dataclass(frozen=True)
class Catalogue:
    """A game's scenes (each with its parameters) and ambiences, as the engine checks and fits them."""

    scenes: Mapping[str, Mapping[str, Param]] = field(default_factory=dict)
    ambiences: tuple[str, ...] = ()

    def scene_defaults(self, name: str) -> dict[str, ParamValue]:
        return {key: param.default for key, param in self.scenes.get(name, {}).items()}

    def fit_scene_params(self, name: str, params: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
        """Complete a scene's parameters with defaults and fit each into its declared range."""
        spec = self.scenes.get(name, {})
        fitted = self.scene_defaults(name)
        for key, value in params.items():
            if key in spec:
                fitted[key] = spec[key].coerce(value)
        return fitted

    def knows_ambience(self, name: str) -> bool:
        return name == SILENCE or name in self.ambiences
