"""Saved states read back: checked against a schema, migrated from older formats, fitted to the story.

A state that does not match the schema at the top is refused as damaged (StateError), so a
damaged save can never crash play later; a damaged history page or undo step is left out with
a warning. A state from a story that has changed since keeps all it can: the nearest place of
its own reading that still exists (or the node that `replaces:` the lost one), every variable
that still fits (carried over a `renamed_from:`), and once-only memory by choice identity.
"""
from __future__ import annotations

import copy
import functools
from typing import Any, Callable

from game.core.model import Choice, Story, Value

STATE_KIND = "curtain-light-state"
# 2: once-only memory by choice identity, history kept to its last MAX_HISTORY pages;
# 3: a history page names its node, the choice taken and the values its texts read, not the words (history.py)
STATE_VERSION = 3
# A version-1 game would read version-2 memory keys as positions; a version-2 game reads a version-3
# save without its history (it takes the pages for damaged), which is all it loses.
MIN_COMPATIBLE_VERSION = 2
MAX_HISTORY = 300  # pages of history kept; every chapter of the game ends well within this
SNAPSHOT_KEYS = ("chapter", "node", "vars", "visits", "once", "turns", "seed", "scene_node", "ambience", "history_len")

_id = {"type": "string", "maxLength": 200}
_maybe_id = {"type": ["string", "null"], "maxLength": 200}
_vars = {"type": "object", "additionalProperties": {"type": ["integer", "boolean", "string"]}}
_visits = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
_once = {"type": "array", "items": {"type": "string"}}
_count = {"type": "integer", "minimum": 0}
TOP_SCHEMA = {
    "type": "object",
    "required": ["kind", "version", "chapter", "node", "vars"],
    "properties": {
        "kind": {"const": STATE_KIND}, "version": {"type": "integer"}, "min_version": {"type": "integer"},
        "chapter": _id, "node": _id, "vars": _vars, "visits": _visits, "once": _once, "turns": _count,
        "seed": {"type": "integer"}, "scene_node": _maybe_id, "ambience": _maybe_id,
        "history": {"type": "array"}, "undo": {"type": "array"}, "history_dropped": _count,
    },
}
PAGE_SCHEMA = {
    "type": "object", "required": ["node"],
    "properties": {"node": _id, "took": {"type": "string", "maxLength": 400}, "vars": _vars, "visits": _visits,
                   "turns": _count,
                   # a page of a version-2 save: the words read, and the choice's words
                   "paragraphs": {"type": "array", "items": {"type": "string"}}, "choice": {"type": ["string", "null"]}},
}
SNAPSHOT_SCHEMA = {
    "type": "object", "required": list(SNAPSHOT_KEYS),
    "properties": {"chapter": _id, "node": _id, "vars": _vars, "visits": _visits, "once": _once, "turns": _count,
                   "seed": {"type": "integer"}, "scene_node": _maybe_id, "ambience": _maybe_id, "history_len": _count},
}
# Each saved state's part by name, compiled to a validator once, the first time a save is read.
_SCHEMAS = {"state": TOP_SCHEMA, "page": PAGE_SCHEMA, "snapshot": SNAPSHOT_SCHEMA}


class StateError(ValueError):
    """A saved state that cannot be used at all (not ours, too new, damaged, or for another story)."""


def matches(part: str, data: Any) -> bool:
    """Whether `data` is a well-formed `part` ("state", "page" or "snapshot") of a saved state."""
    return _validator(part)(data)


@functools.cache
def _validator(part: str) -> Callable[[Any], bool]:
    schema = _SCHEMAS[part]
    try:
        import fastjsonschema

        fast = fastjsonschema.compile(copy.deepcopy(schema))
    except ImportError:  # the reference validator is slower and says the same
        import jsonschema

        return jsonschema.Draft7Validator(schema).is_valid

    def check(data: Any) -> bool:
        try:
            fast(data)
            return True
        except fastjsonschema.JsonSchemaException:
            return False
    return check


def checked(data: Any) -> tuple[dict[str, Any], list[str]]:
    """The state with every damaged page and undo step left out, migrated to this version.

    Raises StateError for anything that is not a usable state at all.
    """
    if not isinstance(data, dict) or data.get("kind") != STATE_KIND:
        raise StateError("this is not a Curtain Light save")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StateError("the save has no version")
    min_version = data.get("min_version", version)
    if isinstance(min_version, int) and min_version > STATE_VERSION:
        raise StateError(f"the save needs a newer game (save format {version}; this game reads up to {STATE_VERSION})")
    try:
        ok = matches("state", data)
    except RecursionError:
        ok = False
    if not ok:
        raise StateError("the save is damaged (its contents are not a saved game)")
    state = dict(data)
    warnings: list[str] = []
    history = [page for page in state.get("history") or [] if matches("page", page)]
    undo = [step for step in state.get("undo") or [] if matches("snapshot", step)]
    if len(history) != len(state.get("history") or []) or len(undo) != len(state.get("undo") or []):
        warnings.append("part of this save's history was damaged and is left out")
        undo = []  # undo steps count history pages; with pages gone they would point at the wrong ones
    state["history"], state["undo"] = history, undo
    state.setdefault("history_dropped", 0)
    return state, warnings


def trim_history(history: list[dict[str, Any]], dropped: int) -> int:
    """Drop the oldest pages beyond MAX_HISTORY, in place; the new count of pages dropped."""
    extra = len(history) - MAX_HISTORY
    if extra > 0:
        del history[:extra]
        dropped += extra
    return dropped


def choice_identity(node_id: str, choice: Choice) -> str:
    """What once-only memory remembers a choice by: its `id:`, or else where it leads and its text."""
    return f"{node_id}#{choice.identity}"


def migrate_once(story: Story, keys: list[str], version: int) -> tuple[set[str], list[str]]:
    """Once-only memory in this version's keys. Version 1 kept `node#position` (or `node#id`)."""
    if version >= 2:
        return set(keys), []
    once: set[str] = set()
    lost = 0
    for key in keys:
        node_id, _, which = key.rpartition("#")
        node = story.nodes.get(node_id)
        match = None
        if node is not None:
            match = next((c for c in node.choices if c.key == which and c.once), None)
        if match is None:
            lost += 1
            continue
        once.add(choice_identity(node_id, match))
    warnings = [f"{lost} once-only choice{'s' if lost != 1 else ''} taken before could not be matched to the story "
                "and may be offered again"] if lost else []
    return once, warnings


def fit_once(story: Story, once: set[str]) -> tuple[set[str], list[str]]:
    """Once-only memory matched to the choices as they are now, and a warning for what is lost.

    A choice remembered by its target and text that has since been given an `id:` is still
    the same choice; one whose text or target changed cannot be told apart from a new one.
    """
    fitted: set[str] = set()
    lost = 0
    for key in once:
        node_id, _, identity = key.rpartition("#")
        node = story.nodes.get(node_id)
        choices = node.choices if node is not None else []
        match = next((c for c in choices if c.identity == identity), None)
        if match is None and identity.startswith(">"):
            match = next((c for c in choices if f">{c.target}:{c.text.source}" == identity), None)
        if match is None:
            lost += 1
        else:
            fitted.add(choice_identity(node_id, match))
    warnings = [f"{lost} once-only choice{'s' if lost != 1 else ''} taken before changed in the story "
                "and may be offered again"] if lost else []
    return fitted, warnings


def fitted_vars(story: Story, chapter_id: str, saved: dict[str, Any]) -> tuple[dict[str, Value], list[str]]:
    """The saved values that still fit their declarations, carried over renames; the rest start again."""
    warnings: list[str] = []
    variables: dict[str, Value] = {}
    declared = story.variables_for(chapter_id)
    carried = {old for var in declared.values() for old in var.renamed_from}
    gone = sorted(name for name in saved if name not in declared and name not in carried)
    if gone:
        warnings.append(f"{', '.join(repr(name) for name in gone)} {'is' if len(gone) == 1 else 'are'} no longer in the story; "
                        "the saved value is not kept")
    for name, var in declared.items():
        source = name if name in saved else next((old for old in var.renamed_from if old in saved), None)
        if source is None:
            variables[name] = var.initial
            continue
        value = saved[source]
        if var.fits(value):
            variables[name] = value
        else:
            variables[name] = var.initial
            warnings.append(f"'{name}' no longer fits its declaration; it starts again at {var.initial!r}")
    return variables, warnings


def new_home(story: Story, chapter_id: str, lost: str, history: list[dict[str, Any]]) -> tuple[str | None, str]:
    """Where a save whose node is gone goes on: the node that replaces it, or the latest page read.

    Returns (node id or None, one plain sentence saying what changed).
    """
    moved = story.nodes.get(lost)
    if moved is not None and moved.chapter != chapter_id:
        note = f"the place this save was made ('{lost}') has moved to another chapter"
    else:
        note = f"the place this save was made ('{lost}') is no longer in the story"
    for node in story.nodes.values():
        if lost in node.replaces and node.chapter == chapter_id:
            return node.id, f"{note}; you go on from '{story.node_title(node.id)}', which replaces it"
    for page in reversed(history):
        node = story.nodes.get(page["node"])
        if node is not None and node.chapter == chapter_id and not node.ending:
            return node.id, f"{note}; you go on from '{story.node_title(node.id)}', the last place you read that still is"
    return None, ""


def usable_undo(story: Story, state: dict[str, Any], history_total: int) -> list[dict[str, Any]]:
    """The saved undo steps that still make sense in the story as it is, in this version's keys."""
    chapter_id = state["chapter"]
    declared = story.variables_for(chapter_id)
    steps = []
    for step in state["undo"]:
        variables = step["vars"]
        if step["chapter"] != chapter_id or step["node"] not in story.nodes or set(variables) != set(declared):
            continue
        if not all(declared[name].fits(value) for name, value in variables.items()) or step["history_len"] > history_total:
            continue
        step = dict(step, once=sorted(migrate_once(story, step["once"], state["version"])[0]))
        steps.append(step)
    return steps


def shown(value: Any) -> str:
    """A value for a message, cut short: a runaway one can be too long to print at all."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return "a number of more than 30 digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
