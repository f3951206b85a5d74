"""Node files shared out to forked readers give the very story and findings that reading them in turn gives, and leave no process behind."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game.core import load_files
from game.core.checker import check_story
from game.core.loader import load_story, reuse_between_loads
from tests.conftest import STORY_DIR
from tests.core.test_hostile_input import CASES

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forked readers are Linux's alone")

MANIFEST = """title: T
chapters:
  - {id: c, title: C, start: n0, files: ['n/*.yaml']}
  - {id: d, title: D, start: d0, files: [d.yaml, 'n/a*.yaml']}
"""
GOOD = "nodes:\n" + "".join(f"  n{i}:\n    text: Step {i}.\n    choices:\n      - {{text: On., to: n{i + 1}}}\n"
                            for i in range(40)) + "  n40: {text: End., ending: {id: e, title: E}}\n"
ODD = {
    "a-dup.yaml": "nodes:\n  n3: {text: Again., next: n4}\n",  # a node id another file has, and claimed twice
    "b-lines.yaml": "nodes:\n  x1:\n    text: \"One\u2028two {nope}\"\n    next: n0\n",  # YAML's own line breaks
    "c-words.yaml": "variables:\n  v: {type: bool, initial: yes}\nnodes:\n  x2: {text: yes, next: n0}\n  x4: {text: \"{if v: a|else: b}\", next: n0}\n",
    "d-scalar.yaml": "just text\n",
    "e-schema.yaml": "nodes:\n  x3: {text: Hi., choices: [{txt: a, to: n0}], colour: red}\n",
}


def _story(tmp_path: Path) -> Path:
    root = tmp_path / "s"
    (root / "n").mkdir(parents=True)
    (root / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    (root / "d.yaml").write_text("nodes:\n  d0: {text: D., ending: {id: f, title: F}}\n", encoding="utf-8")
    (root / "n" / "0-good.yaml").write_text(GOOD, encoding="utf-8")
    for name, text in ODD.items():
        (root / "n" / name).write_text(text, encoding="utf-8")
    for number, (content, _) in enumerate(CASES.values()):
        (root / "n" / f"h{number:02d}.yaml").write_bytes(content)
    return root


def _shared(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setattr(load_files, "SHARED_FROM_BYTES", 0 if on else 1 << 62)
    monkeypatch.setattr(load_files, "_cores", lambda: 4)


def _everything(root: Path) -> tuple[list[str], list[tuple]]:
    """Every finding of a check, and every node as loaded (its place, texts, choices and theirs)."""
    result = check_story(root)
    nodes = []
    if result.story is not None:
        for node in result.story.nodes.values():
            nodes.append((node.id, node.chapter, node.loc, [t.source for t in node.text], node.next, node.next_loc,
                          [(c.target, c.loc, c.target_loc, c.key, c.identity) for c in node.choices]))
    return [str(d) for d in result.diagnostics], nodes


def _children() -> set[int]:
    """This process's children, running or unreaped (read from /proc: each process names its parent)."""
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.add(int(entry.name))
    return found


_EARLIER_CHILDREN: set[int] = set()


@pytest.fixture(autouse=True)
def _children_before() -> None:
    # Other tests' helpers may outlive them (multiprocessing's resource tracker lives as long as
    # this process): only children the loader left behind count.
    _EARLIER_CHILDREN.clear()
    _EARLIER_CHILDREN.update(_children())


def _no_children() -> bool:
    """Whether the loader left no child of this process, running or unreaped."""
    return not (_children() - _EARLIER_CHILDREN)


def test_shared_reading_finds_what_reading_in_turn_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _story(tmp_path)
    _shared(monkeypatch, False)
    in_turn = _everything(root)
    _shared(monkeypatch, True)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(load_files.os, "fork", lambda: forks.append(1) or real_fork())
    assert _everything(root) == in_turn
    assert forks  # the story was read by this process and its children
    codes = {d.code for d in check_story(root).diagnostics}
    assert {"CL001", "CL002", "CL004", "CL005", "CL010", "CL014", "CL020", "CL031", "CL094"} <= codes
    assert _no_children()


def test_the_game_story_reads_the_same_shared_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "story"
    shutil.copytree(STORY_DIR, root)
    _shared(monkeypatch, False)
    in_turn = _everything(root)
    _shared(monkeypatch, True)
    assert _everything(root) == in_turn
    assert _no_children()


def test_a_reader_that_fails_leaves_its_share_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _story(tmp_path)
    _shared(monkeypatch, False)
    in_turn = _everything(root)
    _shared(monkeypatch, True)

    class Broken:
        @staticmethod
        def dumps(value: object) -> bytes:
            raise ValueError("unmarshallable")

        loads = staticmethod(load_files.marshal.loads)

    monkeypatch.setattr(load_files, "marshal", Broken)  # each child fails before it sends anything
    assert _everything(root) == in_turn
    assert _no_children()


def test_small_stories_and_remembered_parses_are_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "story"
    shutil.copytree(STORY_DIR, root)
    monkeypatch.setattr(load_files, "_cores", lambda: 4)
    monkeypatch.setattr(load_files.os, "fork", lambda: pytest.fail("a small story was shared out"))
    assert load_story(root).ok  # the game's story, well under SHARED_FROM_BYTES
    monkeypatch.setattr(load_files, "SHARED_FROM_BYTES", 0)
    reuse_between_loads(True)
    try:
        assert load_story(root).ok  # the language server keeps parses: each file is read here
    finally:
        reuse_between_loads(False)


def test_plain_nodes_built_while_children_read_are_the_nodes_built_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This process builds its own files' plain nodes before the children's files come: every node, its
    place in the story and in its chapter, and every finding are those of reading everything first."""
    import re

    from game.core import loader

    def whole(root: Path) -> list[str]:
        result = check_story(root)
        story = result.story
        return [re.sub(r" at 0x[0-9a-f]+", "", repr(node)) for node in story.nodes.values()] + \
            [repr((chapter.id, chapter.node_ids, chapter.endings)) for chapter in story.chapters] + \
            [str(finding) for finding in result.diagnostics]

    built: list[int] = []
    real = loader._NodeList.meanwhile

    def meanwhile(self, read) -> None:
        real(self, read)
        built.append(len(self.early))

    monkeypatch.setattr(loader._NodeList, "meanwhile", meanwhile)
    game = tmp_path / "story"
    shutil.copytree(STORY_DIR, game)
    for root in (_story(tmp_path), game):
        _shared(monkeypatch, False)
        in_turn = whole(root)
        assert not built  # read in turn: nothing is built early
        _shared(monkeypatch, True)
        assert whole(root) == in_turn
        assert built  # this process's first files were taken in while the children read
        assert root == game or built[0] > 0  # and plain nodes built from them (the game's own first files have none)
        built.clear()
        assert _no_children()


def test_a_reader_that_fails_midway_leaves_the_rest_of_its_share_to_this_process(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A child sends each file as soon as it is read: what it sent before it failed is kept, the rest read here."""
    root = _story(tmp_path)
    _shared(monkeypatch, False)
    in_turn = _everything(root)
    _shared(monkeypatch, True)
    sent: list[int] = []
    real_marshal = load_files.marshal

    class FailsSecond:
        @staticmethod
        def dumps(value: object) -> bytes:
            sent.append(1)  # counted in each child apart (its own copy of the list)
            if len(sent) > 1:
                raise ValueError("unmarshallable")
            return real_marshal.dumps(value)

        loads = staticmethod(real_marshal.loads)

    received: list[int] = []
    real_received = load_files._received

    def counted(*args):
        for item in real_received(*args):
            received.append(1)
            yield item

    monkeypatch.setattr(load_files, "marshal", FailsSecond)
    monkeypatch.setattr(load_files, "_received", counted)
    assert _everything(root) == in_turn
    assert received  # the children's first files came from them
    assert _no_children()
