"""`main.py play` (the default): open the game window, or play in the terminal with --text."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from game import GAME_TITLE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("--story", metavar="DIR", type=Path, default=story_dir(),
                        help="the story folder (default: the game's own story/)")
    parser.add_argument("--data-dir", metavar="DIR", type=Path, default=None,
                        help="where settings, progress and saves live (default: $CURTAIN_LIGHT_DATA_DIR, "
                             "else the platform's user data folder)")
    parser.add_argument("--chapter", metavar="C", help="start this chapter straight away")
    parser.add_argument("--start", metavar="NODE", help="with --chapter: start at this node")
    parser.add_argument("--set", metavar="VAR=VALUE", action="append", default=[], dest="set",
                        help="with --chapter: set a story variable first (repeatable)")
    screen = parser.add_mutually_exclusive_group()
    screen.add_argument("--fullscreen", action="store_true", help="start in full screen")
    screen.add_argument("--windowed", action="store_true", help="start in a window")
    parser.add_argument("--text", action="store_true", help="play in the terminal instead of a window")
    parser.add_argument("--lang", help="read the story in this language (its translations/LANG.po), e.g. ja")
    parser.add_argument("--first-frame-exit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-sound", action="store_true", help="play without sound")
    parser.add_argument("--speech-log", metavar="FILE", type=Path, default=None,
                        help="self-voicing writes each utterance to FILE (a line each) instead of speaking it")
    parser.add_argument("--debug", action="store_true",
                        help="log everything, and stop with the traceback on a failure the game would play on through")
    parser.add_argument("--author", action="store_true",
                        help="authoring: F5 reloads the story, and in a source checkout saving a story file does too "
                             "(without it F5 does nothing, as players press it to quick-save)")
    reload = parser.add_mutually_exclusive_group()
    reload.add_argument("--live-reload", action="store_true", default=None, dest="live_reload",
                        help="reload the story when a file of it is saved (the default with --author in a source checkout)")
    reload.add_argument("--no-live-reload", action="store_false", dest="live_reload",
                        help="never watch the story files (the default without --author, and in a build for players)")


def _fail(message: str, code: int = 1) -> int:
    print(f"main.py play: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    story_dir: Path = args.story
    if getattr(args, "text", False):
        from game.cli.text_play import run_text

        return int(run_text(args) or 0)
    if not story_dir.is_dir():
        return _fail(f"there is no story folder at {story_dir}")
    if not (story_dir / "story.yaml").is_file():
        return _fail(f"{story_dir} has no story.yaml, so it is not a story folder")

    from game.cli.common import parse_assignments
    from game.player.persist.storage import resolve_data_dir
    from game.player.sound.cache import follow_data_dir
    from game.resources import live_reload_by_default
    from game.tools.opening import open_story

    try:
        assignments = parse_assignments(args.set)
    except ValueError as error:
        return _fail(str(error), 2)
    if (args.start or assignments) and not args.chapter:
        return _fail("--start and --set need --chapter", 2)
    data_dir = resolve_data_dir(args.data_dir)
    follow_data_dir(args.data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _fail(f"cannot use {data_dir} for saves: {error}")

    loaded = None
    if args.chapter:
        # Starting straight into a chapter needs the story now, to check the chapter and node exist.
        from game.core.runtime import start_at

        opened = open_story(story_dir, "main.py play", chapter=args.chapter)
        if isinstance(opened, int):
            return opened
        loaded = opened.result
        try:
            start_at(loaded.story, args.chapter, args.start, assignments)
        except ValueError as error:
            return _fail(str(error), 2)

    fullscreen = True if args.fullscreen else False if args.windowed else None
    watch = (args.author and live_reload_by_default()) if args.live_reload is None else args.live_reload
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame  # noqa: F401  (imported here, never at module import: `main.py --help` stays fast)
    except ImportError:
        return _fail("pygame-ce is not installed; install the requirements first")
    from game.player.app import App
    from game.player.guard import raise_failures

    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    raise_failures(args.debug)

    if args.lang and loaded is not None and loaded.story is not None:
        from game.cli.common import check_language

        problem = check_language(loaded.story, args.lang)
        if problem:
            return _fail(problem)
    try:
        app = App(story_dir, data_dir, loaded=loaded, fullscreen=fullscreen, audio=not args.no_sound,
                  start_chapter=args.chapter, start_node=args.start, set_values=assignments,
                  first_frame_exit=args.first_frame_exit, watch=watch, lang=args.lang, author=args.author,
                  speech_log=args.speech_log)
    except Exception as error:  # no display, no video driver: say so plainly
        if type(error).__name__ == "error":
            return _fail(f"{GAME_TITLE} could not open a window: {error}")
        raise
    code = app.run()
    if app.startup_errors:
        print(f"{story_dir}: the story has errors:", file=sys.stderr)
        for line in app.startup_errors:
            print(line, file=sys.stderr)
    return code
