"""Curtain Light as the engine is told about it: its scenes with their parameters, and its ambiences.

The player draws and plays each name (a test keeps the painters and the sounds in step with this
list); the loader, the checker and the runtime are handed `CATALOGUE`. No pygame here.
"""
from __future__ import annotations

from game.core.registry import SILENCE, BoolParam, Catalogue, ChoiceParam, IntParam, Param

__all__ = ["AMBIENCES", "CATALOGUE", "SCENES", "SILENCE"]

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
    "house_kitchen": {
        "hour": IntParam(0, 23, 19),
        "mother": BoolParam(True),
        "father": BoolParam(False),
    },
    "house_landing": {
        "hour": IntParam(0, 23, 22),
        "tray": BoolParam(True),
        "light_under": BoolParam(True),
    },
    "consulting_room": {
        "doctor": BoolParam(True),
    },
    "community_room": {
        "people": IntParam(0, 6, 4),
        "warmth": IntParam(0, 3, 1),
        "floor": ChoiceParam(("chairs", "tatami"), "chairs"),
    },
    "night_station": {
        "hour": IntParam(0, 23, 1),
        "figure": BoolParam(False),
    },
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

CATALOGUE = Catalogue(SCENES, AMBIENCES)
