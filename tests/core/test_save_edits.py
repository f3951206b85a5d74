"""Saves across story edits: 20 edits of a story under a save, each with the outcome docs/playing.md promises."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, NamedTuple

import pytest

from game.core.loader import load_story
from game.core.runtime import Runtime, StateError
from tests.conftest import PAGES, write_story

MANIFEST = """\
title: Edits
variables:
  energy: {type: int, initial: 2, min: 0, max: 5}
  mood: {type: enum, values: [flat, calm], initial: flat}
chapters:
  - {id: c, title: Chapter, start: start, files: [a.yaml, b.yaml]}
  - {id: d, title: Other, start: other, files: [d.yaml]}
""" + PAGES
A = """\
nodes:
  start:
    text: Where to?
    choices:
      - {text: The train., to: start, once: true, set: [energy = 3, mood = 'calm']}
      - {text: The bus., to: start, once: true}
      - {text: The guesthouse., to: start, once: true}
      - {text: Go on., to: mid}
  mid:
    text: Halfway.
    next: room
"""
B = """\
nodes:
  room:
    text: A room.
    choices:
      - {text: Stay., to: room}
      - {text: Leave., to: end}
  end:
    text: The end.
    ending: {id: done, title: Done}
"""
D = "nodes:\n  other:\n    text: Elsewhere.\n    ending: {id: o, title: O}\n"


class Edit(NamedTuple):
    name: str
    change: Callable[[dict[str, str]], None]
    at_room: bool  # the save was made in 'room' (after the train), else at 'start' after the train
    expect: Callable[[Runtime, list[str]], None]


def sub(name: str, old: str, new: str) -> Callable[[dict[str, str]], None]:
    def change(files: dict[str, str]) -> None:
        assert old in files[name], (name, old)
        files[name] = files[name].replace(old, new)
    return change


def both(*changes: Callable[[dict[str, str]], None]) -> Callable[[dict[str, str]], None]:
    def change(files: dict[str, str]) -> None:
        for one in changes:
            one(files)
    return change


def shown(runtime: Runtime) -> list[str]:
    return [choice.text for choice in runtime.choices]


def choices_are(*texts: str) -> Callable[[Runtime, list[str]], None]:
    def expect(runtime: Runtime, warnings: list[str]) -> None:
        assert runtime.node_id == "start" and shown(runtime) == list(texts) and not warnings, (shown(runtime), warnings)
    return expect


def at(node: str, *words: str, energy: int = 3) -> Callable[[Runtime, list[str]], None]:
    def expect(runtime: Runtime, warnings: list[str]) -> None:
        assert runtime.node_id == node, runtime.node_id
        assert runtime.variables["energy"] == energy, runtime.variables
        said = " ".join(warnings)
        assert all(word in said for word in words) and (words or not warnings), warnings
    return expect


TRAIN_LEFT = ("The bus.", "The guesthouse.", "Go on.")
REVERSED = sub("a.yaml", """      - {text: The train., to: start, once: true, set: [energy = 3, mood = 'calm']}
      - {text: The bus., to: start, once: true}
      - {text: The guesthouse., to: start, once: true}""", """      - {text: The guesthouse., to: start, once: true}
      - {text: The bus., to: start, once: true}
      - {text: The train., to: start, once: true, set: [energy = 3, mood = 'calm']}""")
EDITS = [
    Edit("reverse the once-only choices", REVERSED, False, choices_are("The guesthouse.", "The bus.", "Go on.")),
    Edit("insert a new first choice", sub("a.yaml", "    choices:\n", "    choices:\n      - {text: Walk., to: start}\n"),
         False, choices_are("Walk.", *TRAIN_LEFT)),
    Edit("give the choices ids", both(sub("a.yaml", "{text: The train.,", "{id: train, text: The train.,"),
                                       sub("a.yaml", "{text: The bus.,", "{id: bus, text: The bus.,")),
         False, choices_are(*TRAIN_LEFT)),
    Edit("remove once from the taken choice", sub("a.yaml", "to: start, once: true, set", "to: start, set"),
         False, choices_are("The train.", *TRAIN_LEFT)),
    Edit("reword the taken once-only choice", sub("a.yaml", "The train.", "The night train."),
         False, lambda rt, w: (shown(rt)[0] == "The night train." and "may be offered again" in w[0]) or pytest.fail(str(w))),
    Edit("rename a variable with renamed_from", both(
        sub("story.yaml", "  energy: {type: int, initial: 2, min: 0, max: 5}",
            "  strength: {type: int, initial: 2, min: 0, max: 5, renamed_from: energy}"),
        sub("a.yaml", "energy = 3", "strength = 3")),
         True, lambda rt, w: (rt.variables["strength"] == 3 and not w) or pytest.fail(str((rt.variables, w)))),
    Edit("rename a variable without renamed_from", both(
        sub("story.yaml", "  energy: {type: int, initial: 2, min: 0, max: 5}", "  strength: {type: int, initial: 2, min: 0, max: 5}"),
        sub("a.yaml", "energy = 3", "strength = 3")),
         True, lambda rt, w: (rt.variables["strength"] == 2 and "'energy' is no longer in the story" in w[0]) or pytest.fail(str(w))),
    Edit("add a variable", sub("story.yaml", "chapters:\n", "  hope: {type: bool, initial: true}\nchapters:\n"),
         True, lambda rt, w: (rt.variables["hope"] is True and rt.variables["energy"] == 3 and not w) or pytest.fail(str(w))),
    Edit("change a variable's type", both(sub("story.yaml", "energy: {type: int, initial: 2, min: 0, max: 5}", "energy: {type: str, initial: low}"),
                                          sub("a.yaml", "energy = 3", "energy = 'high'")),
         True, lambda rt, w: (rt.variables["energy"] == "low" and "no longer fits" in w[0]) or pytest.fail(str(w))),
    Edit("narrow a variable's range", sub("story.yaml", "min: 0, max: 5}", "min: 0, max: 2}"),
         True, at("room", "no longer fits", energy=2)),
    Edit("rename an enum value", both(sub("story.yaml", "values: [flat, calm]", "values: [flat, quiet]"), sub("a.yaml", "mood = 'calm'", "mood = 'quiet'")),
         True, lambda rt, w: (rt.variables["mood"] == "flat" and "'mood' no longer fits" in w[0]) or pytest.fail(str(w))),
    Edit("remove the save's node", both(sub("b.yaml", "  room:\n    text: A room.\n    choices:\n      - {text: Stay., to: room}\n"
                                               "      - {text: Leave., to: end}\n", ""), sub("a.yaml", "next: room", "next: end")),
         True, at("mid", "no longer in the story", "Halfway")),
    Edit("rename the save's node with replaces", both(sub("b.yaml", "  room:\n    text: A room.", "  chamber:\n    replaces: room\n    text: A room."),
                                                      sub("b.yaml", "to: room}", "to: chamber}"), sub("a.yaml", "next: room", "next: chamber")),
         True, at("chamber", "which replaces it")),
    Edit("rename the save's node", both(sub("b.yaml", "  room:\n", "  chamber:\n"), sub("b.yaml", "to: room}", "to: chamber}"),
                                        sub("a.yaml", "next: room", "next: chamber")),
         True, at("mid", "no longer in the story")),
    Edit("move the save's node to another chapter", both(sub("b.yaml", "  room:\n    text: A room.\n    choices:\n      - {text: Stay., to: room}\n"
                                                                 "      - {text: Leave., to: end}\n", ""),
                                                           sub("d.yaml", "nodes:\n", "nodes:\n  room:\n    text: A room.\n    next: other\n"),
                                                           sub("a.yaml", "next: room", "next: end")),
         True, at("mid", "moved to another chapter")),
    Edit("move the save's node to another file", both(sub("b.yaml", "  room:\n    text: A room.\n    choices:\n      - {text: Stay., to: room}\n"
                                                              "      - {text: Leave., to: end}\n", ""),
                                                        sub("a.yaml", "    next: room\n", "    next: room\n  room:\n    text: A room.\n    choices:\n"
                                                            "      - {text: Stay., to: room}\n      - {text: Leave., to: end}\n")),
         True, at("room")),
    Edit("remove the file holding the save's node", both(sub("story.yaml", "files: [a.yaml, b.yaml]", "files: [a.yaml]"),
                                                         sub("a.yaml", "next: room", "next: start")),
         True, at("mid", "no longer in the story")),
    Edit("change a choice's target", sub("b.yaml", "{text: Stay., to: room}", "{text: Stay., to: end}"),
         True, lambda rt, w: (rt.node_id == "room" and rt.choices[0].target == "end" and not w) or pytest.fail(str(w))),
    Edit("change the chapter's start", sub("story.yaml", "start: start, files", "start: mid, files"), True, at("room")),
    Edit("remove the chapter", both(sub("story.yaml", "  - {id: c, title: Chapter, start: start, files: [a.yaml, b.yaml]}\n", "")),
         True, lambda rt, w: pytest.fail("the save should be refused")),
]


def saved(tmp_path: Path, at_room: bool) -> dict:
    story = load_story(write_story(tmp_path / "before", MANIFEST, {"a.yaml": A, "b.yaml": B, "d.yaml": D})).story
    runtime = Runtime(story, "c", seed=1)
    runtime.choose(0)  # the train: once-only, energy 3, calm
    if at_room:
        runtime.choose(2)  # go on
        runtime.advance()
        runtime.choose(0)  # stay, so the room is in the history
    return json.loads(json.dumps(runtime.to_state()))


def test_there_are_at_least_seventeen_edits() -> None:
    assert len(EDITS) >= 17 and len({edit.name for edit in EDITS}) == len(EDITS)


@pytest.mark.parametrize("edit", EDITS, ids=[edit.name for edit in EDITS])
def test_a_save_across_an_edit(tmp_path: Path, edit: Edit) -> None:
    state = saved(tmp_path, edit.at_room)
    files = {"story.yaml": MANIFEST, "a.yaml": A, "b.yaml": B, "d.yaml": D}
    edit.change(files)
    result = load_story(write_story(tmp_path / "after", files.pop("story.yaml"), files))
    assert result.ok, [str(d) for d in result.diagnostics]
    if edit.name == "remove the chapter":
        with pytest.raises(StateError, match="chapter this story does not have"):
            Runtime.from_state(result.story, state)
        return
    runtime, warnings = Runtime.from_state(result.story, state)
    assert len(warnings) <= 2 and all("\n" not in warning for warning in warnings)
    edit.expect(runtime, warnings)
    for _ in range(20):  # and play goes on
        if runtime.choices:
            runtime.choose(len(runtime.choices) - 1)
        elif runtime.mode.value == "continue":
            runtime.advance()
        else:
            break
    while runtime.can_undo:
        runtime.undo()
