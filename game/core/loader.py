"""Load a story folder into the model, reporting every problem as a file:line:col diagnostic.

Loading never raises for anything a story file contains: broken files become findings and the
rest of the story still loads as far as it can, so an author sees every problem in one run.
"""
from __future__ import annotations

import gc
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from game.core import storyfiles
from game.core.diagnostics import ERROR, WARNING, Diagnostic, sort_key
from game.core.expressions import SimpleScope
from game.core.load_base import MANIFEST
from game.core.load_manifest import ManifestReader
from game.core.load_cache import LOAD_CACHE
from game.core.load_nodes import NodeCompiler, plain_node, scope_cache
from game.core.load_files import read_node_files
from game.core.load_schema import schema_verdict, validate
from game.core.model import Chapter, Ending, Loc, Node, Story
from game.core.registry import Catalogue
from game.core.yamlsrc import YamlFile, entry_spot, read_yaml

_new_loc = tuple.__new__
__all__ = ["MANIFEST", "LoadResult", "collector_paused", "load_story", "loads_from_scratch", "reuse_between_loads"]


@dataclass
class LoadResult:
    story: Story | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return self.story is not None and not self.errors


def load_story(root: Path | str, catalogue: Catalogue | None = None) -> LoadResult:
    """Read and compile a story folder. Graph checks are the checker's (check_story).

    `catalogue` is the game's scenes and ambiences (game/content/ for this one); without it any
    name is taken as written and scene parameters are not checked.
    """
    loader = _Loader(Path(root), catalogue)
    try:
        with collector_paused():
            return loader.load()
    except Exception as error:  # a last guard: an author sees a finding, never a traceback
        where = loader.display(Path(root) / MANIFEST)
        return LoadResult(None, [Diagnostic(where, 1, 1, ERROR,
            f"internal error while reading the story ({type(error).__name__}: {error}); please report it", "CL010")])


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a story loads.

    Loading builds many small objects that all live on, so the collector's repeated full passes
    over the growing heap find nothing and cost more than the load itself (measured on the
    10,000-node benchmark: 4.6 s with them, 2.3 s without).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not gc.get_freeze_count():
                # Everything the load made would be counted as new, and the first allocation after
                # `enable` would scan it all (1 s on 100,000 nodes) to find it still alive: move it
                # to the oldest generation at once instead, to be looked at with the rest of the
                # long-lived heap. (Only when nothing else is frozen, as unfreezing thaws it all.)
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def reuse_between_loads(on: bool = True) -> None:
    """For a process that loads one story again and again as it is edited (the language server):
    files whose bytes did not change are not parsed or validated again, and texts and conditions
    compiled in a scope with the same variables and node ids are not compiled again. Off by default;
    what is kept is LOAD_CACHE's."""
    LOAD_CACHE.keep(on)


def loads_from_scratch() -> AbstractContextManager[None]:
    """Loads inside read, validate and compile everything afresh, as if nothing were kept between
    loads; what `reuse_between_loads` keeps is put back after, untouched (to compare the two)."""
    return LOAD_CACHE.from_scratch()


class _Loader(ManifestReader, NodeCompiler):
    """One load of a story folder: the manifest, then its chapters' files, then every node compiled."""

    # -- the whole story --------------------------------------------------------
    def load(self) -> LoadResult:
        root = self.root
        if not root.exists():
            return self.fail(f"there is no story folder at {root}", "CL012")
        if not root.is_dir():
            return self.fail(f"{root} is a file; a story is a folder with a {MANIFEST} in it", "CL012")
        manifest_path = root / MANIFEST
        if not manifest_path.is_file():
            return self.fail(f"no {MANIFEST} in {root}: a story folder needs a manifest", "CL011", manifest_path)
        if storyfiles.refusal(root.resolve(), manifest_path) == "outside":
            return self.fail(f"{MANIFEST} is a link that leaves the story folder", "CL013", manifest_path)
        manifest = read_yaml(manifest_path, self.display(manifest_path))
        files = [manifest]
        if manifest.data is None and not manifest.diagnostics:
            self.report(manifest, (), f"{MANIFEST} is empty; it needs a title and chapters", "CL010")
        if not isinstance(manifest.data, dict) or "chapters" not in manifest.data:
            if isinstance(manifest.data, (dict, list, str, int)) or manifest.data is True:
                self.report(manifest, (), f"{MANIFEST} needs a 'title' and a list of 'chapters'", "CL010")
            return self.finish(None, files)
        validate(manifest)
        data = manifest.data
        story = Story(root=root, title=str(data.get("title") or root.name), chapters=[], nodes={},
                      tagline=str(data.get("tagline") or ""), catalogue=self.catalogue)
        if isinstance(data.get("fallback_text"), str) and data["fallback_text"].strip():
            story.fallback_text = data["fallback_text"].strip()
        story.files.append(manifest_path)
        story.variables = self.variables(manifest, ("variables",), data.get("variables"), None)
        story.pages = self.pages(manifest, data.get("pages"))
        self.quality(manifest, data.get("quality"), story)

        # First pass: chapters and the files each claims, then those files (read all at once, so a
        # large story's can be shared out: see load_files), their raw nodes and chapter variables.
        claimed: dict[Path, str] = {}
        claims: list[tuple[Chapter, Path]] = []
        raw_chapters = data.get("chapters") if isinstance(data.get("chapters"), list) else []
        for index, raw_chapter in enumerate(raw_chapters):
            if not isinstance(raw_chapter, dict):
                continue
            chapter = self.chapter(manifest, index, raw_chapter, story)
            if chapter is None:
                continue
            for node_path in self.chapter_files(manifest, index, raw_chapter.get("files")):
                if node_path in claimed:
                    where = ("chapters", index, "files")
                    self.report(manifest, where, f"{self.display(node_path)} already belongs to chapter '{claimed[node_path]}'", "CL014")
                    continue
                claimed[node_path] = chapter.id
                claims.append((chapter, node_path))
        # Each file is taken in as it comes, in order: its schema, its variables, and its nodes listed
        # (node ids are story-wide: a second definition is an error wherever it is). While other
        # processes still read the later files, this one builds the plain nodes of those it has.
        listed = _NodeList(self, story, files, claims)
        read = read_node_files([(path, self.display(path)) for _, path in claims], _duplicate_node_code, schema_verdict,
                               meanwhile=listed.meanwhile)
        listed.take_in(read[listed.taken:])
        del read
        first_seen, unique, last_use, early = listed.first_seen, listed.unique, listed.last_use, listed.early
        self.node_ids = set(first_seen)

        # Second pass: compile every node with its chapter's scope.
        scopes = {}
        for chapter in story.chapters:
            infos = {name: var.info for name, var in story.variables_for(chapter.id).items()}
            cache = scope_cache(infos, self.node_ids)
            for key, value in listed.caches.get(chapter.id, {}).items():  # the plain texts the early nodes share
                cache.setdefault(key, value)
            scopes[chapter.id] = SimpleScope(infos, self.node_ids, cache)
        # A node file's data and positions are let go once its last node is compiled, so a large
        # story never holds all of its files and all of its nodes at once.
        reading, entries = None, None
        for number, (chapter, node_file, node_id) in enumerate(unique):
            node = early.pop(number, None)
            if node is None and node_file.data is not None:
                raw = node_file.data["nodes"][node_id]
                if isinstance(raw, dict):
                    if node_file is not reading:  # the nodes come file by file: each file's positions are found once
                        reading, entries = node_file, node_file.entries_below(("nodes",))
                    entry = entries.get(node_id) if entries.__class__ is dict else None
                    node = self.node(node_file, node_id, raw, chapter, scopes[chapter.id], first_seen[node_id], entry)
            if node is not None:
                story.nodes[node_id] = node
                chapter.node_ids.append(node_id)
                if node.ending:
                    chapter.endings.append(node.ending)
            if last_use[id(node_file)] == number:
                node_file.release()
                reading = entries = None
        del unique
        statuses: dict[str, Any] = {}
        for raw_chapter in raw_chapters:
            if isinstance(raw_chapter, dict) and isinstance(raw_chapter.get("id"), str):
                statuses.setdefault(raw_chapter["id"], raw_chapter.get("status"))
        for index, chapter in enumerate(story.chapters):
            raw_status = statuses.get(chapter.id)
            if isinstance(raw_status, str):
                chapter.status = self.template(manifest, ("chapters", index, "status"), raw_status, scopes[chapter.id])
            self.check_endings(chapter, story)
        return self.finish(story, files)

    def fail(self, message: str, code: str, path: Path | None = None) -> LoadResult:
        where = self.display(path or self.root)
        return LoadResult(None, [Diagnostic(where, 1, 1, ERROR, message, code)])

    def finish(self, story: Story | None, files: list[YamlFile]) -> LoadResult:
        diagnostics = list(self.diagnostics)
        for file in files:
            diagnostics.extend(file.diagnostics)
        diagnostics.sort(key=sort_key)
        return LoadResult(story, diagnostics)

    def check_endings(self, chapter: Chapter, story: Story) -> None:
        seen: dict[str, Ending] = {}
        for ending in chapter.endings:
            if ending.id in seen:
                first = seen[ending.id]
                self.diagnostics.append(Diagnostic(ending.loc.path, ending.loc.line, ending.loc.col, ERROR,
                    f"ending id '{ending.id}' is already used in this chapter at {first.loc.path}:{first.loc.line}", "CL027"))
            else:
                seen[ending.id] = ending


def _duplicate_node_code(path: tuple) -> str:
    return "CL020" if path == ("nodes",) else "CL006"


class _NodeList:
    """The loader's first walk over the node files, one file at a time in order: each file's schema and
    variables, its nodes listed (a second definition of an id reported), and plain nodes built early."""

    def __init__(self, loader: _Loader, story: Story, files: list[YamlFile], claims: list[tuple[Chapter, Path]]) -> None:
        self.loader, self.story, self.files, self.claims = loader, story, files, claims
        self.taken = 0  # how many of `claims` were taken in
        self.first_seen: dict[str, Loc] = {}
        self.unique: list[tuple[Chapter, YamlFile, str]] = []
        self.last_use: dict[int, int] = {}  # a file -> the number of its last node in `unique`
        self.early: dict[int, Node] = {}  # a number in `unique` -> its node, built while later files were read
        self.caches: dict[str, dict[tuple, Any]] = {}  # a chapter -> the plain texts its early nodes share

    def meanwhile(self, read: list[tuple[YamlFile, bool | None]]) -> None:
        """The first files, read here while the rest are read elsewhere: take them in and build their plain nodes.

        A plain node needs nothing of its chapter's scope (no variable, no node id), so it is the node
        the second pass would build; anything else waits for that pass, and every node keeps its place."""
        built = len(self.unique)
        self.take_in(read)
        unique, early, first_seen, last_use = self.unique, self.early, self.first_seen, self.last_use
        scopes: dict[str, SimpleScope] = {}  # a chapter -> a scope holding only its cache of shared plain texts
        reading: YamlFile | None = None
        for number in range(built, len(unique)):
            chapter, node_file, node_id = unique[number]
            if node_file is not reading:  # a file's nodes come one after another
                reading, raws, whole = node_file, node_file.data["nodes"], True  # whole: every node of it so far built
                entries = node_file.entries_below(("nodes",))
                entries = entries if entries.__class__ is dict else {}
            scope = scopes.get(chapter.id)
            if scope is None:
                scope = scopes[chapter.id] = SimpleScope({}, None, self.caches.setdefault(chapter.id, {}))
            node = plain_node(node_file.display, node_id, raws[node_id], chapter.id, scope, first_seen[node_id],
                              entries.get(node_id))
            if node is None:
                whole = False
            else:
                early[number] = node
            if whole and last_use[id(node_file)] == number:
                node_file.release()  # all of it is built: its data and positions can go now

    def take_in(self, read: list[tuple[YamlFile, bool | None]]) -> None:
        loader, story = self.loader, self.story
        first_seen, unique, last_use = self.first_seen, self.unique, self.last_use
        for (chapter, node_path), (node_file, verdict) in zip(self.claims[self.taken:], read):
            self.taken += 1
            self.files.append(node_file)
            story.files.append(node_path)
            if not isinstance(node_file.data, dict):
                if not node_file.diagnostics:
                    loader.report(node_file, (), "a node file holds a mapping with 'nodes' (and optionally 'variables')", "CL010")
                continue
            validate(node_file, verdict)
            for name, variable in loader.variables(node_file, ("variables",), node_file.data.get("variables"), chapter.id).items():
                if name in chapter.variables or name in story.variables:
                    loader.report(node_file, ("variables", name), f"variable '{name}' is declared twice", "CL038", key=True)
                    continue
                chapter.variables[name] = variable
            nodes = node_file.data.get("nodes")
            if not isinstance(nodes, dict):
                continue
            entries = node_file.entries_below(("nodes",)) or {}
            if entries.__class__ is not dict:
                entries = {}
            display = node_file.display
            for node_id in nodes:
                spot = entry_spot(entries.get(node_id), key=True)
                loc = _new_loc(Loc, (display, *spot)) if spot is not None else loader.at(node_file, ("nodes", node_id), key=True)
                if node_id in first_seen:
                    first = first_seen[node_id]
                    node_file.diagnostics.append(Diagnostic(loc.path, loc.line, loc.col, ERROR,
                        f"node '{node_id}' is already defined at {first.path}:{first.line}", "CL020"))
                    continue
                first_seen[node_id] = loc
                last_use[id(node_file)] = len(unique)
                unique.append((chapter, node_file, node_id))
