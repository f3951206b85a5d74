"""`main.py screenshot`: render a node as a player sees it (text revealed, choices shown) to a PNG, with no window."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("--story", metavar="DIR", type=Path, default=story_dir(), help="the story folder")
    parser.add_argument("--chapter", metavar="C", required=True, help="the chapter id")
    parser.add_argument("--node", metavar="N", help="the node id (default: the chapter's start)")
    parser.add_argument("-o", "--output", metavar="PNG", type=Path, required=True, help="where to write the picture")
    parser.add_argument("--size", metavar="WxH", default="1280x720", help="picture size in pixels (default 1280x720)")
    parser.add_argument("--set", metavar="VAR=VALUE", action="append", default=[], dest="set",
                        help="set a story variable first (repeatable)")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed for the story's chance (rain, dice), so the same picture can be made again")
    parser.add_argument("--high-contrast", action="store_true", help="draw in the high-contrast mode")
    parser.add_argument("--font-scale", type=float, default=1.0, help="text size, 0.85 to 2 (default 1)")
    parser.add_argument("--lang", help="the story and the interface in this language (its translations/LANG.po), e.g. ja")


def _fail(message: str, code: int = 2) -> int:
    print(f"main.py screenshot: {message}", file=sys.stderr)
    return code


def parse_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        size = (0, 0)
    if not sep or not (16 <= size[0] <= 8192 and 16 <= size[1] <= 8192):
        raise ValueError(f"--size {text!r}: write it as WIDTHxHEIGHT, for example 1920x1080")
    return size


def run(args: argparse.Namespace) -> int:
    from game.cli.common import parse_assignments
    from game.tools.opening import open_story

    try:
        size = parse_size(args.size)
        assignments = parse_assignments(args.set)
    except ValueError as error:
        return _fail(str(error))
    story_dir: Path = args.story
    if not (story_dir / "story.yaml").is_file():
        return _fail(f"there is no story folder (with a story.yaml) at {story_dir}", 1)

    from game.core.runtime import start_at

    opened = open_story(story_dir, "main.py screenshot", chapter=args.chapter)
    if isinstance(opened, int):
        return opened
    result = opened.result
    try:
        runtime = start_at(result.story, args.chapter, args.node, assignments, args.seed)
    except ValueError as error:
        return _fail(str(error))
    if args.lang:
        from game.cli.common import check_language

        problem = check_language(result.story, args.lang)
        if problem:
            return _fail(problem)

    # Never a window: the dummy video driver renders to memory (unless the caller chose a driver).
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.player.app import App
    from game.player.display.window import Viewport
    from game.player.screens.play import PlayScreen

    with tempfile.TemporaryDirectory(prefix="curtain-light-shot-") as data_dir:
        app = App(story_dir, Path(data_dir), loaded=result, window_size=size, fullscreen=False, audio=False,
                  watch=False, lang=args.lang)
        if app.story is not None and app.story is not result.story:
            from game.core.runtime import Runtime

            runtime, _notes = Runtime.from_state(app.story, runtime.to_state())  # the same place, in the language
        try:
            app.change_settings(high_contrast=bool(args.high_contrast), font_scale=args.font_scale)
            app.show_play(runtime, revealed=True)
            app.toasts.clear()
            play = app.play_screen
            assert isinstance(play, PlayScreen)
            app.typesetter.follow_scale(Viewport(*size).scale)  # wrapped at the width drawn in the picture
            play.update(0.0)
            play.show_the_way_on()
            # The node as it rests once arrived (as a save's picture is made), not the first frame of
            # the crossfade that brings its scene in.
            picture = app.render_offscreen([play.settled()], size)
            try:
                args.output.parent.mkdir(parents=True, exist_ok=True)
                pygame.image.save(picture, str(args.output))
            except (OSError, pygame.error) as error:
                return _fail(f"cannot write {args.output}: {error}", 1)
        finally:
            app.shutdown()
    print(f"{args.output}: {runtime.chapter.title}, {result.story.node_title(runtime.node_id)} ({size[0]}x{size[1]})")
    return 0
