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
                "format": {"type": "integer", "minimum": 1},
                "variables": {"$ref": "#/$defs/variables"},
                "chapters": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/chapter"}},
                "pages": {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/page"},
                },
            },
        },
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
                    "properties": {"id": {"type": "string", "pattern": CHAPTER_ID_PATTERN}, "title": _text},
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
