"""`main.py import-twee`: Twee parsing, link and macro translation, the story written, and its errors."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.tools.twee.body import split_link
from game.tools.twee.parse import Report, parse_header, parse_twee
from game.tools.twee.story import escape_template, import_twee, make_id

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "twee_fixtures"
REAL_TWEE = Path("/work/shared/testdata/twee")
WARNING_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): warning: .+ \[(?P<code>TW\d{3})\]$")


def run_import(source: Path, out: Path, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import-twee", str(source), "-o", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def imported(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Import a fixture; returns the manifest, the nodes and the warnings printed."""
    out = tmp_path / "story"
    code, _stdout, stderr = run_import(source, out, *extra, capsys=capsys)
    assert code == 0, stderr
    manifest = yaml.safe_load((out / "story.yaml").read_text(encoding="utf-8"))
    nodes = yaml.safe_load((out / "nodes.yaml").read_text(encoding="utf-8"))["nodes"]
    return manifest, nodes, stderr


def codes(stderr: str) -> list[str]:
    return [match.group("code") for match in map(WARNING_LINE.match, stderr.splitlines()) if match]


def assert_checks(folder: Path) -> None:
    from game.core.checker import check_story

    result = check_story(folder)
    errors = [str(d) for d in result.diagnostics if d.severity == "error"]
    assert errors == []
    assert result.ok


def choices(node: dict[str, Any]) -> list[tuple[str, str]]:
    return [(choice["text"], choice["to"]) for choice in node.get("choices", [])]


# -- the module


def test_the_command_module_imports_nothing_heavy() -> None:
    probe = "import sys, game.tools.twee; print(sorted(m for m in ('yaml', 'game.tools.twee.story', 'game.tools.twee.body') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- headers


@pytest.mark.parametrize(
    ("header", "name", "tags", "metadata"),
    [
        (" An overgrown path", "An overgrown path", [], {}),
        (" An overgrown path [forest spooky]", "An overgrown path", ["forest", "spooky"], {}),
        (' Path {"position":"600,400","size":"100,200"}', "Path", [], {"position": "600,400", "size": "100,200"}),
        (' Path [a b] {"position":"1,2"}', "Path", ["a", "b"], {"position": "1,2"}),
        (' Path {"position":"1,2"} [a]', "Path", ["a"], {"position": "1,2"}),
        (r" Door \[A\] [tag\]s]", "Door [A]", ["tag]s"], {}),
        (r" Curly \{x\} and back\\slash", r"Curly {x} and back\slash", [], {}),
        ("Trailing spaces   ", "Trailing spaces", [], {}),
        ("::Name", "::Name", [], {}),
    ],
)
def test_header_parts(header: str, name: str, tags: list[str], metadata: dict[str, str]) -> None:
    report = Report()
    assert parse_header(header, 1, report)[:3] == (name, tags, metadata)
    assert report.warnings() == []


def test_twee2_position_is_recognised_and_dropped() -> None:
    name, tags, metadata, twee2 = parse_header("Start [intro] <120,80>", 1, Report())
    assert (name, tags, metadata, twee2) == ("Start", ["intro"], {}, True)


def test_bad_metadata_is_a_warning_not_a_failure() -> None:
    report = Report()
    assert parse_header(" Room {not json}", 7, report)[0] == "Room"
    assert [(w.line, w.code) for w in report.warnings()] == [(7, "TW002")]


def test_passage_content_drops_trailing_blank_lines() -> None:
    twee = parse_twee(":: A\nfirst\n\nsecond\n\n\n:: B\n", Report())
    assert [(p.name, p.body, p.body_line) for p in twee.passages] == [("A", "first\n\nsecond", 2), ("B", "", 8)]


# -- links and ids


@pytest.mark.parametrize(
    ("inner", "text", "target"),
    [
        ("Cellar", "Cellar", "Cellar"),
        ("Go down->Cellar", "Go down", "Cellar"),
        ("Cellar<-Go down", "Go down", "Cellar"),
        ("Go down|Cellar", "Go down", "Cellar"),
        ("Yes | no|Cellar", "Yes | no", "Cellar"),
        (" Hyperjump |Explore", "Hyperjump", "Explore"),
        ("a->b->Cellar", "a->b", "Cellar"),
        ("Cellar<-a<-b", "a<-b", "Cellar"),
        ("Go|Cellar][$x to 1", "Go", "Cellar"),
    ],
)
def test_link_forms(inner: str, text: str, target: str) -> None:
    assert split_link(inner, {"Cellar", "Explore"})[:2] == (text, target)


def test_both_arrows_prefer_the_reading_that_names_a_passage() -> None:
    assert split_link("Read->Sign<-board", {"Sign<-board"})[1:] == ("Sign<-board", None, True)
    assert split_link("Read->Sign<-board", {"Read->Sign"})[:2] == ("board", "Read->Sign")


@pytest.mark.parametrize(
    ("name", "node_id"),
    [
        ("Hello World", "hello_world"),
        ("  Show Outcome - Red ", "show_outcome_red"),
        ("42", "p_42"),
        ("3 doors", "p_3_doors"),
        ("Café au lait", "cafe_au_lait"),
        ("東京", "passage"),
        ("true", "p_true"),
        ("class", "p_class"),
        ("None", "p_none"),
    ],
)
def test_ids_from_names(name: str, node_id: str) -> None:
    assert make_id(name) == node_id
    assert re.fullmatch(r"[a-z_][a-z0-9_]*", node_id)


def test_template_escaping() -> None:
    # Backslash escapes read the same at the top of a text and inside an `{if …}` branch.
    assert escape_template(r"a {b} \ c | d") == r"a \{b\} \\ c \| d"


# -- whole fixtures


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_fixture_imports_and_checks(fixture: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "story"
    code, stdout, stderr = run_import(FIXTURES / fixture, out, capsys=capsys)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    for line in stderr.splitlines():
        match = WARNING_LINE.match(line)
        assert match, line
        assert match.group("file") == str(FIXTURES / fixture)
    assert re.search(r"\d+ passages, \d+ nodes, \d+ choices, \d+ endings, \d+ warnings", stdout)
    assert_checks(out)


def test_links_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest, nodes, stderr = imported(FIXTURES / "links.twee", tmp_path, capsys)
    assert manifest["title"] == "The Lantern Test"
    assert manifest["chapters"] == [{
        "id": "main", "title": "The Lantern Test", "start": "hall", "files": ["nodes.yaml"],
        "variables": {"read": {"type": "bool", "initial": False}},  # from the SugarCube setter
    }]
    hall = nodes["hall"]
    assert hall["title"] == "Hall" and hall["tags"] == ["indoors", "lit"]
    assert choices(hall) == [
        ("Cellar", "cellar"),
        ("Climb the stairs", "attic"),
        ("Step outside", "garden"),
        ("Yes \\| no, wait", "study"),  # a bar is escaped in a text template
        ("Read the sign", "sign_board"),
        ("leave", "garden"),
    ]
    # Braces in prose are escaped for the template; a URL link's text stays; inline links keep theirs.
    assert "Its light makes \\{a circle\\} on the floor." in hall["text"]
    assert "The maker's site" in hall["text"]
    assert "You could also leave now." in hall["text"]
    assert "Cellar" not in hall["text"]
    assert nodes["cellar"]["text"] == "It is cold."
    assert choices(nodes["attic"]) == [("Hall", "hall")]  # the same link twice is one choice
    assert nodes["garden"]["ending"] == {"id": "garden", "title": "Garden"}
    assert nodes["garden"]["tags"] == ["outdoors"]  # metadata before tags
    assert nodes["sign_board"]["title"] == "Sign<-board"
    assert nodes["sign_board"]["choices"] == [{"text": "Home", "to": "hall", "set": ["read = true"]}]
    assert nodes["lost"]["ending"] == {"id": "lost", "title": "Lost"}
    assert sorted(set(codes(stderr))) == ["TW010", "TW011", "TW013", "TW030"]
    assert f"{FIXTURES / 'links.twee'}:20: warning: link to 'Nowhere'" in stderr


def test_names_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _manifest, nodes, stderr = imported(FIXTURES / "names.twee", tmp_path, capsys)
    titles = {node_id: node["title"] for node_id, node in nodes.items()}
    assert titles == {
        "start": "Start",
        "door_a": "Door [A]",
        "hello_world": "Hello World",
        "hello_world_2": "hello_world",
        "p_42": "42",
        "cafe": "Café",
        "passage": "東京",
        "empty": "Empty",
        "p_true": "true",
        "twice": "Twice",  # the second passage of the name replaces the first, as in Tweego
        "back_slash": "Back\\slash",
    }
    assert nodes["door_a"]["tags"] == ["tag]s", "more"]
    targets = [to for _text, to in choices(nodes["start"])]
    assert targets == ["door_a", "hello_world", "hello_world_2", "p_42", "cafe", "passage", "empty", "p_true", "twice", "back_slash"]
    assert nodes["empty"]["text"] == "Empty"
    assert nodes["twice"]["text"] == "The second Twice."
    assert sorted(codes(stderr)) == ["TW004", "TW030", "TW031"]
    assert "a second passage named 'Twice' replaces the one at line 40, as in Tweego" in stderr


def test_twee2_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "story"
    code, stdout, stderr = run_import(FIXTURES / "twee2.tw2", out, capsys=capsys)
    assert code == 0
    assert "(Twee 2, plain)" in stdout
    manifest = yaml.safe_load((out / "story.yaml").read_text(encoding="utf-8"))
    nodes = yaml.safe_load((out / "nodes.yaml").read_text(encoding="utf-8"))["nodes"]
    assert manifest["title"] == "Old Style"
    assert manifest["chapters"][0]["start"] == "start"  # no StoryData: the passage named Start
    assert nodes["start"]["tags"] == ["intro"]
    assert choices(nodes["start"]) == [("Onward", "second_room")]
    assert list(nodes) == ["start", "second_room"]
    assert sorted(codes(stderr)) == ["TW005", "TW006"]


def test_harlowe_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest, nodes, stderr = imported(FIXTURES / "harlowe.twee", tmp_path, capsys)
    assert manifest["chapters"][0]["start"] == "gate"
    gate = nodes["gate"]
    assert choices(gate) == [("Knock", "door"), ("Yard", "yard"), ("Climb over", "yard")]
    assert gate["choices"][2]["set"] == ["coins = coins - 1"]  # `it` is the variable set
    assert gate["set"] == ["v_seen = true"]  # `seen` is the story language's own word
    assert gate["text"].startswith("The gate is old. You have {coins} coins.")
    assert "You wait. Nothing comes." in gate["text"]  # a link that reveals text: the text is kept
    assert nodes["door"] == {"title": "Door", "text": "The door", "next": "yard"}
    assert nodes["yard"]["choices"] == [
        {"text": "Door", "to": "door", "if": "coins > 2"},
        {"text": "Gate", "to": "gate", "if": "not (coins > 2)"},
    ]
    assert nodes["hidden"]["text"] == nodes["yard"]["text"]  # (display:) shows the passage inside this one
    assert manifest["chapters"][0]["variables"]["coins"] == {"type": "int", "initial": 3}  # the startup passage's value
    assert {"TW006", "TW017", "TW020"} <= set(codes(stderr))
    written = (tmp_path / "story" / "nodes.yaml").read_text(encoding="utf-8")
    assert "# twee: 8: (set: $coins to 3)" in written.split("nodes:")[0]


def test_sugarcube_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _manifest, nodes, stderr = imported(FIXTURES / "sugarcube.twee", tmp_path, capsys)
    start = nodes["start"]
    assert choices(start) == [("Go in", "tunnel"), ("Light the torch", "tunnel"), ("Run", "outside"), ("Sit", "outside")]
    assert start["text"] == "Cave mouth\n\nThe cave breathes. {if torch: Your torch flickers.}"
    assert [choice.get("set") for choice in start["choices"]] == [None, ["torch = true"], ["fled = true"], ["sat = true"]]
    assert nodes["tunnel"]["next"] == "outside"
    # <<include>> shows Tunnel inside Outside, and Tunnel's <<goto>> is taken from there too.
    assert nodes["outside"] == {"title": "Outside", "text": "You are out. {torch} is your torch.\n\nDark.", "next": "outside"}
    assert {"TW006", "TW015", "TW020", "TW026"} <= set(codes(stderr))


def test_chapbook_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _manifest, nodes, stderr = imported(FIXTURES / "chapbook.twee", tmp_path, capsys)
    start = nodes["start"]
    assert choices(start) == [("lit", "lamp"), ("Leave by the door", "door"), ("Lamp", "lamp")]
    assert start["text"].startswith("The Shed\n\nThe shed smells of {lamp} oil")
    assert "{if lamp: The lamp is lit.}\n\n{if not (lamp): It is dark.}" in start["text"]
    assert start["choices"][0] == {"text": "lit", "to": "lamp", "if": "lamp"}
    assert start["set"] == ["lamp = true", "v_visits = (v_visits + 1) if (v_visits > 0) else v_visits"]
    assert "engine.state" not in start["text"] and "lamp: true" not in start["text"]
    assert "The end of the shed." in start["text"]
    assert nodes["lamp"]["text"] == "A small lamp."
    assert nodes["door"]["text"] == "A small lamp."  # {embed passage} shows Lamp inside Door
    assert {"TW015", "TW020", "TW022"} <= set(codes(stderr))


def test_snowman_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _manifest, nodes, stderr = imported(FIXTURES / "snowman.twee", tmp_path, capsys)
    assert list(nodes) == ["start", "hut"]  # the script and stylesheet passages are not nodes
    assert choices(nodes["start"]) == [("Walk to the hut", "hut")]
    assert "console.log" not in nodes["start"]["text"] and "<div" not in nodes["start"]["text"]
    assert nodes["hut"]["text"] == "Warm.\nVery warm.\n\nThe end"
    assert {"TW006", "TW010", "TW022", "TW023", "TW024"} <= set(codes(stderr))


def test_crlf_and_bom_read_as_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = FIXTURES / "links.twee"
    windows = tmp_path / "windows.twee"
    windows.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes().replace(b"\n", b"\r\n"))
    _m1, lf_nodes, lf_err = imported(plain, tmp_path / "lf", capsys)
    _m2, crlf_nodes, crlf_err = imported(windows, tmp_path / "crlf", capsys)
    assert crlf_nodes == lf_nodes
    assert codes(crlf_err) == codes(lf_err)


def test_utf16_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "wide.twee"
    source.write_bytes((":: Start\nWide text, [[on->End]].\n\n:: End\nDone.\n").encode("utf-16"))
    _manifest, nodes, _stderr = imported(source, tmp_path, capsys)
    assert choices(nodes["start"]) == [("on", "end")]


def test_text_renders_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever the prose holds, the game shows it as the Twee author wrote it."""
    from game.core.loader import load_story
    from game.core.runtime import Runtime

    prose = r"Braces {x} and }{ and {{double}}, a back\slash \{ and a pipe | bar; key: value, - dash, # hash, 'quotes' \"too\", ™ and ü."
    source = tmp_path / "nasty.twee"
    source.write_text(f":: Start\n{prose}\n[[Go {{on}}|End]]\n\n:: End\nDone.\n", encoding="utf-8")
    out = tmp_path / "story"
    assert run_import(source, out, capsys=capsys)[0] == 0
    assert_checks(out)
    result = load_story(out)
    assert result.story is not None
    runtime = Runtime(result.story, "main")
    assert runtime.text == [prose]
    assert [choice.text for choice in runtime.choices] == ["Go {on}"]


def test_comments_stay_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Untranslated code with line-break-like and control characters cannot break out of a comment."""
    source = tmp_path / "odd.twee"
    source.write_text(
        ':: StoryData\n{"format": "SugarCube"}\n\n:: Start\n<<run alert("x\u2028nodes: oops\x85\x07")>>Hello.\n',
        encoding="utf-8",
    )
    out = tmp_path / "story"
    assert run_import(source, out, capsys=capsys)[0] == 0
    nodes = yaml.safe_load((out / "nodes.yaml").read_text(encoding="utf-8"))["nodes"]
    assert nodes == {"start": {"title": "Start", "text": "Hello.", "ending": {"id": "start", "title": "Start"}}}
    assert_checks(out)


def test_awkward_headers_and_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "odd.twee"
    source.write_text(
        ":: StoryData\n{not json\n\n"  # line 1
        ":: Start [open\n"  # line 4: the tag block never closes
        "Go [[down->cellar]] or [[up->Init]].\n\n"  # line 5: wrong case; a special passage
        "::  [x]\nNo name.\n\n"  # line 7
        ":: Cellar\nDown.\n\n"
        ":: StoryInit\n<<set $a to 1>>\n",
        encoding="utf-8",
    )
    manifest, nodes, stderr = imported(source, tmp_path, capsys)
    assert manifest["chapters"][0]["start"] == "start"
    assert nodes["start"]["tags"] == ["open"]
    assert choices(nodes["start"]) == [("down", "cellar")]
    assert nodes["untitled_passage_7"]["title"] == "Untitled passage 7"
    found = {(int(m.group("line")), m.group("code")) for m in map(WARNING_LINE.match, stderr.splitlines()) if m}
    assert {(1, "TW003"), (4, "TW001"), (5, "TW014"), (5, "TW011"), (7, "TW001"), (13, "TW006")} <= found


def test_start_option_and_missing_story_data_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "start.twee"
    source.write_text(':: StoryData\n{"start": "Gone"}\n\n:: First\nHere.\n[[Second]]\n\n:: Second\nEnd.\n', encoding="utf-8")
    manifest, _nodes, stderr = imported(source, tmp_path / "a", capsys)
    assert manifest["chapters"][0]["start"] == "first"
    assert codes(stderr) == ["TW007"]
    manifest, _nodes, _stderr = imported(source, tmp_path / "b", capsys, "--start", "Second")
    assert manifest["chapters"][0]["start"] == "second"


def test_format_option_overrides_the_guess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "fmt.twee"
    source.write_text(":: Start\n<<goto \"End\">>\n\n:: End\nDone.\n", encoding="utf-8")
    _manifest, nodes, _stderr = imported(source, tmp_path / "auto", capsys)
    assert nodes["start"]["next"] == "end"
    _manifest, nodes, _stderr = imported(source, tmp_path / "harlowe", capsys, "--format", "harlowe")
    assert "next" not in nodes["start"]


# -- refusals: a message and exit 1, never a traceback


def assert_refused(args: list[str], capsys: pytest.CaptureFixture[str], words: str) -> None:
    assert main(["import-twee", *args]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.startswith("main.py import-twee: ")
    assert words in captured.err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_refused([str(tmp_path / "nope.twee"), "-o", str(tmp_path / "out")], capsys, "no such file")
    assert not (tmp_path / "out").exists()


def test_folder_instead_of_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A folder is read as a Twine project; one with no Twee files in it is refused with a reason.
    (tmp_path / "notes.txt").write_text("not twee", encoding="utf-8")
    assert_refused([str(tmp_path), "-o", str(tmp_path / "out")], capsys, "the folder holds no Twee files")


def test_binary_junk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.twee"
    junk.write_bytes(bytes(range(256)) * 4)
    assert_refused([str(junk), "-o", str(tmp_path / "out")], capsys, "binary")


def test_not_utf8_then_with_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    latin = tmp_path / "latin.twee"
    latin.write_bytes(":: Start\nCaf\u00e9 cr\u00e8me.\n".encode("cp1252"))
    assert_refused([str(latin), "-o", str(tmp_path / "out")], capsys, "--encoding")
    _manifest, nodes, _stderr = imported(latin, tmp_path, capsys, "--encoding", "cp1252")
    assert nodes["start"]["text"] == "Café crème."


@pytest.mark.parametrize("content", ["", "\n\n", "Just some text, no headers.\n"])
def test_no_passages(content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "empty.twee"
    source.write_text(content, encoding="utf-8")
    assert_refused([str(source), "-o", str(tmp_path / "out")], capsys, "no passages")


def test_only_special_passages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "special.twee"
    source.write_text(":: StoryTitle\nT\n\n:: Code [script]\nx = 1;\n", encoding="utf-8")
    assert_refused([str(source), "-o", str(tmp_path / "out")], capsys, "no story passages")


def test_unknown_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_refused([str(FIXTURES / "links.twee"), "-o", str(tmp_path / "out"), "--start", "Nope"], capsys, "Nope")


def test_refuses_a_non_empty_folder_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    assert_refused([str(FIXTURES / "links.twee"), "-o", str(out)], capsys, "--force")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert main(["import-twee", str(FIXTURES / "links.twee"), "-o", str(out), "--force", "-q"]) == 0
    assert capsys.readouterr().err == ""  # -q: the summary only
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "nodes.yaml", "story.yaml"]


def test_output_path_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    assert_refused([str(FIXTURES / "links.twee"), "-o", str(target), "--force"], capsys, "not a folder")


# -- any input at all


_PIECES = st.sampled_from(
    [
        ":: ", "::", "\n", "\r\n", " ", "[[", "]]", "->", "<-", "|", "][", "[", "]", "{", "}", "(", ")", "<<", ">>",
        "<</", "(link: \"a\")[", "(go-to: \"A\")", "(set: $x to 1)", "<<goto \"B\">>", "<<link \"t\">>", "<</link>>",
        "{embed passage: 'A'}", "{back link}", "--", "[if x]", "[JavaScript]", "<div>", "</div>", "<script>", "<%", "%>",
        "A", "B", "Start", "StoryData", "StoryTitle", "\"", "'", "\\", "$x", "_y", "#", "!", "é", "\u2028", "\x85", "\t",
        '{"start":"B"}', "[script]", "http://x", "<!--", "-->", "/*", "*/",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_any_text_imports_to_yaml_that_reads_back(text: str) -> None:
    from game.tools.twee.parse import TweeReadError

    try:
        result = import_twee(text.replace("\r\n", "\n").replace("\r", "\n"), "fuzz.twee")
    except TweeReadError:
        return
    nodes = yaml.safe_load(result.nodes_yaml)["nodes"]
    manifest = yaml.safe_load(result.story_yaml)
    assert manifest["chapters"][0]["start"] in nodes
    for node_id, node in nodes.items():
        assert re.fullmatch(r"[a-z_][a-z0-9_]*", node_id)
        ways = [key for key in ("choices", "next", "ending") if key in node]
        assert len(ways) == 1
        for choice in node.get("choices", []):
            assert choice["to"] in nodes
        if "next" in node:
            assert node["next"] in nodes


def test_fuzzed_shapes_pass_the_checker(tmp_path: Path) -> None:
    """A few hand-made awkward stories go all the way through the checker."""
    from game.tools.twee.story import write_result

    samples = [
        ":: A\n[[B]] {x} }{ \\ |\n:: B\n(link: \"go\")[(go-to: \"A\")]\n",
        ":: Start\n<<link \"x\">><<goto \"Start\">><</link>>\n",
        ":: Start\n[[->]] [[|]] [[]] [[ ]]\n",
        ":: Start\n\n:: Start\n\n:: start\n",
        ':: StoryData\n{"format": "Chapbook"}\n:: Start\n--\n{link to: \'Start\'}\n',
    ]
    for number, sample in enumerate(samples):
        result = import_twee(sample, f"sample{number}.twee")
        out = tmp_path / f"s{number}"
        write_result(result, out, force=False)
        assert_checks(out)


@pytest.mark.parametrize(
    "body",
    [
        "(a: " * 20000,
        "(link: \"x\")[" * 10000,
        "[[a " * 20000,
        "<<link \"t\">>" * 5000,
        "<<a " * 20000,
        "<% " * 20000,
        "<a data-passage='Start'>" * 10000,
    ],
    ids=["parens", "hooks", "links", "containers", "macros", "templates", "anchors"],
)
def test_unclosed_markup_stays_fast(body: str) -> None:
    import time

    for fmt in ("harlowe", "sugarcube", "snowman"):
        began = time.perf_counter()
        import_twee(":: Start\n" + body, "big.twee", fmt=fmt, verify=False)  # the reader's speed, not the checker's
        assert time.perf_counter() - began < 3.0, fmt


def test_an_internal_error_is_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import game.tools.twee.story as story

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(story, "import_texts", broken)
    assert_refused([str(FIXTURES / "links.twee"), "-o", str(tmp_path / "out")], capsys, "internal error")


# -- the real stories beside the project (third-party; read in place, never copied)


@pytest.mark.skipif(not REAL_TWEE.is_dir(), reason="the shared Twee test data is not on this machine")
@pytest.mark.parametrize("name", sorted(p.name for p in REAL_TWEE.glob("*") if p.suffix != ".md") if REAL_TWEE.is_dir() else [])
def test_real_twee_files(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "story"
    code, _stdout, stderr = run_import(REAL_TWEE / name, out, capsys=capsys)
    assert code == 0, stderr
    assert_checks(out)
