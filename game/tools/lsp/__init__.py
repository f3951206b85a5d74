"""`main.py lsp`: the story language server for editors, over stdio (see docs/editors.md)."""
from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true", help="talk LSP over standard input and output (the default and only way)")


def run(args: argparse.Namespace) -> int:
    from game.core.loader import reuse_between_loads
    from game.tools.lsp.server import server

    reuse_between_loads(True)  # each keystroke re-parses and re-compiles only what changed
    server.start_io()
    return 0
