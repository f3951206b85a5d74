"""Measures over a chapter's random playthroughs: repetition, status lines, reading, endings still open, rare choices."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from game.tools.analyze.playthroughs import Playthrough

RARE_SHARE = 0.05  # a choice available in fewer runs than this is "rare"
TOP_REPEATED = 10


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank; 0 for no values)."""
    if not values:
        return 0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(share * (len(ordered) - 1)))))
    return ordered[rank]


@dataclass
class Spread:
    low: float
    median: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> "Spread":
        return cls(min(values, default=0), percentile(values, 0.5), max(values, default=0))


@dataclass
class RepeatedParagraph:
    node: str
    text: str
    repeats: int  # times shown again, after its first showing in a run, over all runs
    most_in_one_run: int  # most times shown in a single run


@dataclass
class Repetition:
    p50: float
    p90: float
    max: float
    top: list[RepeatedParagraph] = field(default_factory=list)


def repetition(runs: list[Playthrough]) -> Repetition:
    shares: list[float] = []
    repeats: Counter[tuple[str, str]] = Counter()
    most: dict[tuple[str, str], int] = {}
    for run in runs:
        shown: Counter[str] = Counter()
        where: dict[str, str] = {}
        total = repeated = 0
        for step in run.steps:
            for paragraph in step.paragraphs:
                words = len(paragraph.split())
                total += words
                if shown[paragraph]:
                    repeated += words
                    repeats[(where[paragraph], paragraph)] += 1
                else:
                    where[paragraph] = step.node
                shown[paragraph] += 1
        for paragraph, count in shown.items():
            key = (where[paragraph], paragraph)
            most[key] = max(most.get(key, 0), count)
        shares.append(repeated / total if total else 0.0)
    top = [RepeatedParagraph(node, text, count, most[(node, text)]) for (node, text), count in repeats.most_common(TOP_REPEATED)]
    return Repetition(percentile(shares, 0.5), percentile(shares, 0.9), max(shares, default=0.0), top)


@dataclass
class StatusLines:
    longest_p50: float
    longest_max: int
    distinct: int


def status_lines(runs: list[Playthrough]) -> StatusLines:
    longest: list[int] = []
    distinct: set[str] = set()
    for run in runs:
        best = current = 0
        previous: str | None = None
        for step in run.steps:
            if step.status is None:
                best, current, previous = max(best, current), 0, None
                continue
            distinct.add(step.status)
            current = current + 1 if step.status == previous else 1
            previous = step.status
            best = max(best, current)
        longest.append(best)
    return StatusLines(percentile(longest, 0.5), max(longest, default=0), len(distinct))


@dataclass
class Reading:
    words: Spread
    choices: Spread
    ended: int  # runs that reached an ending (the rest hit the step cap)


def reading(runs: list[Playthrough]) -> Reading:
    return Reading(Spread.of([run.words for run in runs]), Spread.of([run.choices for run in runs]),
                   sum(1 for run in runs if run.ending is not None))


@dataclass
class LastChoice:
    runs: int  # runs that made a choice and ended
    picks: int  # of them, runs whose last choice alone picked among two or more endings
    open_counts: Counter = field(default_factory=Counter)  # endings open at the last choice -> runs

    @property
    def share(self) -> float:
        return self.picks / self.runs if self.runs else 0.0


def last_choice(runs: list[Playthrough]) -> LastChoice:
    """For each ended run: how many endings were still open at its last choice."""
    result = LastChoice(0, 0)
    for run in runs:
        count = run.endings_open_at_last_choice
        if count is None:
            continue
        result.runs += 1
        result.open_counts[count] += 1
        if count >= 2:
            result.picks += 1
    return result


def availability(runs: list[Playthrough]) -> Counter:
    """(node, choice index) -> the number of runs in which the choice was offered enabled at least once."""
    counts: Counter[tuple[str, int]] = Counter()
    for run in runs:
        counts.update(run.available)
    return counts
