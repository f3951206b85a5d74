"""'Did you mean …?' in time that does not grow with the story: a trigram index for large name sets.

difflib compares a word with every candidate, about 1.4 µs per name; with 100,000 node ids
and 200 broken links that is 40 s. Above a few thousand names, only the names that share the
most three-letter pieces with the word are handed to difflib.
"""
from __future__ import annotations

import difflib
import heapq
from collections import Counter
from typing import Iterable

SMALL = 2000  # up to this many names, difflib alone is fast enough
SHORTLIST = 40  # names handed to difflib from the index
COMMON = 5000  # a piece shared by more names than this says too little to be worth counting


def _pieces(word: str) -> set[str]:
    padded = f"\x02{word}\x03"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class Suggester:
    """The closest name to a misspelt one, from a fixed set of names (built once, asked often)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = list(names)
        self._index: dict[str, list[int]] | None = None

    def closest(self, word: str) -> str | None:
        if len(self.names) <= SMALL:
            close = difflib.get_close_matches(word, self.names, n=1)
            return close[0] if close else None
        if self._index is None:
            self._index = {}
            for number, name in enumerate(self.names):
                for piece in _pieces(name):
                    self._index.setdefault(piece, []).append(number)
        counts: Counter[int] = Counter()
        for piece in _pieces(word):
            posting = self._index.get(piece)
            if posting and len(posting) <= COMMON:
                counts.update(posting)
        best = heapq.nlargest(SHORTLIST, counts.items(), key=lambda item: item[1])
        close = difflib.get_close_matches(word, [self.names[number] for number, _ in best], n=1)
        return close[0] if close else None


def hint(word: str, names: Iterable[str] | Suggester) -> str:
    """"; did you mean 'x'?" for the closest name, or "" when none is close."""
    suggester = names if isinstance(names, Suggester) else Suggester(names)
    close = suggester.closest(word)
    return f"; did you mean '{close}'?" if close else ""
