"""`main.py import-twee`: turn a Twee 3 (or Twee 2) story, in one file or several, into a Curtain Light story folder."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Only argparse here: the command line loads every subcommand's module to build its help, so
# the YAML writer and the translators are imported when the command actually runs.

FORMAT_CHOICES = ("auto", "harlowe", "sugarcube", "chapbook", "snowman", "plain")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", metavar="FILE", type=Path, nargs="+",
        help="the Twee files (.twee, .tw, or any text file) or folders of them, read as one story as Tweego reads them",
    )
    parser.add_argument("-o", "--output", metavar="DIR", type=Path, help="the story folder to write (required unless --report)")
    parser.add_argument("--force", action="store_true", help="write into DIR even if it is not empty")
    parser.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        default="auto",
        help="the story format whose macros to read (default: StoryData's, else guessed from the text)",
    )
    parser.add_argument("--start", metavar="NAME", help="the passage to start at (default: StoryData's start, else 'Start')")
    parser.add_argument("--encoding", default="utf-8", help="the files' text encoding (default: utf-8)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary, not each warning")
    parser.add_argument(
        "--report", action="store_true",
        help="print what was carried and what was lost: variables, conditions, effects, dropped constructs, macro text left",
    )


def run(args: argparse.Namespace) -> int:
    from game.tools.twee.parse import TweeReadError, read_text
    from game.tools.twee.sources import source_files
    from game.tools.twee.story import import_texts, write_result

    if args.output is None and not args.report:
        print("main.py import-twee: give the story folder to write with -o DIR (or --report to only measure)", file=sys.stderr)
        return 2
    shown = " ".join(str(path) for path in args.files)
    try:
        files = source_files(list(args.files))
        texts = [(str(path), read_text(path, args.encoding)) for path in files]
        result = import_texts(texts, fmt=None if args.format == "auto" else args.format, start=args.start)
        if args.output is not None:
            write_result(result, args.output, force=args.force)
    except TweeReadError as error:
        print(f"main.py import-twee: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug here must still end in a sentence, not a traceback
        print(
            f"main.py import-twee: could not import {shown}: internal error ({type(error).__name__}: {error}); "
            "please report it with the file",
            file=sys.stderr,
        )
        return 1
    if not args.quiet:
        for warning in result.warnings:
            print(f"{warning.file or shown}:{warning.line}: warning: {warning.message} [{warning.code}]", file=sys.stderr)
    source = shown if len(files) == 1 else f"{len(files)} files"
    where = f" into {args.output}" if args.output is not None else ""
    print(
        f"Imported {source} ({result.notation}, {result.fmt}){where}: "
        f"{result.passages} passages, {result.nodes} nodes, {result.choices} choices, "
        f"{result.endings} endings, {len(result.warnings)} warnings."
    )
    if args.report:
        figures = result.figures
        print(
            f"Carried: {result.variables} variables declared, {figures.conditions} conditions, {figures.effects} effects. "
            f"Dropped: {result.dropped} source constructs. Macro text left in what a player reads: {figures.leaks}"
            + (f" ({', '.join(sorted(set(figures.leak_samples))[:5])})" if figures.leak_samples else "")
            + f". Checker errors in the import: {result.check_errors}."
        )
    if args.output is not None:
        print(f"Check it with: python main.py check {args.output}")
    return 0
