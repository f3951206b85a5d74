"""Line breaking for any language the game reads in: words for English; for Japanese, BudouX phrases with kinsoku shori.

A line never starts with closing punctuation, a prolonged sound mark or a small kana, and never ends with
opening punctuation; the ideographic comma and full stop may hang past the right edge rather than drag a
character down. The measure is the caller's (a font's width in pixels, or characters in the text player)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

# Not at the start of a line (gyōtō kinsoku).
NO_START = frozenset("、。，．,.・：；:;？！?!ー～」』）］｝〕〉》】〙〗〟’”)]}>%ゝゞヽヾ々〻‐゠–"
                     "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ…‥")
# Not at the end of a line (gyōmatsu kinsoku).
NO_END = frozenset("「『（［｛〔〈《【〘〖〝‘“([{<")
# May hang into the margin (burasage) instead of starting the next line.
HANGING = frozenset("、。，．")
# Runs that are one mark and never split: the two-em dash and the two-em ellipsis.
_INSEPARABLE = re.compile(r"…+|‥+|―+|ー+")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

Measure = Callable[[str], float]


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@lru_cache(maxsize=1)
def _japanese_parser():  # noqa: ANN202 (budoux's parser has no public type)
    import budoux  # noqa: PLC0415 (only Japanese text needs the model)

    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=4096)
def phrases(text: str, lang: str = "en") -> tuple[str, ...]:
    """The text cut where a line may break, each piece with the spaces that follow it."""
    if is_cjk(text):  # Japanese, or a Japanese name inside English text
        pieces: list[str] = []
        for chunk in re.findall(r"\S+\s*|\s+", text):
            pieces.extend(_japanese_parser().parse(chunk) if is_cjk(chunk) else [chunk])
    else:
        pieces = re.findall(r"\S+\s*|\s+", text)
    return tuple(_kinsoku(pieces))


def _kinsoku(pieces: list[str]) -> list[str]:
    """Join pieces so no piece starts with a NO_START mark nor follows one that ends with a NO_END mark."""
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and (piece[0] in NO_START or out[-1].rstrip()[-1:] in NO_END and not out[-1][-1:].isspace()):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def wrap(text: str, width: float, measure: Measure, lang: str = "en") -> list[str]:
    """The lines of one paragraph, each no wider than `width` (a hanging comma or full stop aside)."""
    lines: list[str] = []
    line = ""
    for piece in phrases(text, lang):
        candidate = line + piece
        if _fits(candidate, width, measure) or not line.strip():
            line = candidate
        else:
            lines.append(line.rstrip())
            line = piece.lstrip() if lines else piece
        while not _fits(line, width, measure) and len(line.rstrip()) > 1:
            head, line = _split_inside(line, width, measure)
            lines.append(head.rstrip())
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _fits(line: str, width: float, measure: Measure) -> bool:
    shown = line.rstrip()
    while shown and shown[-1] in HANGING:
        shown = shown[:-1]  # a hanging mark sits in the margin
    return measure(shown) <= width


def _split_inside(line: str, width: float, measure: Measure) -> tuple[str, str]:
    """A piece too long for a line, broken at the last place that fits and that kinsoku allows."""
    allowed = _cuts(line)
    best = 0
    for cut in range(1, len(line)):
        if not _fits(line[:cut], width, measure):
            break
        if cut in allowed:
            best = cut
    if best == 0:
        # Nothing both fits and obeys kinsoku: break after the first character that obeys it, even if it overflows.
        best = min(allowed, default=len(line))
    return line[:best], line[best:]


def _cuts(line: str) -> set[int]:
    """Where kinsoku lets a line break inside a piece: not before a NO_START mark, after a NO_END one, nor inside …… or ――."""
    protected = set()
    for run in _INSEPARABLE.finditer(line):
        protected.update(range(run.start() + 1, run.end()))
    return {cut for cut in range(1, len(line))
            if cut not in protected and line[cut] not in NO_START and line[cut - 1] not in NO_END}


def unbreakable_runs(text: str) -> list[str]:
    """The runs of Japanese text no line break may split, even inside a phrase: what must fit one line whole."""
    runs: list[str] = []
    for piece in phrases(text, "ja"):
        start = 0
        for cut in sorted(_cuts(piece)):
            runs.append(piece[start:cut])
            start = cut
        runs.append(piece[start:])
    return [run.strip() for run in runs if run.strip()]
