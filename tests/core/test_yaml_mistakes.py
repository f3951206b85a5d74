"""YAML mistakes told in an author's words on the right line, and no findings that only follow from another."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.core.checker import check_story
from game.core.loader import load_story
from tests.conftest import ONE_CHAPTER as WITH_DOOR, write_story

ONE_CHAPTER = "".join(line + "\n" for line in WITH_DOOR.splitlines()
                      if not line.lstrip().startswith(("door:", "mood:")))  # energy alone: read and set below

NODES = """\
nodes:
  start:
    title: The cot
    text: Energy {energy}.
    choices:
      - text: Rest.
        to: end
        set: energy += 1
      - text: Wait.
        to: end
  end:
    text: Done.
    ending: {id: done, title: Done}
"""


def findings(tmp_path: Path, nodes: str, manifest: str = ONE_CHAPTER, extra: dict[str, str] | None = None) -> list[str]:
    folder = write_story(tmp_path / "story", manifest, {"nodes.yaml": nodes, **(extra or {})})
    return [f"{Path(d.path).name}:{d.line}: {d.severity}: {d.message} [{d.code}]" for d in check_story(folder).diagnostics]


def edit(old: str, new: str) -> str:
    assert old in NODES
    return NODES.replace(old, new)


# name -> (nodes.yaml text, the one finding expected: file:line, code and words it must contain)
MISTAKES = {
    "to de-indented out of its choice": (
        edit("        to: end\n        set:", "      to: end\n        set:"),
        "nodes.yaml:7:", "CL092", "indent 'to:' under its choice, to column 9"),
    "set moved left to the node's level": (
        edit("        set: energy += 1\n", "    set: energy += 1\n"),
        "nodes.yaml:8:", "CL092", "indent 'set:' to column 9"),
    "to indented too deep": (
        edit("      - text: Wait.\n        to: end", "      - text: Wait.\n            to: end"),
        "nodes.yaml:10:", "CL092", "indent 'to:' to column 9, in line with 'text:'"),
    "colon in an unquoted title": (
        edit("title: The cot", "title: The drawer: string and batteries"),
        "nodes.yaml:3:", "CL091", 'put the title in quotes: title: "The drawer: string and batteries"'),
    "colon in an unquoted choice text": (
        edit("- text: Wait.", "- text: Say it: wait."),
        "nodes.yaml:9:", "CL091", 'put this text in quotes: text: "Say it: wait."'),
    "tab as indentation": (
        edit("    text: Energy {energy}.", "\ttext: Energy {energy}."),
        "nodes.yaml:4:", "CL090", "use spaces"),
    "tab inside a block of text": (
        edit("    text: Energy {energy}.", "    text: |\n      Energy {energy}.\n\tMore."),
        "nodes.yaml:6:", "CL090", "use spaces"),
    "hash cuts unquoted prose": (
        edit("- text: Wait.", "- text: Back to cot #2 by the wall."),
        "nodes.yaml:9:", "CL093", "'#2 by the wall.' as a comment, so the player sees only 'Back to cot'"),
    "a bare No where text is expected": (
        edit("- text: Wait.", "- text: No"),
        "nodes.yaml:9:", "CL094", "put it in quotes (\"No\")"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_gets_one_tailored_finding_on_its_line(tmp_path: Path, name: str) -> None:
    nodes, where, code, words = MISTAKES[name]
    found = findings(tmp_path, nodes)
    assert len(found) == 1, found
    assert found[0].startswith(where) and found[0].endswith(f"[{code}]"), found
    assert words in found[0], found
    assert "mapping values are not allowed" not in found[0] and "indicator" not in found[0]


def test_a_bare_no_is_the_word_the_author_wrote(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "story", ONE_CHAPTER, {"nodes.yaml": edit("- text: Wait.", "- text: No")})
    story = load_story(folder).story
    assert story is not None
    assert [choice.text.source for choice in story.nodes["start"].choices][1] == "No"


def test_yes_stays_true_where_true_or_false_is_expected_and_comments_after_ids_are_fine(tmp_path: Path) -> None:
    nodes = edit("        to: end\n        set:", "        to: end  # the only way on\n        once: yes\n        set:")
    assert findings(tmp_path, nodes) == []


def test_a_duplicate_id_does_not_also_report_unreachable_nodes(tmp_path: Path) -> None:
    more = "nodes:\n  start:\n    text: Again.\n    next: far\n  far:\n    text: Far.\n    next: end\n"
    manifest = ONE_CHAPTER.replace("files: [nodes.yaml]", "files: [nodes.yaml, more.yaml]")
    found = findings(tmp_path, NODES, manifest, {"more.yaml": more})
    assert [f.rsplit("[", 1)[1] for f in found] == ["CL020]"], found


def test_a_misspelt_files_glob_is_an_error_printed_first_without_wrong_suggestions(tmp_path: Path) -> None:
    manifest = ONE_CHAPTER.replace("files: [nodes.yaml]", "files: [nodes.yaml, nigth.yaml]")
    nodes = edit("        to: end\n        set:", "        to: night_walk\n        set:")
    found = findings(tmp_path, nodes, manifest, {"night.yaml": "nodes:\n  night_walk:\n    text: Out.\n    next: end\n"})
    assert found[0].startswith("story.yaml:7: error: 'nigth.yaml' matches no file"), found
    assert not any("did you mean" in f or "[CL023]" in f or "[CL035]" in f for f in found), found


def test_a_choice_without_to_is_not_followed_by_unreachable_warnings(tmp_path: Path) -> None:
    nodes = edit("      - text: Wait.\n        to: end\n", "      - text: Wait.\n")
    nodes = nodes.replace("        to: end\n        set:", "        to: middle\n        set:") + "  middle:\n    text: M.\n    next: end\n"
    nodes = nodes.replace("      - text: Rest.\n        to: middle", "      - text: Rest.\n        ton: middle")
    found = findings(tmp_path, nodes)
    assert all("[CL010]" in f for f in found) and found, found


def test_a_node_with_a_misspelt_key_is_not_also_a_dead_end(tmp_path: Path) -> None:
    found = findings(tmp_path, NODES + "  lost:\n    text: Lost.\n    choice:\n      - {text: Back, to: end}\n")
    assert len(found) == 1 and "did you mean 'choices'" in found[0], found
    found = findings(tmp_path / "b", edit("ending: {id: done, title: Done}", "ending: {title: Done}"))
    assert len(found) == 1 and "'id' is missing" in found[0], found


def test_a_broken_expression_does_not_make_its_variable_look_unread(tmp_path: Path) -> None:
    manifest = WITH_DOOR
    nodes = edit("- text: Wait.\n        to: end", "- text: Wait.\n        to: end\n        if: door and mood == 'clam'")
    found = findings(tmp_path, nodes, manifest)
    assert any("[CL033]" in f for f in found) and not any("[CL035]" in f for f in found), found


def test_a_misspelt_start_suggests_the_chapters_node(tmp_path: Path) -> None:
    found = findings(tmp_path, NODES, ONE_CHAPTER.replace("start: start", "start: strat"))
    assert any("[CL022]" in f and "did you mean 'start'?" in f for f in found), found


def test_a_bare_off_in_a_one_line_choice_is_found_too(tmp_path: Path) -> None:
    found = findings(tmp_path, edit("      - text: Wait.\n        to: end", "      - {text: Off, to: end}"))
    assert len(found) == 1 and "[CL094]" in found[0] and "nodes.yaml:9:" in found[0], found
