"""`main.py play --text`: play a chapter in the terminal, by typing numbers; scriptable from a pipe."""
from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
import unicodedata
from typing import TYPE_CHECKING, Any, Sequence, TextIO

from game.core.i18n import interface
from game.core.i18n.interface import N_, _
from game.core.i18n.linebreak import is_cjk, wrap

if TYPE_CHECKING:
    from game.core.model import Story
    from game.core.runtime import Runtime

# TRANSLATORS: u, h and q are the letters typed, whatever the language
HELP = N_("Type a number to choose, Enter to continue; u undoes, h shows the history, q quits.")
MAX_WIDTH = 100  # beyond this, lines are hard to read however wide the terminal is



def columns(text: str) -> int:
    """The terminal columns a text takes: two for each full-width or wide character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "FW" else 1 for ch in text)

class _Quit(Exception):
    """End of input or `q`: leave quietly."""


class TextPlayer:
    """The terminal player: prints the node, reads a line, acts on it."""

    def __init__(self, runtime: "Runtime", stdin: TextIO, stdout: TextIO, width: int | None = None,
                 lang: str | None = None) -> None:
        self.rt = runtime
        self.lang = lang or "en"
        self.stdin = stdin
        self.out = stdout
        self.width = width or max(20, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns - 1))
        # Echo what was read when input is not typed (a pipe or a file), so a transcript reads naturally.
        self.echo = not _is_tty(stdin)
        self.warned = 0

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def wrap(self, text: str, indent: str = "") -> str:
        if not is_cjk(text):
            return textwrap.fill(text, self.width, initial_indent=indent, subsequent_indent=indent + "   " if indent else "")
        # Japanese: phrase breaks and kinsoku, measured in terminal columns (a full-width character takes two).
        rest = indent + "   " if indent else ""
        lines = wrap(text, self.width - columns(indent), columns, self.lang)
        return "\n".join((indent if number == 0 else rest) + line for number, line in enumerate(lines))

    def read(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.stdin.readline()
        if line == "":
            self.say()
            self.say(_("(end of input: leaving the story here)"))
            raise _Quit
        line = line.rstrip("\r\n")
        if self.echo:
            self.say(line)
        return line.strip()

    # -- showing ----------------------------------------------------------------------
    def show(self) -> None:
        from game.core.runtime import Mode

        rt = self.rt
        self.say()
        if rt.node.title:
            self.say(f"== {rt.node.title} ==")
        for paragraph in rt.text:
            self.say(self.wrap(paragraph))
            self.say()
        status = rt.status
        if status:
            self.say(self.wrap(f"[{status}]"))
        self._warnings()
        if rt.mode is Mode.CHOICE:
            self.show_choices()

    def show_choices(self) -> None:
        for view in self.rt.choices:
            if view.enabled:
                self.say(self.wrap(f"{view.index + 1}. {view.text}", "  "))
            else:
                # TRANSLATORS: a choice that cannot be taken now, struck through, with its reason
                line = _("{number}. ~~{choice}~~ (unavailable: {reason})").format(
                    number=view.index + 1, choice=view.text, reason=view.reason)
                self.say(self.wrap(line, "  "))

    def _warnings(self) -> None:
        # Runtime slips (an effect that could not be applied, …) are for the author: say them on stderr.
        for warning in self.rt.warnings[self.warned:]:
            print(f"(story warning: {warning})", file=sys.stderr)
        self.warned = len(self.rt.warnings)

    def history(self) -> None:
        entries = self.rt.history
        if not entries:
            self.say(_("(nothing yet)"))
            return
        for number, entry in enumerate(entries, 1):
            taken = f" -> {entry.choice}" if entry.choice else " -> " + _("(continued)")
            self.say(self.wrap(f"{number}. {_title(self.rt.story, entry.node_id)}{taken}", "  "))

    # -- playing ------------------------------------------------------------------------
    def play(self) -> int:
        from game.core.runtime import Mode

        rt = self.rt
        self.show()
        try:
            while True:
                mode = rt.mode
                if mode is Mode.ENDED:
                    ending = rt.ending
                    self.say(_("*** The end: {ending} ***").format(ending=ending.title) if ending else _("*** The end ***"))
                    return 0
                if mode is Mode.CONTINUE:
                    line = self.read(_("(Enter to continue) > "))
                    if line == "":
                        rt.advance()
                        self.show()
                    elif not self.command(line):
                        self.say(_("Press Enter to continue (or u, h, q)."))
                    continue
                line = self.read("> ")
                if self.command(line):
                    continue
                self.choose(line)
        except _Quit:
            return 0

    def command(self, line: str) -> bool:
        """Handle u, h, q and ?; False when the line is none of them."""
        word = line.lower()
        if word in ("q", "quit"):
            self.say(_("(you leave the story here)"))
            raise _Quit
        if word in ("u", "undo"):
            if self.rt.can_undo:
                self.rt.undo()
                self.say(_("(undone)"))
                self.show()
            else:
                self.say(_("There is nothing to undo."))
            return True
        if word in ("h", "history"):
            self.history()
            return True
        if word in ("?", "help"):
            self.say(_(HELP))
            return True
        return False

    def choose(self, line: str) -> None:
        views = self.rt.choices
        if not line.isdigit():
            self.say(_("Type a number from 1 to {last}, or u, h, q (? for help).").format(last=len(views)))
            return
        number = int(line)
        if not 1 <= number <= len(views):
            self.say(_("There is no choice {number}; type a number from 1 to {last}.").format(number=number, last=len(views)))
            return
        view = views[number - 1]
        if not view.enabled:
            self.say(self.wrap(_("You can't take that now: {reason}").format(reason=view.reason)))
            return
        self.rt.choose(view.index)
        self.show()


def _title(story: "Story", node_id: str) -> str:
    """A node's title, or its first words without {…} markup."""
    from game.tools.stats import template_text

    node = story.nodes.get(node_id)
    if node is None:
        return node_id
    if node.title:
        return node.title
    words = template_text(node.text[0], every_branch=False).split() if node.text else []
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "") or node_id


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def runtime_at(story: "Story", chapter_id: str, node_id: str | None, assignments: Sequence[tuple[str, str]],
               seed: int | None = None) -> "Runtime":
    """A runtime for the chapter, moved to `node_id` if given, with variables set. ValueError says what is wrong."""
    from game.core.runtime import start_at

    return start_at(story, chapter_id, node_id, list(assignments), seed)


def _pick_chapter(story: "Story", stdin: TextIO, stdout: TextIO) -> str | None:
    chapters = story.chapters
    if len(chapters) == 1:
        return chapters[0].id
    if not _is_tty(stdin):
        # A script cannot answer a menu it cannot see: take the first chapter and say so.
        stdout.write(_("(no --chapter and input is not a terminal: playing the first chapter, {chapter})").format(
            chapter=chapters[0].id) + "\n")
        return chapters[0].id
    stdout.write(_("Chapters:") + "\n")
    for number, chapter in enumerate(chapters, 1):
        blurb = f": {chapter.blurb}" if chapter.blurb else ""
        stdout.write(f"  {number}. {chapter.title}{blurb}\n")
    while True:
        stdout.write(_("Which chapter (1-{last}, q to quit)? ").format(last=len(chapters)))
        stdout.flush()
        line = stdin.readline()
        if line == "" or line.strip().lower() in ("q", "quit"):
            return None
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(chapters):
            return chapters[int(text) - 1].id
        for chapter in chapters:
            if text == chapter.id:
                return chapter.id


def run_text(args: argparse.Namespace) -> int:
    """Play in the terminal. args: .story, .chapter, .start, .set (list of VAR=VALUE or None), optional .seed."""
    from game.cli.common import parse_assignments
    from game.resources import story_dir
    from game.tools.opening import open_story

    stdin, stdout = sys.stdin, sys.stdout
    story_arg = getattr(args, "story", None)
    try:
        assignments = parse_assignments(getattr(args, "set", None))
    except ValueError as error:
        print(f"play: {error}", file=sys.stderr)
        return 2
    chapter_id = getattr(args, "chapter", None)
    start = getattr(args, "start", None)
    opened = open_story(story_dir() if story_arg is None else story_arg, "play", chapter=chapter_id)
    if isinstance(opened, int):
        return opened
    story = opened.story
    lang = getattr(args, "lang", None)
    try:
        from game.core.i18n.apply import in_language
        from game.core.i18n.catalogue import CatalogueError

        story = in_language(story, lang)
        interface.use_language(lang or "en")  # the prompts in the story's language, where they are translated
    except CatalogueError as error:
        print(f"play: {error}", file=sys.stderr)
        return 2
    if chapter_id is None:
        if start or assignments:
            print("play: --start and --set need --chapter", file=sys.stderr)
            return 2
        chapter_id = _pick_chapter(story, stdin, stdout)
        if chapter_id is None:
            return 0
    try:
        runtime = runtime_at(story, chapter_id, start, assignments, getattr(args, "seed", None))
    except ValueError as error:
        print(f"play: {error}", file=sys.stderr)
        return 2
    chapter = story.chapter(chapter_id)
    stdout.write(f"{chapter.title}\n({_(HELP)})\n")
    return TextPlayer(runtime, stdin, stdout, lang=lang).play()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options run_text reads, for running this module on its own (`play --text` has its own parser)."""
    parser.add_argument("--story", default=None, help="the story folder (default: the game's story/)")
    parser.add_argument("--chapter", help="the chapter to play")
    parser.add_argument("--start", metavar="NODE", help="with --chapter: start at this node")
    parser.add_argument("--set", metavar="VAR=VALUE", action="append", help="set a variable first (repeatable)")
    parser.add_argument("--seed", type=int, help="the seed for chance() and random()")
    parser.add_argument("--lang", help="read the story in this language (its translations/LANG.po), e.g. ja")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.cli.text_play", description=__doc__)
    add_arguments(parser)
    return run_text(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
