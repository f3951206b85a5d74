"""The loader: positions inside block texts and quoted strings, scoping, paths and pages."""
from __future__ import annotations

from pathlib import Path

from game.core.checker import check_story
from game.core.loader import load_story
from tests.conftest import KNOWN_STORY_WARNINGS, ONE_CHAPTER, story_warning_keys, write_story

BLOCK = """\
nodes:
  start:
    text: |
      First paragraph, plain.

      Second paragraph runs
        over two lines and {nope} here.
    choices:
      - text: "Quoted {enrgy}"
        to: start
"""


def test_positions_point_inside_block_and_quoted_texts(story_factory) -> None:
    result = load_story(story_factory(BLOCK))
    found = {d.message.split(";")[0]: (d.line, d.col) for d in result.errors}
    assert found["unknown variable 'nope'"] == (7, 29)
    assert found["unknown variable 'enrgy'"] == (9, 24)


def test_paragraphs_split_on_blank_lines_and_join_lines(story_factory) -> None:
    nodes = "nodes:\n  start:\n    text: |\n      One\n      line.\n\n\n      Two.\n    next: start\n"
    story = load_story(story_factory(nodes)).story
    assert [t.source for t in story.nodes["start"].text] == ["One line.", "Two."]
    nodes_list = "nodes:\n  start:\n    text: [First., \"Second {energy}.\"]\n    next: start\n"
    story = load_story(story_factory(nodes_list)).story
    assert [t.source for t in story.nodes["start"].text] == ["First.", "Second {energy}."]


def test_chapter_variables_from_node_files_are_scoped(tmp_path: Path) -> None:
    manifest = """\
title: Two
chapters:
  - {id: a, title: A, start: a1, files: [a.yaml]}
  - {id: b, title: B, start: b1, files: [b.yaml]}
"""
    a = "variables:\n  tea: {type: int, initial: 1}\nnodes:\n  a1:\n    text: Tea {tea}.\n    ending: {id: e, title: E}\n"
    b = "nodes:\n  b1:\n    text: Tea {tea}.\n    ending: {id: e, title: E}\n"
    result = check_story(write_story(tmp_path / "s", manifest, {"a.yaml": a, "b.yaml": b}))
    errors = [(Path(d.path).name, d.code) for d in result.errors]
    assert errors == [("b.yaml", "CL031")]
    assert result.story.chapter("a").variables["tea"].initial == 1


def test_pages_are_paragraphs(story_factory) -> None:
    story = load_story(story_factory("nodes:\n  start:\n    text: Hi.\n    ending: {id: e, title: E}\n")).story
    assert story.pages["help"].paragraphs == ["Some help."]


def test_links_that_leave_the_story_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("nodes:\n  start:\n    text: Outside.\n    ending: {id: e, title: E}\n")
    folder = write_story(tmp_path / "story", ONE_CHAPTER, {})
    (folder / "nodes.yaml").symlink_to(outside)
    result = check_story(folder)
    assert "CL013" in {d.code for d in result.diagnostics}
    assert "start" not in (result.story.nodes if result.story else {})


def test_the_games_story_checks_clean() -> None:
    result = check_story(Path(__file__).resolve().parents[2] / "story")
    assert [str(d) for d in result.errors] == []
    # Only the known warnings, which the story's second draft (issue 9) fixes; any new one fails.
    assert story_warning_keys(result.warnings) == KNOWN_STORY_WARNINGS, [str(d) for d in result.warnings]


def test_the_fast_resolver_gives_the_safe_loaders_tags() -> None:
    import yaml

    from game.core.yamlsrc import _StoryLoader

    for value in ["The", "yes", "Yes", "YES", "y", "N", "on", "Off", "null", "NULL", "Nothing", "~", "12", "-3", ".5",
                  ".inf", "true", "False", "x", "é", "2026-01-01", "o", "Oslo", "<<", "=", "0x1F", "1:30", "+1"]:
        expected = yaml.compose(f"k: {value}", Loader=yaml.SafeLoader).value[0][1].tag
        assert yaml.compose(f"k: {value}", Loader=_StoryLoader).value[0][1].tag == expected, value


def test_dice_roll_the_same_after_a_reload(story_factory) -> None:
    from game.core.runtime import Runtime

    nodes = ('nodes:\n  start:\n    text: "{random(1, 1000)} {random(1, 1000)} {if chance(50): a|else: b}"\n'
             '    ending: {id: e, title: E}\n')
    folder = story_factory(nodes)
    first = Runtime(load_story(folder).story, "main", seed=3).text
    load_story(folder)  # another load in between must not shift anything
    again = Runtime(load_story(folder).story, "main", seed=3).text
    assert first == again


PLAIN_SHAPES = """\
nodes:
  start:
    text: Go on.
    choices:
      - {text: On., to: wide}
      - text: "  Back.  "
        to: start
  wide:
    text: "   A line padded with spaces, and long enough not to be one of the shared plain texts.   "
    choices: []
  tabbed:
    text: "A\\ttab in it."
    choices:
      - {text: On., to: start}
  braced:
    text: "A {if true: varied} line."
    choices:
      - {text: "{if true: Yes|else: No}.", to: start}
  keyed:
    text: Keyed.
    choices:
      - {id: k, text: On., to: start}
  empty:
    text: "   "
    choices:
      - {text: On., to: start}
  ending:
    text: Done.
  missing_to:
    text: Half.
    choices:
      - {text: On.}
      - {text: 5, to: start}
      - plain words
"""


def test_plain_nodes_built_straight_are_the_nodes_the_general_path_builds(story_factory, monkeypatch) -> None:
    """The shortcut for a node of one plain line and plain choices gives the very node (and findings) `node` makes."""
    import re

    from game.core import load_nodes

    def shown(result) -> list[str]:
        return [re.sub(r" at 0x[0-9a-f]+", "", repr(node)) for node in result.story.nodes.values()] + \
            [str(finding) for finding in result.diagnostics]

    folder = story_factory(PLAIN_SHAPES)
    straight = check_story(folder)
    taken: list[str] = []
    original = load_nodes.plain_node
    monkeypatch.setattr(load_nodes, "plain_node", lambda *args: taken.append(args[1]) or original(*args))
    assert shown(check_story(folder)) == shown(straight)
    assert set(taken) >= {"start", "wide", "tabbed"}  # the shortcut was asked, and answered some
    monkeypatch.setattr(load_nodes, "plain_node", lambda *args: None)  # the general path alone
    assert shown(check_story(folder)) == shown(straight)
    assert straight.story.nodes["start"].choices[1].text.source == "  Back.  "
