"""`main.py check`: print a story's findings as path:line:col lines and a summary."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("story", nargs="?", default=str(story_dir()), help="the story folder (default: the game's story/)")
    parser.add_argument("--errors-only", action="store_true", help="hide warnings")
    parser.add_argument("--lang", help="also check the translation into LANG (translations/LANG.po): missing, fuzzy, "
                                       "mismatched expressions, characters its font cannot draw, "
                                       "lines that cannot fit their box at the largest text size")


def run(args: argparse.Namespace) -> int:
    from game.content import CATALOGUE
    from game.core.checker import check_story

    root = Path(args.story)
    if not root.exists():
        print(f"{args.story}:1:1: error: there is no story folder at {args.story} [CL012]")
        print("1 error, 0 warnings")
        return 2
    result = check_story(root, CATALOGUE)
    diagnostics = list(result.diagnostics)
    if result.story is not None:
        diagnostics += _source_fit_findings(result.story)
    if args.lang and result.story is not None:
        diagnostics += _translation_findings(result.story, args.lang)
    shown = [d for d in diagnostics if not (args.errors_only and not d.is_error)]
    out = sys.stdout
    for diagnostic in shown:
        out.write(f"{diagnostic}\n")
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    story = result.story
    summary = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    if story is not None:
        summary += f" in {len(story.files)} file{'s' if len(story.files) != 1 else ''}: " \
                   f"{len(story.chapters)} chapter{'s' if len(story.chapters) != 1 else ''}, {len(story.nodes)} nodes"
    out.write(summary + "\n")
    _report_import_losses(root, out)
    code = 1 if errors else 0
    if getattr(args, "ends_process", False):
        _end_process(code)
    return code


def _end_process(code: int) -> None:
    """End the process now that everything is written: freeing a loaded story object by object on the way out
    is work nobody waits for (100,000 nodes: 0.2 s). Nothing of the check is left to run; but a profiler or a
    coverage tracer watching the process writes its report at the normal end, so then it ends normally."""
    import os

    if sys.getprofile() is not None or sys.gettrace() is not None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _source_fit_findings(story: Any) -> list[Any]:
    """CL128 for the story's own lines (in English): the translations are measured with --lang."""
    from game.core.i18n.check import check_source_fit
    from game.core.loader import collector_paused

    fits = _fit_test()
    if fits is None:
        return []
    # Every line of the story is measured, making as many small objects: the collector's passes over the
    # loaded story's heap would find none of it garbage (100,000 nodes: 1 s of them).
    with collector_paused():
        return check_source_fit(story, fits)


def _translation_findings(story: Any, lang: str) -> list[Any]:
    from game.core.diagnostics import ERROR, Diagnostic
    from game.core.i18n.check import check_translation, glyph_test
    from game.core.i18n.languages import language
    from game.resources import fonts_dir

    try:
        spoken = language(lang)
    except KeyError as error:
        return [Diagnostic(str(story.root / "story.yaml"), 1, 1, ERROR, str(error).strip("'\""), "CL127")]
    fonts = [fonts_dir() / name for name in (spoken.prose_font, spoken.ui_font, spoken.ui_bold_font)]
    draws = glyph_test(path for path in fonts if path.is_file())
    if draws is None:
        print("note: without fontTools (not in the build for players), characters the font lacks are not looked for")
    return check_translation(story, spoken.code, draws, _fit_test())


def _fit_test() -> Any:
    """The player's measuring of lines in their boxes (it loads pygame, so only `check --lang` asks for it)."""
    import os

    # Fonts only, no window and no greeting: the findings are the whole output.
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from importlib.util import find_spec

    if find_spec("pygame") is None:
        print("note: without pygame, lines are not measured against their boxes")
        return None
    from game.player.screens.play_fit import misfits

    return misfits


def _report_import_losses(root: Path, out: Any) -> None:
    """A story imported from Twee says how much of its source the import left out, so "clean" hides no loss."""
    from game.tools.twee.losses import import_losses

    dropped = import_losses(root)
    if dropped:
        out.write(f"note: imported from Twee, {dropped} source construct{'s' if dropped != 1 else ''} dropped "
                  "(each is a `# twee:` comment in the node files and a warning of the import)\n")
