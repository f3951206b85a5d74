"""The command line: one subcommand per tool, each loaded only when it is used.

`game.cli` is the one package that may import both the player and the tools (README, "Layers").
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Sequence

from game import GAME_TITLE, __version__

# name -> (module, one-line help). Each module has add_arguments(parser) and run(args) -> int.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "play": ("game.cli.play", "play the game in a window (the default), or in the terminal with --text"),
    "check": ("game.cli.check", "check a story folder and print file:line:col findings"),
    "explore": ("game.tools.explore", "explore every reachable state, or make random playthroughs"),
    "graph": ("game.tools.graph", "draw the story graph as .dot, .svg or .png"),
    "stats": ("game.tools.stats", "words, nodes, choices, endings and reading time per chapter"),
    "analyze": ("game.tools.analyze.command", "whether the choices matter, how endings are decided, how a run reads"),
    "import-twee": ("game.tools.twee", "turn a Twee 3 (or Twee 2) story into a story folder"),
    "screenshot": ("game.cli.screenshot", "render a node as a player sees it to a PNG, without a window"),
    "test-plan": ("game.tools.testplan", "play a story by plain-text test plans and report file:line failures"),
    "lsp": ("game.tools.lsp", "the language server for editors (LSP over stdio): diagnostics, definitions, completion, rename"),
    "translate": ("game.tools.translate", "translation catalogues (gettext PO): extract the strings, update a language, show its status"),
    "init": ("game.tools.init", "make a new story folder that checks clean, with the editor's schema line in every file"),
    "bench": ("game.bench.story", "benchmarks that print figures: loading, exploring, frames"),
}


def program_name() -> str:
    """What the player typed to start the game: `main.py` from a checkout, `curtain-light` when installed or frozen."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "main.py" if name in ("main.py", "", "-c", "__main__.py") else Path(name).stem


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, just that subcommand's module is imported (a faster start)."""
    parser = argparse.ArgumentParser(
        prog=program_name(),
        description=f"{GAME_TITLE}: a narrative game about hikikomori. With no subcommand, the game starts.",
    )
    parser.add_argument("--version", action="version", version=f"{GAME_TITLE} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None, *, ends_process: bool = False) -> int:
    """Run the command line; `ends_process` is the entry's: the command is the whole process, and a command
    may end it as soon as its output is written (`check` does, rather than free a large story first)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Options without a subcommand belong to `play` (`main.py --fullscreen`), as the game is the default.
    if argv and argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["play", *argv]
    command = argv[0] if argv and argv[0] in SUBCOMMANDS else "play"
    parser = build_parser(only=command)
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *argv])
    args.ends_process = ends_process
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
