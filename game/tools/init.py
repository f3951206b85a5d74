"""`main.py init DIR`: a new story folder that checks clean, ready for an editor.

Every YAML file starts with a `# yaml-language-server: $schema=story.schema.json` line, and
the folder holds its own copy of the schema, so completion and hover work wherever the folder
is (the path is relative to the file). The story is the tutorial's (docs/authoring.md): one
chapter of two nodes, with the pages the game shows from its menus.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

SCHEMA_NAME = "story.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_NAME}\n"

MANIFEST = SCHEMA_LINE + """\
title: {title}
chapters:
  - id: letter
    title: The Letter
    start: desk
    files: [letter.yaml]
    status: "{{if courage >= 2: Steady enough.|else: Your hands are cold.}}"
    variables:
      courage: {{type: int, initial: 0, min: 0, max: 3}}
pages:
  content_note:
    title: Before you play
    text: A short story about a letter left unopened.
  help:
    title: Help
    text: Choose with the number keys or a click; Escape opens the menu.
  credits:
    title: Credits
    text: Written by you.
"""

NODES = SCHEMA_LINE + """\
nodes:
  desk:
    scene: {name: study_desk, hour: 23, books: 1}
    ambience: room_tone
    text: |
      The letter from the ward office has been on the desk for nine days.
      You know what is in it without opening it.
    choices:
      - text: Read it through.
        to: read
        enabled: courage >= 1
        reason: Not yet. The envelope is enough for tonight.
      - text: Make tea first.
        to: desk
        set: courage += 1
  read:
    text: |
      It is an invitation, not a summons: a room, a Thursday, tea.
      {if courage >= 2: You fold it into your pocket.|else: You put it back, face down, but nearer.}
    ending: {id: read, title: "The letter, read"}
"""


class InitError(Exception):
    """Why a folder was not made, in words."""


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def files_for(title: str) -> dict[str, str]:
    """The new folder's files by name: the manifest, the chapter's nodes and the schema copy."""
    from game.core.schema import schema_json

    return {
        "story.yaml": MANIFEST.format(title=_yaml_string(title)),
        "letter.yaml": NODES,
        SCHEMA_NAME: schema_json(),
    }


def make_story(folder: Path, title: str = "The Letter") -> list[Path]:
    """Write a new story into `folder` (made if missing); refuses a folder that holds anything."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file; give a new folder's name")
    if folder.is_dir():
        held = sorted(path.name for path in folder.iterdir())
        if held:
            shown = ", ".join(held[:3]) + (f" and {len(held) - 3} more" if len(held) > 3 else "")
            raise InitError(f"{folder} is not empty (it holds {shown}); init writes only into a new or empty "
                            "folder, so nothing of yours is overwritten")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files_for(title).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the new story folder (made if missing; must be empty if it exists)")
    parser.add_argument("--title", default="The Letter", help="the story's title (default: The Letter)")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    try:
        written = make_story(folder, args.title)
    except InitError as error:
        print(f"init: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"init: cannot write {folder}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"init: made {folder} with {', '.join(path.name for path in written)}")
    print(f"  check it:  main.py check {folder}")
    print(f"  play it:   main.py play --text --story {folder}")
    return 0
