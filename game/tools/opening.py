"""How every command opens its story folder: one load-or-report, one error format, one exit-code rule.

Exit codes, as docs/tools.md gives them: 2 for a usage mistake (no such folder, no such chapter),
1 for a story with errors, and the opened story otherwise. Every message goes to `err`, the errors
as the checker writes them (`path:line:col: error: message [code]`).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from game.core.loader import LoadResult
    from game.core.model import Story


@dataclass(frozen=True)
class OpenedStory:
    """A story a command can work on: the load (with its warnings) and the chapters asked for."""

    result: "LoadResult"
    chapters: list[str]

    @property
    def story(self) -> "Story":
        assert self.result.story is not None
        return self.result.story


def open_story(folder: str | Path, command: str, *, chapter: str | None = None, checked: bool = True,
               err: TextIO | None = None) -> OpenedStory | int:
    """The story in `folder`, or an exit code after saying why not.

    `checked` runs the whole checker and refuses a story with any error; without it the story is
    only loaded, and a story that loads despite errors is handed over (a count of words or a
    drawing of the graph is still useful while an author fixes them).
    """
    from game.content import CATALOGUE
    from game.core.checker import check_story
    from game.core.loader import load_story

    err = sys.stderr if err is None else err
    root = Path(folder)
    if not root.is_dir():
        print(f"{command}: there is no story folder at {folder}", file=err)
        return 2
    result = check_story(root, CATALOGUE) if checked else load_story(root, CATALOGUE)
    if result.story is None or (checked and result.errors):
        for diagnostic in result.errors:
            print(diagnostic, file=err)
        count = len(result.errors)
        print(f"{command}: the story has {count} error{'s' if count != 1 else ''}; "
              f"fix them first (python main.py check {folder})", file=err)
        return 1
    ids = [item.id for item in result.story.chapters]
    if chapter is not None and chapter not in ids:
        print(f"{command}: no chapter '{chapter}' (the chapters are: {', '.join(ids)})", file=err)
        return 2
    return OpenedStory(result, [chapter] if chapter else ids)
