"""What every part of the loader shares: the story folder, how a path is shown, and where a finding points."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from game.core.diagnostics import ERROR, Diagnostic
from game.core.expressions import ExprError
from game.core.model import Loc
from game.core.registry import Catalogue
from game.core.yamlsrc import YamlFile, entry_spot

MANIFEST = "story.yaml"
_new_loc = tuple.__new__


class LoaderBase:
    """One load's state and the helpers its parts report through."""

    def __init__(self, root: Path, catalogue: Catalogue | None = None) -> None:
        self.root = root
        self.catalogue = catalogue
        self.diagnostics: list[Diagnostic] = []
        self.node_ids: set[str] = set()
        self.chapter_ids: set[str] = set()
        self._cwd: str | None = None
        self._real_root: Path | None = None

    def display(self, path: Path) -> str:
        """The path as findings show it: relative to the working folder when it lies inside it.

        Compared as text (what Path.relative_to does, at a fraction of its cost per node file).
        """
        if self._cwd is None:
            self._cwd = str(Path.cwd())
        shown = str(path)
        if shown == self._cwd:
            return "."
        base = self._cwd if self._cwd.endswith(os.sep) else self._cwd + os.sep
        return shown[len(base):] if shown.startswith(base) else shown

    def real_root(self) -> Path:
        """The story folder with every link resolved, found once per load."""
        if self._real_root is None:
            self._real_root = self.root.resolve()
        return self._real_root

    def at(self, file: YamlFile, path: tuple, *, key: bool = False) -> Loc:
        line, col, _ = file.spot(path, key=key)
        return _new_loc(Loc, (file.display, line, col))  # Loc(…) without the named tuple's Python-level __new__

    def at_entry(self, file: YamlFile, entry: Any, path: tuple, *, key: bool = False) -> Loc:
        """`at` from the value's entry when the caller holds it (see YamlFile.entries_below): no walk from the top."""
        spot = entry_spot(entry, key=key)
        if spot is None:
            return self.at(file, path, key=key)
        return _new_loc(Loc, (file.display, *spot))

    def report(self, file: YamlFile, path: tuple, message: str, code: str, *, key: bool = False, severity: str = ERROR) -> None:
        file.error(path, message, code, key=key, severity=severity)

    def expr_error(self, file: YamlFile, path: tuple, error: ExprError) -> None:
        line, col = file.text_position(path, error.offset)
        file.diagnostics.append(Diagnostic(file.display, line, col, ERROR, error.message, error.code))


def names(raw: Any) -> tuple[str, ...]:
    """A name or a list of names (renamed_from, replaces), as a tuple."""
    return (raw,) if isinstance(raw, str) else tuple(name for name in raw if isinstance(name, str)) if isinstance(raw, list) else ()
