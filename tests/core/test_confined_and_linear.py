"""Links, odd characters and hostile sizes: one-line findings at real positions, in linear time."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from game.core import yamlsrc
from game.content import CATALOGUE
from game.core.checker import check_story
from game.core.suggest import Suggester
from tests.conftest import ONE_CHAPTER, write_story

ENDING = "nodes:\n  start:\n    text: Hi.\n    ending: {id: e, title: E}\n"


def findings(folder: Path) -> list[str]:
    return [str(d) for d in check_story(folder, CATALOGUE).diagnostics if d.code != "CL035"]


def test_line_numbers_count_only_real_line_breaks(story_factory) -> None:
    folder = story_factory("# one\u2029\u2028\x85\nnodes:\n  start:\n    text: Hi.\n    next: nowhere\n")
    [finding] = [f for f in findings(folder) if "CL021" in f]
    assert ":5:11:" in finding, finding


def test_a_control_character_is_one_finding_at_its_place(story_factory) -> None:
    folder = story_factory('nodes:\n  start:\n    text: "x\x01y"\n    ending: {id: e, title: E}\n')
    [finding] = [f for f in findings(folder) if "CL001" in f]
    assert "nodes.yaml:3:13:" in finding and "U+0001" in finding and "\n" not in finding


def test_a_refused_character_after_other_unicode_is_found_at_its_column(story_factory) -> None:
    # A fuzzed mutant: U+0085 and U+FFFF put before a line of the story; libyaml counts in bytes.
    folder = story_factory('nodes:\n  start:\n    text: "é語🙂"\n\x85\uffff    ending: {id: e, title: E}\n')
    [finding] = [f for f in findings(folder) if "CL001" in f]
    assert "nodes.yaml:4:2:" in finding and "U+FFFF" in finding, finding


def test_an_expression_error_in_a_value_folded_over_lines_is_on_its_own_line(story_factory) -> None:
    # A fuzzed mutant: an indented line folds into the expression above it, which then does not parse.
    folder = story_factory("nodes:\n  start:\n    text: Hi.\n    choices:\n      - text: Go.\n        to: end\n"
                           "        enabled: energy >= 1 and\n          door and (\n        reason: No.\n"
                           "  end:\n    text: Done.\n    ending: {id: e, title: E}\n")
    [finding] = [f for f in findings(folder) if "CL030" in f]
    assert "nodes.yaml:8:20:" in finding, finding


def test_an_effect_indented_into_the_one_above_is_found_on_its_own_line(story_factory) -> None:
    # The fuzzed mutant itself: `- anger -= 1` indented two more, so YAML reads one effect
    # "energy += 1 - energy -= 1", which does not parse, at a column of its second line.
    folder = story_factory("nodes:\n  start:\n    text: Hi.\n    set:\n      - energy += 1\n        - energy -= 1\n"
                           "    ending: {id: e, title: E}\n")
    [finding] = [f for f in findings(folder) if "CL030" in f]
    line, col = (int(part) for part in finding.split("nodes.yaml:")[1].split(":")[:2])
    assert line == 6 and 9 <= col <= len("        - energy -= 1"), finding


def test_an_error_at_the_end_of_a_file_without_a_last_line_break_is_on_its_last_line(story_factory) -> None:
    folder = story_factory("nodes:\n  start:\n    text: Hi.\n    scene: {name: flat_8")
    [finding] = [f for f in findings(folder) if "CL001" in f]
    assert "nodes.yaml:4:25:" in finding, finding


def test_a_value_with_line_breaks_still_gives_a_one_line_finding(story_factory) -> None:
    folder = story_factory("nodes:\n  start:\n    text: Hi.\n    ambience: \"room\\nmore\"\n    ending: {id: e, title: E}\n")
    assert all("\n" not in finding for finding in findings(folder))
    assert any("CL042" in finding for finding in findings(folder))


@pytest.mark.parametrize("value", ["5", "true", "2.5"])
def test_files_that_is_not_text_or_a_list_is_a_schema_finding(tmp_path: Path, value: str) -> None:
    folder = write_story(tmp_path / "s", f"title: T\nchapters:\n  - {{id: c, title: C, start: a, files: {value}}}\n", {})
    found = findings(folder)
    assert any("story.yaml:3:" in f and "'files'" in f and "CL010" in f for f in found), found
    assert not any("internal error" in f for f in found)


def test_if_nested_too_deep_is_a_finding_in_the_text(story_factory) -> None:
    text = "{if true: " * 400 + "deep" + "}" * 400
    found = findings(story_factory(f'nodes:\n  start:\n    text: "{text}"\n    ending: {{id: e, title: E}}\n'))
    assert any("nodes.yaml:3:" in f and "CL037" in f and "nested" in f for f in found), found
    assert not any("internal error" in f for f in found)


def test_a_text_with_half_a_million_interpolations_is_refused_at_once(story_factory) -> None:
    text = "{energy} " * 500_000
    started = time.perf_counter()
    found = findings(story_factory(f'nodes:\n  start:\n    text: "{text}"\n    ending: {{id: e, title: E}}\n'))
    print(f"500,000 interpolations checked in {time.perf_counter() - started:.2f} s")
    assert any("CL037" in f and "more than" in f for f in found), found


def test_two_links_back_to_their_own_folder_load_each_file_once(tmp_path: Path) -> None:
    manifest = ONE_CHAPTER.replace("files: [nodes.yaml]", "files: ['c/*.yaml', '**/*.yaml']")
    folder = write_story(tmp_path / "s", manifest, {"c/nodes.yaml": ENDING})
    os.symlink(folder / "c", folder / "c" / "l1")
    os.symlink(folder / "c", folder / "c" / "l2")
    result = check_story(folder, CATALOGUE)
    assert result.ok and len(result.story.files) == 2, [str(d) for d in result.diagnostics]


def test_links_out_of_the_story_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"not a picture")
    (outside / "story.yaml").write_text(ONE_CHAPTER, encoding="utf-8")
    folder = write_story(tmp_path / "s", ONE_CHAPTER, {"nodes.yaml": ENDING.replace("    text: Hi.\n", "    text: Hi.\n    image: pic.png\n")})
    os.symlink(outside / "secret.png", folder / "pic.png")
    assert any("pic.png' is a link that leaves" in f and "CL013" in f for f in findings(folder))
    linked = tmp_path / "linked"
    linked.mkdir()
    os.symlink(outside / "story.yaml", linked / "story.yaml")
    assert any("CL013" in f for f in findings(linked))


def test_a_pipe_named_as_an_image_is_refused(story_factory) -> None:
    folder = story_factory(ENDING.replace("    text: Hi.\n", "    text: Hi.\n    image: pipe\n"))
    os.mkfifo(folder / "pipe")
    assert any("not a plain file" in f and "CL043" in f for f in findings(folder))


@pytest.mark.parametrize("where", ["chapter", "node"])
def test_ids_ending_in_a_line_break_are_refused(tmp_path: Path, where: str) -> None:
    if where == "chapter":
        manifest, nodes = ONE_CHAPTER.replace("id: main", 'id: "main\\n"'), ENDING
    else:
        manifest, nodes = ONE_CHAPTER, ENDING + '  "start2\\n": {text: Hi., ending: {id: f, title: F}}\n'
    folder = write_story(tmp_path / "s", manifest, {"nodes.yaml": nodes})
    assert any("CL010" in f for f in findings(folder))


def test_loading_keeps_no_memory_of_earlier_loads(story_factory) -> None:
    folder = story_factory(ENDING)
    for _ in range(3):
        check_story(folder, CATALOGUE)
    assert not yamlsrc._constructor.constructed_objects


def test_did_you_mean_over_many_names_finds_the_close_one() -> None:
    names = Suggester([f"node_{i}" for i in range(50_000)] + ["kitchen_window"])
    assert names.closest("kitchen_windw") == "kitchen_window"
    assert names.closest("node_4999x") in {"node_4999", "node_49991", "node_49990"} | {f"node_4999{d}" for d in range(10)}
    assert names.closest("zzzzzzzzzzzzzzzz") is None
