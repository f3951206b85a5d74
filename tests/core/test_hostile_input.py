"""Broken and hostile story files get clear findings quickly, never a traceback, and never run code."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.core.checker import check_story
from tests.conftest import ONE_CHAPTER, ROOT, write_story

NODE_OK = "nodes:\n  start:\n    text: Hi.\n    ending: {id: e, title: E}\n"


def story_with(tmp_path: Path, content: bytes) -> Path:
    folder = write_story(tmp_path / "story", ONE_CHAPTER, {})
    (folder / "nodes.yaml").write_bytes(content)
    return folder


def codes_of(folder: Path) -> tuple[set[str], float]:
    """The error codes, and the seconds taken (printed by the benchmark, never asserted here)."""
    started = time.perf_counter()
    result = check_story(folder)
    return {d.code for d in result.errors}, time.perf_counter() - started


BILLION_LAUGHS = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
nodes: *i
"""

CASES: dict[str, tuple[bytes, str]] = {
    "invalid yaml": (b"nodes:\n  start: [\n", "CL001"),
    "tabs": (b"nodes:\n\tstart:\n", "CL090"),
    "binary junk": (bytes(range(256)) * 40, "CL002"),
    "not utf-8": (b"nodes:\n  start:\n    text: \xff\xfe\n", "CL002"),
    "python object tag": (b"nodes: !!python/object/apply:os.system ['touch /tmp/curtain-light-pwned']\n", "CL003"),
    "python name tag": (b"nodes:\n  start: !!python/name:os.system\n", "CL003"),
    "custom tag": (b"nodes: !include other.yaml\n", "CL003"),
    "billion laughs": (BILLION_LAUGHS, "CL004"),
    "merge key": (b"base: &b {text: hi}\nnodes:\n  start:\n    <<: *b\n", "CL004"),
    "deep flow nesting": (b"nodes: " + b"[" * 100_000 + b"]" * 100_000, "CL005"),
    "deep block nesting": (b"".join(b"  " * level + b"a:\n" for level in range(1200)) + b"  " * 1200 + b"x: 1\n", "CL005"),
    "deep mapping nesting": (b"nodes: " + b"{a: " * 60 + b"1" + b"}" * 60, "CL005"),
    "wrong types": (b"nodes:\n  start:\n    text: 12\n    choices: yes\n", "CL010"),
    "a list, not a mapping": (b"- a\n- b\n", "CL010"),
    "many documents": (b"nodes: {}\n---\nnodes: {}\n", "CL001"),
    "an empty file": (b"", "CL010"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_files_get_findings(tmp_path: Path, name: str) -> None:
    content, code = CASES[name]
    codes, _ = codes_of(story_with(tmp_path, content))
    assert code in codes, (name, codes)
    assert not Path("/tmp/curtain-light-pwned").exists()


def test_a_fifty_megabyte_file(tmp_path: Path) -> None:
    content = NODE_OK.encode() + b"# " + b"x" * 80 + b"\n"
    folder = story_with(tmp_path, content * (50 * 1024 * 1024 // len(content)))
    codes, _ = codes_of(folder)
    assert codes == {"CL002"}


def test_a_missing_manifest_and_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert codes_of(tmp_path / "empty")[0] == {"CL011"}
    assert codes_of(tmp_path / "absent")[0] == {"CL012"}
    (tmp_path / "file.yaml").write_text("x: 1")
    assert codes_of(tmp_path / "file.yaml")[0] == {"CL012"}


def test_a_manifest_that_is_junk(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    for junk in (b"", b"42", b"[1, 2]", b"title: x\nchapters: 7\n", b"chapters:\n  - 1\n  - {id: [x]}\n", b"\x00\x01"):
        (folder / "story.yaml").write_bytes(junk)
        codes, _ = codes_of(folder)
        assert codes, junk


def test_check_command_never_shows_a_traceback(tmp_path: Path) -> None:
    folder = story_with(tmp_path, BILLION_LAUGHS)
    for args, expected in (([str(folder)], 1), ([str(tmp_path / "absent")], 2), ([str(ROOT / "tests")], 1)):
        run = subprocess.run([sys.executable, "main.py", "check", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert run.returncode == expected, run.stdout + run.stderr
        assert "Traceback" not in run.stdout + run.stderr
        assert "error" in run.stdout


def test_bad_usage_exits_2() -> None:
    run = subprocess.run([sys.executable, "main.py", "check", "--no-such-flag"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr


# Random, well-formed YAML of the wrong shape: the loader must answer with findings, never crash.
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import yaml  # noqa: E402

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(
    ["start", "end", "energy", "{energy}", "{if door: a|else: b}", "x >", "dark_room", "", "{", "}", "energy += 1"]))
_keys = st.sampled_from(["nodes", "start", "end", "text", "choices", "to", "if", "enabled", "reason", "set", "next",
                         "ending", "id", "title", "scene", "name", "light", "ambience", "once", "fallback", "variables",
                         "type", "initial", "min", "max", "values", "tags", "status", "image"])
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(_keys, inner, max_size=5)), max_leaves=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.dictionaries(_keys, _values, max_size=4))
def test_random_documents_never_crash_the_loader(tmp_path: Path, document: dict) -> None:
    folder = story_with(tmp_path, yaml.safe_dump(document).encode())
    result = check_story(folder)
    assert not any("internal error" in d.message for d in result.diagnostics), [str(d) for d in result.diagnostics]
