"""The JSON Schema of story files: the checker validates against it, and editors get it from docs/.

Two forms come from one definition here:

- `SCHEMA`, the checker's: the shape of every key. Scene and ambience names are plain text in it,
  so that a misspelt one gets the checker's own message with a suggestion (CL040, CL041, CL042)
  instead of a schema error.
- `editor_schema()`, published as docs/story.schema.json (and copied into new story folders by
  `main.py init`): the same, with scene names, their parameters and ambience names as enums from
  the game's catalogue, so an editor completes and checks them as you type.

Regenerate the published file with `python -m game.core.schema` (`--check` says whether it is
stale); tests/core/test_schema.py fails when it is.
"""
from __future__ import annotations

import copy
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

# `(?!\n)$`: a bare `$` also matches before a final line break, so "c\n" would pass as an id.
ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(?!\n)$"
CHAPTER_ID_PATTERN = r"^[A-Za-z0-9_-]+(?!\n)$"
# A scene parameter may be one whole {expression} instead of a literal.
WHOLE_EXPRESSION_PATTERN = r"^\s*\{[^{}]+\}\s*$"


def catalogue() -> Any:
    """The game's catalogue of scenes (SCENES) and ambiences (AMBIENCES, SILENCE): the one place the schema reads it."""
    from game import content  # the one import of this game's content in the core (README, Layers: exceptions)

    return content


def _d(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """A schema with its description first (what an editor shows on hover)."""
    return {"description": description, **(schema or {})}


def _text(description: str) -> dict[str, Any]:
    return _d(description, {"type": "string"})


def _template(description: str) -> dict[str, Any]:
    return _text(description + " (a text template: `{expression}` and `{if …: …|else: …}` may be used)")


def _condition(description: str) -> dict[str, Any]:
    return _d(description + " (an expression that is true or false)", {"type": ["string", "boolean"]})


def _effects(description: str) -> dict[str, Any]:
    return _d(description + ": one effect (`name = value`, `name += n`, `name -= n`) or a list of them",
              {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})


def _names(description: str) -> dict[str, Any]:
    return _d(description, {"oneOf": [{"type": "string", "pattern": ID_PATTERN},
                                      {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}]})


def _node_id(description: str) -> dict[str, Any]:
    return _text(description)


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
_quality_limits = _d("`main.py analyze` thresholds for one chapter (or `all`)", {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        name: ({"type": "number", "minimum": 0, "maximum": 1, "description": meaning} if kind == "share"
               else {"type": "integer", "minimum": 0, "description": meaning})
        for name, (kind, meaning) in QUALITY_THRESHOLDS.items()
    },
})

_VARIABLES = "variables: name -> {type, initial, …}"

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
        "manifest": _d("The story manifest, story.yaml: the title, the chapters, story-wide variables and pages.", {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "chapters"],
            "properties": {
                "title": _text("the story's title, shown on the title screen"),
                "tagline": _text("a line under the title on the title screen"),
                "format": _d("the story format's version (1 today); a newer one than the game knows is refused",
                             {"type": "integer", "minimum": 1}),
                "fallback_text": _text("the way on offered when no choice is available (see Soft-locks in story-format.md)"),
                "variables": _d("story-wide variables, seen by every chapter: " + _VARIABLES, {"$ref": "#/$defs/variables"}),
                "chapters": _d("the chapters, in the order the game offers them", {
                    "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/chapter"}}),
                "pages": _d("pages the game shows from its menus, by name: content_note, help, credits", {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/page"},
                }),
                "quality": _d("thresholds for `main.py analyze`, by chapter id, or `all` for every chapter", {
                    "type": "object",
                    "propertyNames": {"pattern": CHAPTER_ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/qualityLimits"},
                }),
            },
        }),
        "qualityLimits": _quality_limits,
        "chapter": _d("A chapter: its id, title, start node, the files that hold its nodes, its status line and variables.", {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title", "start", "files"],
            "properties": {
                "id": _d("the chapter's id: letters, digits, _ and -; saves and test plans name the chapter by it",
                         {"type": "string", "pattern": CHAPTER_ID_PATTERN}),
                "title": _text("the chapter's title, shown in the chapter menu"),
                "blurb": _text("a line or two under the title in the chapter menu"),
                "inspired_by": _text("the account the chapter is inspired by, credited in the menu"),
                "start": _d("the node the chapter starts at", {"type": "string", "pattern": ID_PATTERN}),
                "files": _d("the files that hold the chapter's nodes, relative to the story folder: a name, a glob (`room/*.yaml`) or a list", {
                    "oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"type": "string"}}]}),
                "status": _template("the status line under the text: in words, how the character is; a node's own `status` replaces it"),
                "variables": _d("the chapter's variables: " + _VARIABLES, {"$ref": "#/$defs/variables"}),
            },
        }),
        "page": _d("A page shown from the menus.", {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "text"],
            "properties": {"title": _text("the page's heading"),
                           "text": _d("the page's paragraphs", {"$ref": "#/$defs/paragraphs"})},
        }),
        "variables": _d("Variables by name (letters, digits and _): each with a type and a starting value.", {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"$ref": "#/$defs/variable"},
        }),
        "variable": _d("A variable: its type, starting value and, for an int, its range.", {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "initial"],
            "properties": {
                "type": _d("int (a whole number), bool (true or false), str (text) or enum (one of `values`)",
                           {"enum": ["int", "bool", "str", "enum"]}),
                "initial": _d("the value at the start of the chapter", {"type": ["string", "integer", "boolean"]}),
                "min": _d("an int's lowest value: effects are held to it", {"type": "integer"}),
                "max": _d("an int's highest value: effects are held to it", {"type": "integer"}),
                "values": _d("an enum's values, as text", {"type": "array", "minItems": 1, "items": {"type": "string"}}),
                "description": _text("what the variable stands for, for authors and tools"),
                "renamed_from": _names("an earlier name (or a list of them): saves that used it keep their value"),
            },
        }),
        "nodeFile": _d("A node file: the nodes of a chapter and, optionally, more of its variables.", {
            "type": "object",
            "additionalProperties": False,
            "required": ["nodes"],
            "properties": {
                "variables": _d("more of the chapter's variables: " + _VARIABLES, {"$ref": "#/$defs/variables"}),
                "nodes": _d("the nodes by id (letters, digits and _); ids are unique in the whole story", {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/node"},
                }),
            },
        }),
        "paragraphs": _d("Paragraphs: one text with blank lines between paragraphs (a `|` block is easiest), or a list of them.",
                         {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
        "node_text": _d("A node's paragraphs: one text with blank lines between paragraphs, or a list of them, "
                        "where a paragraph may pin its translation key as {key: KEY, text: …}", {
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"oneOf": [
                {"type": "string"},
                {"type": "object", "required": ["text", "key"], "additionalProperties": False,
                 "properties": {"text": _text("the paragraph (a text template)"),
                                "key": _d("the paragraph's translation key, kept when the paragraph moves (see translating.md)",
                                          {"type": "string", "pattern": ID_PATTERN})}},
            ]}}]}),
        "node": _d("A node: its text and exactly one way on (choices, next or ending).", {
            "type": "object",
            "additionalProperties": False,
            "required": ["text"],
            "properties": {
                "title": _text("a short name for saves and the history; defaults to the first words of the text"),
                "text": _d("what the player reads: paragraphs, each a text template", {"$ref": "#/$defs/node_text"}),
                "scene": _d("the picture behind the text: a scene's name, or {name: SCENE, parameter: value, …}", {
                    "oneOf": [
                        {"type": "string"},
                        {
                            "type": "object",
                            "required": ["name"],
                            "properties": {"name": _text("the scene's name")},
                            "additionalProperties": {"type": ["string", "integer", "boolean"]},
                        },
                    ]
                }),
                "ambience": _text("the ambient sound: a registered name, or `none` for silence; a node without one keeps the one playing"),
                "status": _template("the status line under the text; defaults to the chapter's"),
                "tags": _d("words free for authors and tools; `must_see` marks a node every route to an ending should pass",
                           {"type": "array", "items": {"type": "string"}}),
                "choices": _d("the choices the player picks from", {"type": "array", "items": {"$ref": "#/$defs/choice"}}),
                "next": _node_id("the node the player continues to with Space, Enter or a click"),
                "ending": _d("this node ends the chapter: {id, title}", {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "title"],
                    "properties": {"id": _d("the ending's id, unique in its chapter", {"type": "string", "pattern": CHAPTER_ID_PATTERN}),
                                   "title": _text("the ending's name in the endings gallery"),
                                   "renamed_from": _names("an earlier id (or a list): a player who found the ending under it keeps it found")},
                }),
                "set": _effects("effects applied on arriving at the node"),
                "fallback": _node_id("the node to go to when no choice is available at run time"),
                "image": _text("a picture file, relative to the story folder"),
                "fact": _d("a fact card's figure, set large over the scene: {figure, label, source}", {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["figure"],
                    "properties": {"figure": _text("the figure itself, short: `46.7%`, `613,000`, `6 months`"),
                                   "label": _text("what the figure counts, in a line or two under it"),
                                   "source": _text("who reported it, set small under the label")},
                }),
                "replaces": _names("node ids removed from the story: a save made at one of them goes on from here"),
            },
        }),
        "choice": _d("A choice: what the player reads and where it leads.", {
            "type": "object",
            "additionalProperties": False,
            "required": ["text", "to"],
            "dependencies": {"enabled": ["reason"]},
            "properties": {
                "text": _template("what the player reads"),
                "to": _node_id("the node the choice leads to"),
                "if": _condition("while false the choice is hidden"),
                "enabled": _condition("while false the choice is shown but unavailable, struck through, with its `reason`"),
                "reason": _template("required with `enabled`: why the choice is unavailable, in words"),
                "set": _effects("effects applied when the choice is taken"),
                "once": _d("true: hidden once it has been taken", {"type": "boolean"}),
                "id": _d("a name for the choice, unique in its node; saves remember a taken `once` choice by it",
                         {"type": "string", "pattern": CHAPTER_ID_PATTERN}),
                "reason_note": _text("why a reason that names another cause than its gate is right"),
                "deliberate": _text("why this choice is never available, on purpose"),
            },
        }),
    },
}

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "story.schema.json"


# -- the editor's schema: SCHEMA with the catalogue's names -------------------------------
def describe_param(param: Any) -> str:
    return f"{param.describe()} (default {json.dumps(param.default)})"


def _param_schema(param: Any) -> dict[str, Any]:
    if getattr(param, "type_name", None) == "int":
        literal: dict[str, Any] = {"type": "integer", "minimum": param.low, "maximum": param.high}
    elif getattr(param, "type_name", None) == "bool":
        literal = {"type": "boolean"}
    else:
        literal = {"enum": list(param.values)}
    expression = {"type": "string", "pattern": WHOLE_EXPRESSION_PATTERN, "description": "one whole {expression} of the same type"}
    return _d(describe_param(param) + ", or one whole {expression}", {"anyOf": [literal, expression]})


def _scene_summary(name: str, params: dict[str, Any]) -> str:
    if not params:
        return f"scene {name}: no parameters"
    return f"scene {name}: " + "; ".join(f"{key} {describe_param(param)}" for key, param in params.items())


def catalogue_schemas() -> dict[str, dict[str, Any]]:
    """The `scene` and `ambience` keys of a node, with the catalogue's names, parameters and descriptions."""
    registry = catalogue()
    scenes: dict[str, dict[str, Any]] = dict(registry.SCENES)
    names = list(scenes)
    node = SCHEMA["$defs"]["node"]["properties"]
    name_schema = {"type": "string", "enum": names,
                   "description": "the scene's name: " + ", ".join(names)}
    by_name = [
        {"if": {"required": ["name"], "properties": {"name": {"const": name, "description": f"when the scene is {name}"}}},
         "then": {"properties": {"name": {"description": _scene_summary(name, params)},
                                 **{key: _param_schema(param) for key, param in params.items()}},
                  "additionalProperties": False}}
        for name, params in scenes.items()
    ]
    scene = {
        "description": node["scene"]["description"],
        "oneOf": [
            name_schema,
            {"type": "object", "required": ["name"], "properties": {"name": name_schema}, "allOf": by_name},
        ],
    }
    ambiences = [*registry.AMBIENCES, registry.SILENCE]
    ambience = {"description": node["ambience"]["description"] + ": " + ", ".join(ambiences),
                "type": "string", "enum": ambiences}
    return {"scene": scene, "ambience": ambience}


def editor_schema() -> dict[str, Any]:
    """The published schema: the checker's, with scene and ambience names and parameters from the catalogue."""
    schema = copy.deepcopy(SCHEMA)
    schema["$defs"]["node"]["properties"].update(catalogue_schemas())
    return schema


def schema_json() -> str:
    """The text of docs/story.schema.json."""
    return json.dumps(editor_schema(), indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=None)
def validator() -> Any:
    from jsonschema import Draft7Validator

    return Draft7Validator(SCHEMA)


def properties_of(def_name: str) -> list[str]:
    return list(SCHEMA["$defs"][def_name].get("properties", {}))


def main(argv: list[str] | None = None) -> int:
    """`python -m game.core.schema [--check]`: write docs/story.schema.json, or say whether it is stale."""
    argv = sys.argv[1:] if argv is None else argv
    current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    if "--check" in argv:
        if current == schema_json():
            print(f"{SCHEMA_FILE.name} is up to date")
            return 0
        print(f"{SCHEMA_FILE} is stale: regenerate it with python -m game.core.schema", file=sys.stderr)
        return 1
    if current != schema_json():
        SCHEMA_FILE.write_text(schema_json(), encoding="utf-8")
        print(f"wrote {SCHEMA_FILE}")
    else:
        print(f"{SCHEMA_FILE.name} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
