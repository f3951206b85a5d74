"""`main.py stats`: words, nodes, choices, endings and reading time per chapter, as an aligned table."""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from game.core.model import Chapter, Story

WORDS_PER_MINUTE = 200
# A word is a run of letters or digits, with inner apostrophes and hyphens: "don't", "fifty-three".
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def template_text(template: Any, every_branch: bool = True) -> str:
    """The prose of a text template without its {…} markup.

    Literal text is kept; an interpolation such as {hour} becomes a space; an {if …} keeps the
    text of every branch (what the author wrote), or only its first branch for a short label.
    """
    from game.core.templates import Conditional, Interpolation

    def walk(parts: list[Any]) -> list[str]:
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, Interpolation):
                out.append(" ")
            elif isinstance(part, Conditional):
                branches = part.branches if every_branch else part.branches[:1]
                for _, branch in branches:
                    out.append(" ")
                    out.extend(walk(branch))
                    out.append(" ")
        return out

    return " ".join("".join(walk(template.parts)).split())


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def count_characters(text: str) -> int:
    """What Japanese reading is measured in: letters and digits, not punctuation or spaces."""
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN")


def template_words(template: Any, count: Callable[[str], int] = count_words) -> int:
    return count(template_text(template)) if template is not None else 0


@dataclass
class ChapterStats:
    id: str
    title: str
    words: int
    nodes: int
    choices: int
    gated: int  # choices with `enabled`: they can be shown unavailable
    hidden: int  # choices with `if`
    endings: int
    per_minute: int = WORDS_PER_MINUTE  # reading speed, in words (or characters, for Japanese)

    @property
    def minutes(self) -> float:
        return self.words / self.per_minute


def chapter_stats(story: "Story", chapter: "Chapter", count: Callable[[str], int] = count_words,
                  per_minute: int = WORDS_PER_MINUTE) -> ChapterStats:
    words = choices = gated = hidden = nodes = 0
    for node_id in chapter.node_ids:
        node = story.nodes.get(node_id)
        if node is None:
            continue
        nodes += 1
        words += sum(template_words(paragraph, count) for paragraph in node.text)
        for choice in node.choices:
            choices += 1
            gated += choice.enabled is not None
            hidden += choice.condition is not None
            words += template_words(choice.text, count) + template_words(choice.reason, count)
    return ChapterStats(chapter.id, chapter.title, words, nodes, choices, gated, hidden, len(chapter.endings), per_minute)


def story_stats(story: "Story", count: Callable[[str], int] = count_words, per_minute: int = WORDS_PER_MINUTE) -> list[ChapterStats]:
    return [chapter_stats(story, chapter, count, per_minute) for chapter in story.chapters]


def _minutes(value: float) -> str:
    if value < 1:
        return "<1 min"
    if value < 60:
        return f"{value:.0f} min"
    return f"{int(value // 60)} h {value % 60:02.0f} min"


def format_table(rows: list[ChapterStats], unit: str = "words") -> str:
    headers = ["chapter", unit, "nodes", "choices", "can be unavailable", "hidden by if", "endings", "reading time"]
    total = ChapterStats("total", "", sum(r.words for r in rows), sum(r.nodes for r in rows), sum(r.choices for r in rows),
                         sum(r.gated for r in rows), sum(r.hidden for r in rows), sum(r.endings for r in rows),
                         rows[0].per_minute if rows else WORDS_PER_MINUTE)
    body = [[f"{r.id} ({r.title})" if r.title else r.id, f"{r.words:,}", f"{r.nodes:,}", f"{r.choices:,}",
             f"{r.gated:,}", f"{r.hidden:,}", f"{r.endings:,}", _minutes(r.minutes)] for r in [*rows, total]]
    widths = [max(len(headers[i]), *(len(line[i]) for line in body)) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        # The chapter name is left-aligned; numbers are right-aligned so their digits line up.
        return "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    out = [line(headers), rule, *(line(cells) for cells in body[:-1]), rule, line(body[-1])]
    return "\n".join(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("story", nargs="?", default=str(story_dir()), help="the story folder (default: the game's story/)")
    parser.add_argument("--lang", help="count the story as it reads in this language (characters for Japanese)")


def run(args: argparse.Namespace) -> int:
    from game.tools.opening import open_story

    opened = open_story(args.story, "stats", checked=False)
    if isinstance(opened, int):
        return opened
    result = opened.result
    story, unit, count, per_minute = opened.story, "words", count_words, WORDS_PER_MINUTE
    if getattr(args, "lang", None):
        from game.core.i18n.apply import in_language
        from game.core.i18n.catalogue import CatalogueError
        from game.core.i18n.languages import language

        try:
            story = in_language(story, args.lang)
        except CatalogueError as error:
            print(f"stats: {error}", file=sys.stderr)
            return 2
        spoken = language(args.lang)
        if spoken.counts == "characters":
            unit, count, per_minute = "characters", count_characters, spoken.reading_speed
    print(format_table(story_stats(story, count, per_minute), unit))
    print(f"{unit.capitalize()}: node text, choice texts and reasons; a text's {{if}} branches all count, its {{expressions}} do not. "
          f"Reading time: every {unit[:-1]} once, at {per_minute} {unit} per minute.")
    if result.errors:
        print(f"stats: note: the story has {len(result.errors)} error(s); the counts cover what loaded "
              f"(python main.py check {args.story})", file=sys.stderr)
    return 0
