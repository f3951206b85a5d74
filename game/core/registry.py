"""Names the game registers (scenes, ambiences) with their parameters, so the checker knows them.

The pygame player supplies the drawing and the sound for each name; a test makes sure every
name declared here has an implementation there and the reverse.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

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

HOUR = IntParam(0, 23, 14)

SCENES: dict[str, dict[str, Param]] = {
    "dark_room": {
        "light": IntParam(0, 5, 2),
        "window": ChoiceParam(("curtains", "shutters"), "curtains"),
        "tv": BoolParam(False),
        "hour": IntParam(0, 23, 14),
    },
    "night_street": {
        "hour": IntParam(0, 23, 1),
        "rain": BoolParam(False),
        "dog": BoolParam(True),
        "figure": BoolParam(False),
    },
    "konbini": {
        "hour": IntParam(0, 23, 2),
        "clerk": BoolParam(True),
        "rain": BoolParam(False),
    },
    "flat_8050": {
        "hour": IntParam(0, 23, 18),
        "washing": ChoiceParam(("idle", "running", "done"), "idle"),
        "mother": BoolParam(True),
        "helper": BoolParam(False),
    },
    "clinic": {
        "warmth": IntParam(0, 3, 1),
        "people": IntParam(1, 4, 2),
    },
    "day_street": {
        "crowd": IntParam(0, 3, 2),
        "station": BoolParam(False),
    },
    "study_desk": {
        "hour": IntParam(0, 23, 22),
        "books": IntParam(0, 3, 2),
        "tv": BoolParam(False),
    },
    "fact_card": {
        "accent": ChoiceParam(("room", "night", "8050", "plain"), "plain"),
    },
    "title": {},
}

AMBIENCES: tuple[str, ...] = (
    "room_tone",
    "fridge_hum",
    "traffic",
    "crickets",
    "rain",
    "tv_hiss",
    "washing_machine",
    "night_town",
    "store_hum",
    "clinic_air",
)
SILENCE = "none"


def scene_defaults(name: str) -> dict[str, ParamValue]:
    return {key: param.default for key, param in SCENES.get(name, {}).items()}


def fit_scene_params(name: str, params: dict[str, ParamValue]) -> dict[str, ParamValue]:
    """Complete a scene's parameters with defaults and fit each into its declared range."""
    spec = SCENES.get(name, {})
    fitted = scene_defaults(name)
    for key, value in params.items():
        if key in spec:
            fitted[key] = spec[key].coerce(value)
    return fitted
