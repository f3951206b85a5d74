"""One failing story per diagnostic code: the checker names the code, the file and the line."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.content import CATALOGUE
from game.core.checker import check_story
from game.core.diagnostics import CODES
from tests.conftest import ONE_CHAPTER, PAGES, write_story

GOOD = """\
nodes:
  start:
    text: |
      Energy {energy}. {if door: Door.}
    scene: {name: dark_room, light: "{energy}"}
    ambience: room_tone
    choices:
      - text: Rest.
        to: end
        set: energy += 1
      - text: Open.
        to: end
        enabled: energy >= 3 and mood == 'calm'
        reason: Too tired.
        set: [door = true, mood = 'calm']
  end:
    text: "Done{if door and mood == 'calm': , and the door stands open}."
    ending: {id: done, title: Done}
"""


def replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


# code -> (node file text, manifest text, extra files, file the finding is in, its line)
CASES: dict[str, tuple[str, str, dict[str, str | bytes], str, int]] = {
    "CL001": (replace("      - text: Rest.", "      - text: [Rest."), ONE_CHAPTER, {}, "nodes.yaml", 9),
    "CL002": ("nodes:\n  start:\n    text: caf\xe9\n", ONE_CHAPTER, {}, "nodes.yaml", 3),
    "CL003": (replace("    ambience: room_tone", "    ambience: !!python/object/apply:os.system [echo hi]"), ONE_CHAPTER, {}, "nodes.yaml", 6),
    "CL004": (replace("    ambience: room_tone", "    ambience: &a room_tone\n    tags: &t [x]\n    title: *a\n    status: *t"), ONE_CHAPTER, {}, "nodes.yaml", 9),
    "CL005": (GOOD + "  deep:\n    text: " + "[" * 60 + "]" * 60 + "\n    next: end\n", ONE_CHAPTER, {}, "nodes.yaml", 20),
    "CL006": (GOOD, ONE_CHAPTER.replace("title: Test", "title: Test\ntitle: Again"), {}, "story.yaml", 3),
    "CL010": (replace("    ambience: room_tone", "    ambience: room_tone\n    txt: oops"), ONE_CHAPTER, {}, "nodes.yaml", 7),
    "CL011": (GOOD, "", {}, "story.yaml", 1),
    "CL013": (GOOD, ONE_CHAPTER.replace("files: [nodes.yaml]", "files: [nodes.yaml, ../elsewhere/*.yaml]"), {}, "story.yaml", 7),
    "CL014": (GOOD, ONE_CHAPTER.replace("pages:", """\
  - id: other
    title: Other
    start: start
    files: [nodes.yaml]
pages:"""), {}, "story.yaml", 17),
    "CL020": (GOOD, ONE_CHAPTER.replace("files: [nodes.yaml]", "files: [nodes.yaml, more.yaml]"),
              {"more.yaml": "nodes:\n  end:\n    text: Again.\n    ending: {id: again, title: Again}\n"}, "more.yaml", 2),
    "CL021": (replace("        to: end\n        set: energy += 1", "        to: ned\n        set: energy += 1"), ONE_CHAPTER, {}, "nodes.yaml", 9),
    "CL022": (GOOD, ONE_CHAPTER.replace("start: start", "start: begin"), {}, "story.yaml", 6),
    "CL023": (GOOD + "  lost:\n    text: Nobody comes here.\n    next: end\n", ONE_CHAPTER, {}, "nodes.yaml", 19),
    "CL024": (GOOD + "  stuck:\n    text: Nowhere to go.\n    choices: []\n", ONE_CHAPTER, {}, "nodes.yaml", 19),
    "CL025": (replace("        to: end\n        set: energy += 1", "        to: end\n        if: energy < 5"), ONE_CHAPTER, {}, "nodes.yaml", 2),
    "CL026": (GOOD, ONE_CHAPTER.replace("pages:", """\
  - id: other
    title: Other
    start: o_start
    files: [other.yaml]
pages:"""), {"other.yaml": "nodes:\n  o_start:\n    text: Other.\n    next: end\n"}, "other.yaml", 4),
    "CL027": (GOOD + "  end2:\n    text: Also done.\n    ending: {id: done, title: Again}\n", ONE_CHAPTER, {}, "nodes.yaml", 21),
    "CL030": (replace("enabled: energy >= 3 and", "enabled: energy >= and"), ONE_CHAPTER, {}, "nodes.yaml", 13),
    "CL031": (replace("enabled: energy >= 3 and", "enabled: enrgy >= 3 and"), ONE_CHAPTER, {}, "nodes.yaml", 13),
    "CL032": (replace("enabled: energy >= 3 and", "enabled: seenit(start) and"), ONE_CHAPTER, {}, "nodes.yaml", 13),
    "CL033": (replace("enabled: energy >= 3 and", "enabled: energy == true and"), ONE_CHAPTER, {}, "nodes.yaml", 13),
    "CL034": (replace("set: energy += 1", "set: energy = 9"), ONE_CHAPTER, {}, "nodes.yaml", 2),
    "CL035": (GOOD, ONE_CHAPTER.replace("      door:", "      unused: {type: int, initial: 0}\n      door:"), {}, "story.yaml", 11),
    "CL036": (GOOD, ONE_CHAPTER.replace("energy: {type: int, initial: 2,", "energy: {type: int, initial: 7,"), {}, "story.yaml", 10),
    "CL037": (replace("      Energy {energy}.", "      Energy {energy."), ONE_CHAPTER, {}, "nodes.yaml", 4),
    "CL038": ("variables:\n  energy: {type: int, initial: 1}\n" + GOOD, ONE_CHAPTER, {}, "nodes.yaml", 2),
    "CL040": (replace("{name: dark_room,", "{name: dark_rom,"), ONE_CHAPTER, {}, "nodes.yaml", 5),
    "CL041": (replace('light: "{energy}"', 'lite: "{energy}"'), ONE_CHAPTER, {}, "nodes.yaml", 5),
    "CL042": (replace("ambience: room_tone", "ambience: room_tones"), ONE_CHAPTER, {}, "nodes.yaml", 6),
    "CL043": (replace("    ambience: room_tone", "    ambience: room_tone\n    image: pictures/missing.png"), ONE_CHAPTER, {}, "nodes.yaml", 7),
    "CL044": (GOOD, ONE_CHAPTER.replace(PAGES, ""), {}, "story.yaml", 1),
    "CL045": (replace("    ambience: room_tone", "    ambience: room_tone\n    image: huge.png"), ONE_CHAPTER,
              {"huge.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (45000).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00"},
              "nodes.yaml", 7),
    "CL050": (replace("{if door and mood == 'calm':", "{if mood == 'calm':"), ONE_CHAPTER, {}, "nodes.yaml", 11),
    "CL051": (replace("Energy {energy}.", "Energy {energy}. {if lamp: Lamp.}"),
              ONE_CHAPTER.replace("      door:", "      lamp: {type: bool, initial: false}\n      door:"), {}, "story.yaml", 11),
    "CL052": (replace("reason: Too tired.", 'reason: "{if door: Shut.|else: Too tired.}"'), ONE_CHAPTER, {}, "nodes.yaml", 11),
    "CL053": (replace("reason: Too tired.", 'reason: "{if energy < 3: Too tired.|else: Not now.}"'), ONE_CHAPTER, {}, "nodes.yaml", 11),
    "CL059": (GOOD, ONE_CHAPTER + "quality:\n  nowhere: {max_forgotten_choices: 0}\n", {}, "story.yaml", 0),
    "CL070": (replace("set: energy += 1", "set: energy = energy * 2"),
              ONE_CHAPTER.replace("initial: 2, min: 0, max: 5}", "initial: 2, min: 0}"), {}, "nodes.yaml", 8),
    "CL090": (replace("    ambience: room_tone", "\tambience: room_tone"), ONE_CHAPTER, {}, "nodes.yaml", 6),
    "CL091": (replace("  end:\n    text:", "  end:\n    title: Done: at last\n    text:"), ONE_CHAPTER, {}, "nodes.yaml", 17),
    "CL092": (replace("        to: end\n        set: energy += 1", "      to: end\n        set: energy += 1"), ONE_CHAPTER, {}, "nodes.yaml", 9),
    "CL093": (replace("      - text: Rest.", "      - text: Rest on cot #2."), ONE_CHAPTER, {}, "nodes.yaml", 8),
    "CL094": (replace("      - text: Rest.", "      - text: No"), ONE_CHAPTER, {}, "nodes.yaml", 8),
    "CL110": (replace("title: Done}", "title: It's done}"), ONE_CHAPTER, {}, "nodes.yaml", 18),
}


def build(tmp_path: Path, code: str) -> Path:
    nodes, manifest, extra, _, _ = CASES[code]
    folder = tmp_path / "story"
    folder.mkdir()
    if manifest:
        (folder / "story.yaml").write_text(manifest, encoding="utf-8")
    data = nodes.encode("latin-1") if code == "CL002" else nodes.encode("utf-8")
    (folder / "nodes.yaml").write_bytes(data)
    for name, text in extra.items():
        if isinstance(text, bytes):
            (folder / name).write_bytes(text)
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_good_story_has_no_findings(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "story", ONE_CHAPTER, {"nodes.yaml": GOOD})
    result = check_story(folder, CATALOGUE)
    assert result.diagnostics == []
    assert result.ok


def test_every_code_has_a_fixture() -> None:
    # The translation findings (check --lang) have their fixtures in test_i18n.py, which checks it covers them all.
    translation = {code for code in CODES if "CL120" <= code <= "CL129"}
    assert set(CASES) | {"CL012"} | translation == set(CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_reported_at_its_file_and_line(tmp_path: Path, code: str) -> None:
    folder = build(tmp_path, code)
    result = check_story(folder, CATALOGUE)
    _, _, _, file_name, line = CASES[code]
    matching = [d for d in result.diagnostics if d.code == code]
    assert matching, f"{code} not reported; got {[str(d) for d in result.diagnostics]}"
    finding = matching[0]
    assert Path(finding.path).name == file_name
    if line:
        assert finding.line == line, str(finding)
    assert finding.col >= 1
    assert str(finding).endswith(f"[{code}]")


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    result = check_story(tmp_path / "nowhere")
    assert [d.code for d in result.diagnostics] == ["CL012"]
    assert result.story is None


def test_every_code_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"## {code}" in docs, code
