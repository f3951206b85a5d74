"""History pages name what was read, not its words: a save made in English shows its history in Japanese."""
from __future__ import annotations

import json

from game.core.checker import check_story
from game.core.i18n.apply import in_language
from game.core.runtime import Runtime
from tests.conftest import write_translation

NODES = """\
nodes:
  start:
    title: The door
    text: |
      The door is closed. The hall is cold.
    choices:
      - {text: Open the door., to: hall, set: energy -= 1}
      - {text: Wait., to: start}
  hall:
    title: The hall
    text: |
      You have {energy} energy left. {if seen('start'): The door is behind you.|else: Nothing is behind you.}
    choices:
      - {text: "Sit down ({energy}).", to: rest, set: energy += 3}
  rest:
    text: You rest.
    choices:
      - {text: Stand up., to: end}
  end:
    text: The end.
    ending: {id: done, title: Done}
"""
JAPANESE = {
    "start.title": "扉",
    "start.text.0": "扉は閉まっている。廊下は寒い。",
    "start.to.hall": "扉を開ける。",
    "start.to.start": "待つ。",
    "hall.title": "廊下",
    "hall.text.0": "気力はあと{energy}。{if seen('start'): 扉は背後にある。|else: 背後には何もない。}",
    "hall.to.rest": "座る（{energy}）。",
}


def stories(story_factory):
    folder = story_factory(NODES)
    write_translation(folder, JAPANESE)
    result = check_story(folder)
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.story, in_language(result.story, "ja")


def played_in_english(english) -> dict:
    runtime = Runtime(english, "main", seed=3)
    runtime.choose(0)  # open the door: energy 2 → 1
    runtime.choose(0)  # sit down: energy 1 → 4
    assert [entry.choice for entry in runtime.history] == ["Open the door.", "Sit down (1)."]
    return json.loads(json.dumps(runtime.to_state()))


def test_a_save_made_in_english_shows_its_history_in_japanese(story_factory) -> None:
    english, japanese = stories(story_factory)
    state = played_in_english(english)
    saved = json.dumps(state["history"], ensure_ascii=False)
    assert "door" not in saved and "paragraphs" not in saved, "the save holds no words of the history"
    runtime, warnings = Runtime.from_state(japanese, state)
    assert not warnings
    assert [(entry.title, entry.paragraphs, entry.choice) for entry in runtime.history] == [
        ("扉", ("扉は閉まっている。廊下は寒い。",), "扉を開ける。"),
        # the values as they were on that page (energy 1, not the 4 it is now), in the words of now
        ("廊下", ("気力はあと1。扉は背後にある。",), "座る（1）。"),
    ]
    assert runtime.variables["energy"] == 4
    back, _ = Runtime.from_state(english, runtime.to_state())
    assert back.history[1].paragraphs == ("You have 1 energy left. The door is behind you.",)


def test_pages_are_smaller_than_the_words_they_stand_for(story_factory) -> None:
    english, _japanese = stories(story_factory)
    state = played_in_english(english)
    runtime, _ = Runtime.from_state(english, state)
    words = sum(len(" ".join(entry.paragraphs)) + len(entry.choice or "") for entry in runtime.history)
    assert len(json.dumps(state["history"])) < words + 30 * len(state["history"])
    assert state["history"][0] == {"node": "start", "took": "to.hall"}, "a plain page is its node and its choice"


def test_an_older_save_shows_its_words_where_the_page_cannot_be_rendered_again(story_factory) -> None:
    english, japanese = stories(story_factory)
    state = played_in_english(english)
    state["version"] = 2
    state["history"] = [  # as the game wrote pages before: the words read
        {"node": "start", "paragraphs": ["The door is closed. The hall is cold."], "choice": "Open the door."},
        {"node": "hall", "paragraphs": ["You have 1 energy left. The door is behind you."], "choice": "Sit down (1)."},
    ]
    runtime, warnings = Runtime.from_state(japanese, state)
    assert not warnings
    first, second = runtime.history
    assert (first.paragraphs, first.choice) == (("扉は閉まっている。廊下は寒い。",), "扉を開ける。"), \
        "a node that reads nothing renders the same every time, so its page is made language-free"
    assert (second.paragraphs, second.choice) == (("You have 1 energy left. The door is behind you.",), "Sit down (1)."), \
        "the values this page read were not kept: its words stay as they were read"
    assert runtime.to_state()["history"][0] == {"node": "start", "took": "to.hall"}
    assert runtime.can_undo
