"""What the language server knows about a story: its files checked as the editor has them, and where every name is.

The editor's unsaved buffers are checked by the real loader and checker: the story is mirrored
into a private folder, each open buffer written over its file there, and the findings mapped
back to the author's paths. Names are found from the loaded model (node keys, targets, starts,
declarations) and, for uses inside expressions and text, by scanning the lines.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from game import content
from game.core.checker import check_story
from game.core.diagnostics import Diagnostic
from game.core.model import Node, Story, Variable

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NODE_CALL = re.compile(r"\b(?:seen|visits)\(\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)")
_EXPRESSION_LINE = re.compile(r"^\s*(?:-\s+)?(?:if|enabled|set|initial)\s*:|^\s*-\s+[A-Za-z_]\w*\s*(?:[-+]?=)")
_BRACES = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Place:
    """A span in a file: 1-based line and column, and its length in characters."""

    path: Path
    line: int
    col: int
    length: int


@dataclass
class StoryIndex:
    root: Path
    story: Story | None = None
    diagnostics: dict[Path, list[Diagnostic]] = field(default_factory=dict)
    lines: dict[Path, list[str]] = field(default_factory=dict)
    seconds: float = 0.0  # how long the last check took

    # -- building -------------------------------------------------------------------
    @classmethod
    def build(cls, root: Path, buffers: dict[Path, str] | None = None, mirror: "Mirror | None" = None) -> "StoryIndex":
        """Check the story as the editor has it; `mirror` (kept between keystrokes) saves copying it every time."""
        began = time.perf_counter()
        index = cls(root.resolve())
        own = mirror is None
        mirror = mirror or Mirror(index.root)
        try:
            folder = mirror.sync(buffers or {})
            result = check_story(folder, content.CATALOGUE)
            index.story = result.story
            for diagnostic in result.diagnostics:
                real = index._real(Path(diagnostic.path), folder)
                index.diagnostics.setdefault(real, []).append(diagnostic)
            if index.story is not None:
                index.story.root = index.root
                index._relocate(folder)
            index.lines = {index.root / relative: text.splitlines() for relative, text in mirror.texts.items()}
        finally:
            if own:
                mirror.close()
        index.seconds = time.perf_counter() - began
        return index

    def _real(self, shown: Path, mirror: Path) -> Path:
        absolute = shown if shown.is_absolute() else (Path.cwd() / shown)
        try:
            return self.root / absolute.resolve().relative_to(mirror.resolve())
        except ValueError:
            return absolute

    def _relocate(self, mirror: Path) -> None:
        """Point every location of the model at the author's files instead of the mirror's."""
        story = self.story
        assert story is not None
        cache: dict[str, str] = {}

        def fix(loc: Any) -> Any:
            if loc is None:
                return None
            if loc.path not in cache:
                cache[loc.path] = str(self._real(Path(loc.path), mirror))
            return type(loc)(cache[loc.path], loc.line, loc.col)

        for node in story.nodes.values():
            node.loc = fix(node.loc)
            node.next_loc, node.fallback_loc = fix(node.next_loc), fix(node.fallback_loc)
            for choice in node.choices:
                choice.loc, choice.target_loc = fix(choice.loc), fix(choice.target_loc)
        for chapter in story.chapters:
            chapter.loc, chapter.start_loc = fix(chapter.loc), fix(chapter.start_loc)
            for variable in chapter.variables.values():
                variable.loc = fix(variable.loc)
        for variable in story.variables.values():
            variable.loc = fix(variable.loc)

    @property
    def unreadable(self) -> bool:
        """Whether some file could not be read as YAML at all, so its nodes are missing from the model."""
        from game.core.checker import UNREADABLE

        return any(d.code in UNREADABLE for found in self.diagnostics.values() for d in found)

    # -- names ------------------------------------------------------------------------
    def word_at(self, path: Path, line: int, col: int) -> str | None:
        """The name under a 1-based position, if any."""
        text = self.line_text(path, line)
        cursor = col - 1
        for match in WORD.finditer(text):
            if match.start() <= cursor <= match.end():
                return match.group(0)
        return None

    def line_text(self, path: Path, line: int) -> str:
        lines = self.lines.get(path.resolve(), [])
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def node(self, name: str) -> Node | None:
        return self.story.nodes.get(name) if self.story else None

    def chapter_of(self, path: Path) -> str | None:
        if self.story is None:
            return None
        for node in self.story.nodes.values():
            if Path(node.loc.path) == path:
                return node.chapter
        return None

    def variable(self, name: str, path: Path | None = None) -> Variable | None:
        if self.story is None:
            return None
        chapter = self.chapter_of(path) if path else None
        if chapter is not None:
            found = self.story.variables_for(chapter).get(name)
            if found is not None:
                return found
        if name in self.story.variables:
            return self.story.variables[name]
        return next((c.variables[name] for c in self.story.chapters if name in c.variables), None)

    def node_definition(self, name: str) -> Place | None:
        node = self.node(name)
        return Place(Path(node.loc.path), node.loc.line, node.loc.col, len(name)) if node else None

    def node_references(self, name: str) -> list[Place]:
        """Every place that leads to a node: choices, next, fallback, chapter starts, seen() and visits()."""
        story = self.story
        if story is None:
            return []
        found: set[Place] = set()
        for node in story.nodes.values():
            links = [(c.target, c.target_loc) for c in node.choices] + [(node.next, node.next_loc), (node.fallback, node.fallback_loc)]
            for target, loc in links:
                if target == name and loc is not None:
                    found.add(Place(Path(loc.path), loc.line, loc.col, len(name)))
        for chapter in story.chapters:
            if chapter.start == name and chapter.start_loc is not None:
                found.add(Place(Path(chapter.start_loc.path), chapter.start_loc.line, chapter.start_loc.col, len(name)))
        for path, lines in self.lines.items():
            for number, text in enumerate(lines, 1):
                for match in _NODE_CALL.finditer(text):
                    if match.group(1) == name:
                        found.add(Place(path, number, match.start(1) + 1, len(name)))
        return sorted(found, key=lambda p: (str(p.path), p.line, p.col))

    def variable_places(self, name: str) -> list[Place]:
        """The declaration and every use of a variable in conditions, effects and text templates."""
        found: set[Place] = set()
        declared = [v for v in self._all_variables() if v.name == name]
        for variable in declared:
            found.add(Place(Path(variable.loc.path), variable.loc.line, variable.loc.col, len(name)))
        pattern = re.compile(rf"(?<![\w'\"]){re.escape(name)}(?![\w'\"(])")
        for path, lines in self.lines.items():
            for number, text in enumerate(lines, 1):
                spans = [(0, len(text))] if _EXPRESSION_LINE.match(text) else [m.span() for m in _BRACES.finditer(text)]
                for start, end in spans:
                    for match in pattern.finditer(text, start, end):
                        found.add(Place(path, number, match.start() + 1, len(name)))
        return sorted(found, key=lambda p: (str(p.path), p.line, p.col))

    def _all_variables(self) -> Iterable[Variable]:
        if self.story is None:
            return []
        return [*self.story.variables.values(), *(v for c in self.story.chapters for v in c.variables.values())]

    def leading_here(self, name: str) -> list[str]:
        """Choices (and next links) that lead to a node, as the author reads them."""
        story = self.story
        if story is None:
            return []
        found = []
        for node in story.nodes.values():
            for choice in node.choices:
                if choice.target == name:
                    found.append(f"'{choice.text.source}' in {node.id}")
            if node.next == name:
                found.append(f"next of {node.id}")
        return found

    # -- catalogue --------------------------------------------------------------------
    @staticmethod
    def scenes() -> dict[str, dict[str, Any]]:
        return dict(content.SCENES)

    @staticmethod
    def ambiences() -> tuple[str, ...]:
        return (*content.AMBIENCES, content.SILENCE)


class Mirror:
    """A private copy of a story folder with the editor's unsaved buffers written over its files.

    Files are copied again only when they changed on disk (size or time) or in the editor.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._scratch = tempfile.TemporaryDirectory(prefix="curtain-light-lsp-")
        self.folder = Path(self._scratch.name) / "story"
        self.folder.mkdir()
        self.stamps: dict[Path, tuple[int, int] | str] = {}
        self.texts: dict[Path, str] = {}  # relative path -> the text checked, for the story's YAML files

    def sync(self, buffers: dict[Path, str]) -> Path:
        edited = {}
        for path, text in buffers.items():
            try:
                edited[path.resolve().relative_to(self.root)] = text
            except ValueError:
                continue
        present: set[Path] = set()
        for source in self.root.rglob("*"):
            if not source.is_file() or ".git" in source.parts:
                continue
            relative = source.relative_to(self.root)
            present.add(relative)
            target = self.folder / relative
            if relative in edited:
                if self.stamps.get(relative) != edited[relative]:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(edited[relative], encoding="utf-8")
                    self.stamps[relative] = edited[relative]
                if relative.suffix == ".yaml":
                    self.texts[relative] = edited[relative]
                continue
            stat = source.stat()
            stamp = (stat.st_size, stat.st_mtime_ns)
            if self.stamps.get(relative) != stamp:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                self.stamps[relative] = stamp
                if relative.suffix == ".yaml":
                    self.texts[relative] = source.read_text(encoding="utf-8", errors="replace")
        for gone in set(self.stamps) - present:
            (self.folder / gone).unlink(missing_ok=True)
            self.stamps.pop(gone, None)
            self.texts.pop(gone, None)
        return self.folder

    def close(self) -> None:
        self._scratch.cleanup()


def describe_param(param: Any) -> str:
    """A scene parameter in words: `int 0–5 (2)`, `bool (false)`, `curtains/shutters (curtains)`."""
    kind = type(param).__name__
    if kind == "IntParam":
        return f"int {param.low}–{param.high} ({param.default})"
    if kind == "BoolParam":
        return f"bool ({'true' if param.default else 'false'})"
    values = getattr(param, "values", ())
    return f"{'/'.join(values)} ({param.default})"


def describe_variable(variable: Variable) -> str:
    kind = variable.type
    if kind == "int" and variable.low is not None and variable.high is not None:
        kind += f" {variable.low}..{variable.high}"
    if kind == "enum" and variable.values:
        kind += " of " + ", ".join(variable.values)
    initial = variable.initial
    shown = "true" if initial is True else "false" if initial is False else repr(initial) if isinstance(initial, str) else str(initial)
    where = f"chapter {variable.chapter}" if variable.chapter else "the whole story"
    return f"{variable.name}: {kind}, initially {shown} ({where})"
