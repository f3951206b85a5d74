"""`main.py import-twee`: turn a Twee 3 (or Twee 2) story into a Curtain Light story folder."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Only argparse here: the command line loads every subcommand's module to build its help, so
# the YAML writer and the translators are imported when the command actually runs.

FORMAT_CHOICES = ("auto", "harlowe", "sugarcube", "chapbook", "snowman", "plain")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help="the Twee file (.twee, .tw, or any text file)")
    parser.add_argument("-o", "--output", metavar="DIR", type=Path, required=True, help="the story folder to write")
    parser.add_argument("--force", action="store_true", help="write into DIR even if it is not empty")
    parser.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        default="auto",
        help="the story format whose macros to read (default: StoryData's, else guessed from the text)",
    )
    parser.add_argument("--start", metavar="NAME", help="the passage to start at (default: StoryData's start, else 'Start')")
    parser.add_argument("--encoding", default="utf-8", help="the file's text encoding (default: utf-8)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary, not each warning")


def run(args: argparse.Namespace) -> int:
    from game.tools.twee.parse import TweeReadError, read_text
    from game.tools.twee.story import import_twee, write_story

    source = str(args.file)
    try:
        text = read_text(args.file, args.encoding)
        result = import_twee(
            text,
            source,
            fmt=None if args.format == "auto" else args.format,
            start=args.start,
        )
        write_story(result, args.output, force=args.force)
    except TweeReadError as error:
        print(f"main.py import-twee: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug here must still end in a sentence, not a traceback
        print(
            f"main.py import-twee: could not import {source}: internal error ({type(error).__name__}: {error}); "
            "please report it with the file",
            file=sys.stderr,
        )
        return 1
    if not args.quiet:
        for warning in result.warnings:
            print(f"{source}:{warning.line}: warning: {warning.message} [{warning.code}]", file=sys.stderr)
    print(
        f"Imported {source} ({result.notation}, {result.fmt}) into {args.output}: "
        f"{result.passages} passages, {result.nodes} nodes, {result.choices} choices, "
        f"{result.endings} endings, {len(result.warnings)} warnings."
    )
    print(f"Check it with: python main.py check {args.output}")
    return 0
