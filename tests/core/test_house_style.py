"""The house-style warning (CL110): straight quotes and `--` in prose are found, code is left alone."""
from __future__ import annotations

from pathlib import Path

from game.core.checker import check_story
from tests.conftest import ONE_CHAPTER, write_story

CLEAN = """\
nodes:
  start:
    title: The kettle’s song
    text: |
      “It’s late,” she says — and it is. {if mood == 'calm': You say ‘yes’.|else: You don’t.}
    status: "{if energy <= 1: Tired, and it’s only noon.|else: Awake.}"
    choices:
      - text: Say “goodnight”.
        to: end
        enabled: mood != 'flat' or energy >= 0
        reason: Your mouth won’t.
        set: mood = 'calm'
  end:
    text: Done.
    ending: {id: done, title: "Done, for now"}
"""


def house_style(tmp_path: Path, nodes: str, manifest: str = ONE_CHAPTER) -> list[str]:
    folder = write_story(tmp_path / "story", manifest, {"nodes.yaml": nodes})
    result = check_story(folder)
    assert result.ok, [str(d) for d in result.diagnostics]
    return [f"{Path(d.path).name}:{d.line}:{d.col} {d.message}" for d in result.diagnostics if d.code == "CL110"]


def test_curly_prose_and_quoted_expressions_pass(tmp_path: Path) -> None:
    assert house_style(tmp_path, CLEAN) == []


def test_each_kind_of_prose_is_checked_where_it_was_written(tmp_path: Path) -> None:
    nodes = (CLEAN.replace("The kettle’s song", "The kettle's song")
             .replace("she says — and", "she says -- and")
             .replace("You say ‘yes’.", 'You say "yes".')
             .replace("it’s only noon", "it's only noon")
             .replace("Say “goodnight”.", "Say 'goodnight'.")
             .replace("Your mouth won’t.", "Your mouth won't.")
             .replace('"Done, for now"', "\"Done, for now's sake\""))
    found = house_style(tmp_path, nodes)
    assert [line.split(" ", 1)[0] for line in found] == [
        "nodes.yaml:3:22", "nodes.yaml:5:29", "nodes.yaml:5:71", "nodes.yaml:6:44",
        "nodes.yaml:8:19", "nodes.yaml:11:31", "nodes.yaml:15:45"]
    assert "double hyphen '--'" in found[1] and "em dash" in found[1]
    assert "straight quote" in found[0] and "’" in found[0]
    assert "the reason of choice 1 of 'start'" in found[5] and "ending 'done'" in found[6]


def test_pages_and_chapter_texts_are_checked(tmp_path: Path) -> None:
    manifest = ONE_CHAPTER.replace("title: Main", "title: Main\n    blurb: It's the main one.").replace(
        "text: Some help.", "text: \"Call someone you trust -- today.\"")
    found = house_style(tmp_path, CLEAN, manifest)
    assert [line.split(" ", 1)[0] for line in found] == ["story.yaml:6:14", "story.yaml:17:53"]
    assert "the blurb of chapter 'main'" in found[0] and "the 'help' page" in found[1]


def test_a_finding_after_unicode_line_separators_is_on_the_line_an_editor_shows(tmp_path: Path) -> None:
    # A fuzzed mutant: U+2028, U+2029 and U+0085 in a comment of story.yaml before the story title.
    manifest = "# moved\u2028\u2029\x85" + ONE_CHAPTER.replace("title: Test", "title: Tom's day")
    [finding] = house_style(tmp_path, CLEAN, manifest)
    assert finding.startswith("story.yaml:2:11 the story title"), finding
