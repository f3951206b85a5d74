"""`check --lang`: what a language's catalogue lacks or gets wrong, as file:line findings with codes CL120–CL128;
and for plain `check`, the source language's own lines that cannot fit their box (CL128)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from game.core.checker import reachable
from game.core.diagnostics import ERROR, WARNING, Diagnostic
from game.core.i18n.apply import translate_story
from game.core.i18n.catalogue import SOURCE_LANGUAGE, CatalogueError, Translation, po_path, read
from game.core.i18n.fit import BoxedText, boxed_texts
from game.core.i18n.keys import entries, node_entries
from game.core.model import Node, Story

# The characters a font draws, for CL125; None where the caller has no font to ask.
GlyphTest = Callable[[str], bool]
# The lines that cannot fit their boxes, as (key, why) pairs, for CL128; measured by the player (game/player/screens/play_fit.py).
FitTest = Callable[[Iterable[BoxedText], str], list[tuple[str, str]]]


def reachable_nodes(story: Story) -> set[str]:
    """Every node some chapter's start leads to, by any way on (conditions aside): the text a player can meet."""
    return set().union(*(reachable(story, chapter.start) for chapter in story.chapters))


def load_translation(story: Story, lang: str) -> Translation:
    """The language's catalogue beside the story; CatalogueError says why there is none to read."""
    path = po_path(story.root, lang)
    if not path.is_file():
        raise CatalogueError(f"there is no translation into '{lang}': {path} does not exist "
                             f"(make it with: main.py translate update {lang})")
    return read(path, lang)


def check_translation(story: Story, lang: str, draws: GlyphTest | None = None,
                      fits: FitTest | None = None) -> list[Diagnostic]:
    """Findings for one language: missing, fuzzy and stale lines where a player can meet them, translations
    that cannot be shown (their expressions or branches differ, they do not compile, their font lacks a glyph),
    and translations that cannot fit their box at the largest text size."""
    try:
        translation = load_translation(story, lang)
    except CatalogueError as error:
        where = str(po_path(story.root, lang))
        return [Diagnostic(where, 1, 1, ERROR, str(error).removeprefix(where + ": "), "CL127")]
    po = str(translation.path)
    found: list[Diagnostic] = []
    reachable = reachable_nodes(story)
    translated, mismatches, _used = translate_story(story, translation)
    refused = {mismatch.key: mismatch for mismatch in mismatches}
    shown: dict[str, tuple[str, int, int]] = {}  # the lines a player reads translated, at their PO entries
    for entry in entries(story):
        if entry.node is not None and entry.node not in reachable:
            continue
        line = translation.lines.get(entry.key)
        at = (entry.loc.path, entry.loc.line, entry.loc.col)
        if line is None or not line.text:
            found.append(Diagnostic(*at, WARNING, f"'{entry.key}' has no {lang} translation: {_short(entry.source)}", "CL120"))
            continue
        in_po = (po, line.line or 1, 1)
        if line.source != entry.source:
            found.append(Diagnostic(*in_po, WARNING, f"'{entry.key}' was translated from an earlier text; run "
                                    f"'main.py translate update {lang}' to mark it for review", "CL126"))
        elif line.fuzzy:
            found.append(Diagnostic(*in_po, WARNING, f"'{entry.key}' is fuzzy: its source changed since it was translated; "
                                    "check it and remove the fuzzy mark", "CL121"))
        if entry.key in refused:
            mismatch = refused[entry.key]
            found.append(Diagnostic(*in_po, ERROR, f"'{entry.key}': {mismatch.message}", mismatch.code))
        elif line.source == entry.source and not line.fuzzy:
            shown[entry.key] = in_po
        if entry.key not in refused and draws is not None:
            missing = sorted({ch for ch in line.text if not ch.isspace() and not draws(ch)})
            if missing:
                listed = " ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:8])
                found.append(Diagnostic(*in_po, ERROR, f"'{entry.key}' holds characters the {lang} font cannot draw: {listed}", "CL125"))
    if fits is not None:
        found += _misfits(translated, lang, shown, fits)
    return found


def check_source_fit(story: Story, fits: FitTest) -> list[Diagnostic]:
    """CL128 for the story's own lines, in the language it is written in, at their place in the story files.

    Every line is measured first, met in play or not: most stories have none too wide, and then where each
    line was written is never looked up. The lines found too wide are measured again among those a player
    meets, which gives the same findings as measuring only those. Only the nodes holding them are read again."""
    misfit_keys = {key for key, _message in fits(boxed_texts(story), SOURCE_LANGUAGE)}
    if not misfit_keys:
        return []
    reachable = reachable_nodes(story)
    holding = _nodes_holding(story, misfit_keys)
    met = [node for node in story.nodes.values() if node.id in holding and node.id in reachable]  # in story order
    shown = {entry.key: entry.loc for node in met for entry in node_entries(node)}
    return _misfits(story, SOURCE_LANGUAGE, shown, fits, misfit_keys, met)


def _nodes_holding(story: Story, keys: set[str]) -> set[str]:
    """The ids of the nodes whose lines have these keys: a node line's key is its node's id, a dot and the rest
    ("n5.text.0", "n5.to.n6.reason"). An id holds no dot, but one of a story with errors might: each way of
    cutting the key at a dot is tried."""
    found: set[str] = set()
    for key in keys:
        parts = key.split(".")
        found.update(node_id for node_id in (".".join(parts[:cut]) for cut in range(1, len(parts))) if node_id in story.nodes)
    return found


def _misfits(translated: Story, lang: str, shown: dict[str, tuple[str, int, int]], fits: FitTest,
             among: set[str] | None = None, nodes: list[Node] | None = None) -> list[Diagnostic]:
    """CL128 for each line shown in `lang` that the player's typesetting cannot fit in its box (with --lang, the
    lines still in the source language aside: plain `check` measures those). With `among`, only the lines whose
    key (or their reason's) is among those are measured: the others are known to fit; with `nodes`, only the
    lines of those nodes are read."""
    owners: dict[str, str] = {}  # a reason's key -> the key of its choice, the reason's place in the files

    def measured() -> Iterator[BoxedText]:  # one at a time: a story's lines may be hundreds of thousands
        for item in boxed_texts(translated, nodes):
            if (item.key in shown or item.reason_key in shown) and \
                    (among is None or item.key in among or item.reason_key in among):
                if item.reason_key is not None:
                    owners.setdefault(item.reason_key, item.key)
                yield item

    found = []
    for key, message in fits(measured(), lang):
        where = shown.get(key) or shown[owners[key]]
        found.append(Diagnostic(*where, WARNING, f"'{key}' cannot fit its box: {message}", "CL128"))
    return found


def status(story: Story, translation: Translation | None) -> list[tuple[str, int, int, int, int]]:
    """Per chapter (and the story's own strings): translated, fuzzy, missing, and obsolete lines."""
    counts: dict[str, list[int]] = {}
    for entry in entries(story):
        row = counts.setdefault(entry.chapter, [0, 0, 0, 0])
        line = translation.lines.get(entry.key) if translation else None
        if line is None or not line.text:
            row[2] += 1
        elif line.fuzzy or line.source != entry.source:
            row[1] += 1
        else:
            row[0] += 1
    if translation is not None:
        known = {entry.key for entry in entries(story)}
        stale = [key for key in translation.lines if key not in known] + list(translation.obsolete)
        counts.setdefault("story", [0, 0, 0, 0])[3] += len(stale)
    return [(chapter, *row) for chapter, row in counts.items()]


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def glyph_test(font_paths: Iterable[Path]) -> GlyphTest | None:
    """Whether any of the fonts draws a character (read from their character maps with fontTools)."""
    try:
        from fontTools.ttLib import TTFont  # noqa: PLC0415 (only `check --lang` needs it)
    except ImportError:
        return None
    covered: set[int] = set()
    for path in font_paths:
        with TTFont(str(path), lazy=True) as font:
            covered.update(font.getBestCmap() or {})
    return lambda ch: ord(ch) in covered
