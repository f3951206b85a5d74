"""The JSON Schema of story files: used by the checker, published for editors in docs/."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

# `(?!\n)$`: a bare `$` also matches before a final line break, so "c\n" would pass as an id.
ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(?!\n)$"
CHAPTER_ID_PATTERN = r"^[A-Za-z0-9_-]+(?!\n)$"

_text = {"type": "string"}
_condition = {"type": ["string", "boolean"], "description": "an expression that is true or false"}
_effects = {
    "description": "one effect (name = value, name += n, name -= n) or a list of them",
    "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
}
_scalar = {"type": ["string", "integer", "boolean"]}
_names = {"oneOf": [{"type": "string", "pattern": ID_PATTERN},
                    {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}]}

# `main.py analyze` thresholds a story may set per chapter in `quality:` (name -> kind, meaning).
# "share" is a number from 0 to 1; "count" a whole number. Names start with max_ or min_.
QUALITY_THRESHOLDS: dict[str, tuple[str, str]] = {
    "max_rejoin_after_one": ("share", "choice points whose branches meet again within one node"),
    "max_forgotten_choices": ("count", "choice points whose difference nothing later reads"),
    "max_last_choice_picks": ("share", "runs whose last choice alone picks among two or more endings"),
    "max_set_unread": ("count", "places a variable is set with nothing read afterwards (CL050)"),
    "max_read_never_set": ("count", "variables read but never set (CL051)"),
    "max_reason_mismatches": ("count", "reasons that name another cause than their gate (CL052, CL053)"),
    "max_never_available": ("count", "choices never available in any reachable state, not marked deliberate"),
    "max_repeated_share_p90": ("share", "share of shown words that repeat a paragraph, in the 90th-percentile run"),
    "max_status_run_p50": ("count", "longest run of one identical status line, in the median run"),
    "min_status_lines": ("count", "distinct status lines seen over all runs"),
    "max_must_see_skipped": ("count", "must_see nodes some route to an ending skips"),
    "max_shared_passages": ("count", "passages of eight or more words shared with another chapter"),
    "min_words_median": ("count", "words shown in the median run"),
    "max_words_median": ("count", "words shown in the median run"),
    "min_choices_median": ("count", "choices made in the median run"),
}
_quality_limits = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        name: ({"type": "number", "minimum": 0, "maximum": 1, "description": meaning} if kind == "share"
               else {"type": "integer", "minimum": 0, "description": meaning})
        for name, (kind, meaning) in QUALITY_THRESHOLDS.items()
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://curtain-light.invalid/story.schema.json",
    "title": "Curtain Light story file",
    "description": "A story manifest (story.yaml, with chapters) or a node file (with nodes).",
    "type": "object",
    "if": {"required": ["chapters"]},
    "then": {"$ref": "#/$defs/manifest"},
    "else": {"$ref": "#/$defs/nodeFile"},
    "$defs": {
        "manifest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "chapters"],
            "properties": {
                "title": _text,
                "tagline": _text,
                "format": {"type": "integer", "minimum": 1},
                "variables": {"$ref": "#/$defs/variables"},
                "chapters": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/chapter"}},
                "pages": {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/page"},
                },
                "quality": {
                    "description": "thresholds for `main.py analyze`, by chapter id, or `all` for every chapter",
                    "type": "object",
                    "propertyNames": {"pattern": CHAPTER_ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/qualityLimits"},
                },
            },
        },
        "qualityLimits": _quality_limits,
        "chapter": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title", "start", "files"],
            "properties": {
                "id": {"type": "string", "pattern": CHAPTER_ID_PATTERN},
                "title": _text,
                "blurb": _text,
                "inspired_by": _text,
                "start": {"type": "string", "pattern": ID_PATTERN},
                "files": {"oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"type": "string"}}]},
                "status": _text,
                "variables": {"$ref": "#/$defs/variables"},
            },
        },
        "page": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "text"],
            "properties": {"title": _text, "text": {"$ref": "#/$defs/paragraphs"}},
        },
        "variables": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/variable"},
        },
        "variable": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "initial"],
            "properties": {
                "type": {"enum": ["int", "bool", "str", "enum"]},
                "initial": _scalar,
                "min": {"type": "integer"},
                "max": {"type": "integer"},
                "values": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "description": _text,
                "renamed_from": _names,
            },
        },
        "nodeFile": {
            "type": "object",
            "additionalProperties": False,
            "required": ["nodes"],
            "properties": {
                "variables": {"$ref": "#/$defs/variables"},
                "nodes": {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/node"},
                },
            },
        },
        "paragraphs": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "node": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text"],
            "properties": {
                "title": _text,
                "text": {"$ref": "#/$defs/paragraphs"},
                "scene": {
                    "oneOf": [
                        {"type": "string"},
                        {
                            "type": "object",
                            "required": ["name"],
                            "properties": {"name": {"type": "string"}},
                            "additionalProperties": _scalar,
                        },
                    ]
                },
                "ambience": _text,
                "status": _text,
                "tags": {"type": "array", "items": {"type": "string"}},
                "choices": {"type": "array", "items": {"$ref": "#/$defs/choice"}},
                "next": {"type": "string"},
                "ending": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "title"],
                    "properties": {"id": {"type": "string", "pattern": CHAPTER_ID_PATTERN}, "title": _text,
                                   "renamed_from": _names},
                },
                "set": _effects,
                "fallback": {"type": "string"},
                "image": _text,
                "replaces": _names,
            },
        },
        "choice": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text", "to"],
            "dependencies": {"enabled": ["reason"]},
            "properties": {
                "text": _text,
                "to": {"type": "string"},
                "if": _condition,
                "enabled": _condition,
                "reason": _text,
                "set": _effects,
                "once": {"type": "boolean"},
                "id": {"type": "string", "pattern": CHAPTER_ID_PATTERN},
                "reason_note": {"type": "string", "description": "why a reason that names another cause than its gate is right"},
                "deliberate": {"type": "string", "description": "why this choice is never available, on purpose"},
            },
        },
    },
}

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "story.schema.json"


def schema_json() -> str:
    return json.dumps(SCHEMA, indent=2) + "\n"


@lru_cache(maxsize=None)
def validator() -> Any:
    from jsonschema import Draft7Validator

    return Draft7Validator(SCHEMA)


def properties_of(def_name: str) -> list[str]:
    return list(SCHEMA["$defs"][def_name].get("properties", {}))
