"""Passages of eight or more words that two chapters share, found over the written (literal) text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from game.core.model import Loc, Story
from game.core.templates import literal_strings

MIN_WORDS = 8
_WORD = re.compile(r"[\w'’-]+")


@dataclass
class Place:
    chapter: str
    node: str
    loc: Loc


@dataclass
class SharedPassage:
    text: str
    words: int
    first: Place
    second: Place


def _runs_of_words(story: Story, chapter_id: str) -> list[tuple[Place, list[str]]]:
    found: list[tuple[Place, list[str]]] = []
    for node_id in story.chapter(chapter_id).node_ids:
        node = story.nodes[node_id]
        place = Place(chapter_id, node_id, node.loc)
        for template in [*node.text, *(choice.text for choice in node.choices)]:
            for piece in literal_strings(template.parts):
                words = _WORD.findall(piece)
                if len(words) >= MIN_WORDS:
                    found.append((place, words))
    return found


def _grams(words: list[str]) -> list[tuple[str, ...]]:
    lowered = [word.lower().replace("’", "'") for word in words]
    return [tuple(lowered[i:i + MIN_WORDS]) for i in range(len(lowered) - MIN_WORDS + 1)]


def shared_passages(story: Story, chapters: list[str] | None = None) -> list[SharedPassage]:
    """Every longest run of eight or more words that appears in two different chapters (each pair once)."""
    ids = [chapter.id for chapter in story.chapters]
    texts = {chapter_id: _runs_of_words(story, chapter_id) for chapter_id in ids}
    index: dict[str, dict[tuple[str, ...], Place]] = {}
    for chapter_id, runs in texts.items():
        grams: dict[tuple[str, ...], Place] = {}
        for place, words in runs:
            for gram in _grams(words):
                grams.setdefault(gram, place)
        index[chapter_id] = grams
    found: list[SharedPassage] = []
    reported: set[tuple[str, str, tuple[str, ...]]] = set()
    for position, chapter_id in enumerate(ids):
        for other in ids[position + 1:]:
            if chapters is not None and chapter_id not in chapters and other not in chapters:
                continue
            other_grams = index[other]
            for place, words in texts[chapter_id]:
                grams = _grams(words)
                start = 0
                while start < len(grams):
                    if grams[start] not in other_grams:
                        start += 1
                        continue
                    end = start
                    while end + 1 < len(grams) and grams[end + 1] in other_grams:
                        end += 1
                    run = words[start:end + MIN_WORDS]
                    key = (chapter_id, other, tuple(word.lower() for word in run))
                    if key not in reported:
                        reported.add(key)
                        found.append(SharedPassage(" ".join(run), len(run), place, other_grams[grams[start]]))
                    start = end + 1
    return found
