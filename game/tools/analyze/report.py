"""One chapter's analysis put together, with the `quality:` verdicts, and the analyze-only finding codes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.core.model import Loc, Story
from game.core.schema import QUALITY_THRESHOLDS
from game.core.usage import QUALITY_ALL, chapter_uses, reason_mismatch
from game.tools.analyze import measures, structure
from game.tools.analyze.playthroughs import play_many
from game.tools.analyze.shared import SharedPassage

# Findings only `analyze` makes (the checker's own are in game.core.diagnostics); docs/diagnostics.md explains each.
ANALYZE_CODES: dict[str, str] = {
    "CL054": "a choice that is never available in any reachable state, not marked deliberate",
    "CL055": "a must_see node that some route to an ending skips",
    "CL056": "a choice point whose branches meet again with nothing later telling them apart",
    "CL057": "a chapter falls short of a threshold in the story's quality block",
    "CL058": "a passage of eight or more words that two chapters share",
}


@dataclass
class Finding:
    loc: Loc
    node: str
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.loc.path}:{self.loc.line}: {self.node}: {self.message} [{self.code}]"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.loc.path, "line": self.loc.line, "node": self.node, "message": self.message, "code": self.code}


@dataclass
class Verdict:
    threshold: str
    limit: float
    value: float

    @property
    def ok(self) -> bool:
        return self.value <= self.limit if self.threshold.startswith("max_") else self.value >= self.limit


@dataclass
class ChapterAnalysis:
    chapter: str
    title: str
    runs: int
    points: list[structure.ChoicePoint]
    rejoin_one: float
    rejoin_two: float
    endings: list[structure.EndingDecision]
    last_choice: measures.LastChoice
    set_unread: int  # places a variable is set with nothing read afterwards (CL050)
    read_never_set: list[str]
    reason_mismatches: list[Finding]
    never_available: list[Finding]
    deliberate: list[str]
    rare: list[tuple[str, int, str, int]]  # node, choice index, text, runs it was available in
    explored: str  # "complete" or "within the bound of N states"
    repetition: measures.Repetition
    status: measures.StatusLines
    reading: measures.Reading
    must_see: list[structure.SkippedMustSee]
    shared: list[SharedPassage] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def forgotten(self) -> list[structure.ChoicePoint]:
        return [point for point in self.points if point.forgotten]

    @property
    def ok(self) -> bool:
        return all(verdict.ok for verdict in self.verdicts)

    def findings(self) -> list[Finding]:
        found = [Finding(p.loc, p.node, _forgotten_words(p), "CL056") for p in self.forgotten]
        found += self.reason_mismatches + self.never_available
        found += [Finding(s.loc, s.node, f"route to '{s.ending}' that skips it: {' > '.join(s.route)}", "CL055")
                  for s in self.must_see]
        found += [Finding(p.first.loc, p.first.node, f"{p.words} words also in {p.second.chapter} "
                          f"({p.second.loc.path}:{p.second.loc.line}, {p.second.node}): \"{_clip(p.text)}\"", "CL058")
                  for p in self.shared]
        found += [Finding(Loc("story.yaml", 1, 1), self.chapter, f"{v.threshold} is {_figure(v.value)}, "
                          f"the quality block asks for {'at most' if v.threshold.startswith('max_') else 'at least'} "
                          f"{_figure(v.limit)}", "CL057") for v in self.verdicts if not v.ok]
        return found

    def measured(self) -> dict[str, float]:
        """The value of every quality threshold, by its name."""
        return {
            "max_rejoin_after_one": self.rejoin_one,
            "max_forgotten_choices": len(self.forgotten),
            "max_last_choice_picks": self.last_choice.share,
            "max_set_unread": self.set_unread,
            "max_read_never_set": len(self.read_never_set),
            "max_reason_mismatches": len(self.reason_mismatches),
            "max_never_available": len(self.never_available),
            "max_repeated_share_p90": self.repetition.p90,
            "max_status_run_p50": self.status.longest_p50,
            "min_status_lines": self.status.distinct,
            "max_must_see_skipped": len(self.must_see),
            "max_shared_passages": len(self.shared),
            "min_words_median": self.reading.words.median,
            "max_words_median": self.reading.words.median,
            "min_choices_median": self.reading.choices.median,
        }


def _forgotten_words(point: structure.ChoicePoint) -> str:
    after = "at once" if point.rejoin == 0 else f"after {point.rejoin} node{'s' if point.rejoin != 1 else ''}"
    if point.differs:
        return (f"the {point.choices} choices meet again at {point.meets_at} {after}, and what they set differently "
                f"({', '.join(point.differs)}) is never read after")
    return f"the {point.choices} choices meet again at {point.meets_at} {after}, having changed nothing"


def _clip(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _figure(value: float) -> str:
    return f"{value:.2f}" if isinstance(value, float) and not value.is_integer() else f"{int(value)}"


def analyze_chapter(story: Story, chapter_id: str, runs: int, seed: int, max_states: int,
                    shared: list[SharedPassage]) -> ChapterAnalysis:
    chapter = story.chapter(chapter_id)
    uses = chapter_uses(story, chapter_id)
    points = structure.choice_points(story, chapter_id, uses)
    one, two = structure.rejoin_shares(points)
    plays = play_many(story, chapter_id, runs, seed)
    offered = measures.availability(plays)
    never, deliberate, explored = _never_available(story, chapter_id, max_states, set(offered))
    rare = []
    for node_id in chapter.node_ids:
        for index, choice in enumerate(story.nodes[node_id].choices):
            count = offered.get((node_id, index), 0)
            if 0 < count < measures.RARE_SHARE * runs:
                rare.append((node_id, index, choice.text.source, count))
    mismatches = []
    for node_id in chapter.node_ids:
        for choice in story.nodes[node_id].choices:
            found = reason_mismatch(choice)
            if found:
                extra, missing = found
                label = f"\"{_clip(choice.text.source)}\": "
                if extra:
                    mismatches.append(Finding(choice.loc, node_id, label + f"the reason varies with {', '.join(sorted(extra))}, "
                                              "which the gate does not test", "CL052"))
                if missing:
                    mismatches.append(Finding(choice.loc, node_id, label + f"the gate tests {', '.join(sorted(missing))}, "
                                              "which the reason never mentions", "CL053"))
    declared = story.variables_for(chapter_id)
    analysis = ChapterAnalysis(
        chapter=chapter_id, title=chapter.title, runs=runs, points=points, rejoin_one=one, rejoin_two=two,
        endings=structure.ending_decisions(story, chapter_id, uses),
        last_choice=measures.last_choice(plays),
        set_unread=sum(1 for site in uses.dead_writes() if site.variable in declared and uses.read_anywhere(site.variable)),
        read_never_set=sorted(name for name in declared if uses.read_anywhere(name) and not uses.set_anywhere(name)),
        reason_mismatches=mismatches, never_available=never, deliberate=deliberate, rare=rare, explored=explored,
        repetition=measures.repetition(plays), status=measures.status_lines(plays), reading=measures.reading(plays),
        must_see=structure.skipped_must_see(story, chapter_id),
        shared=[p for p in shared if p.first.chapter == chapter_id or p.second.chapter == chapter_id],
    )
    limits = {**story.quality.get(QUALITY_ALL, {}), **story.quality.get(chapter_id, {})}
    measured = analysis.measured()
    analysis.verdicts = [Verdict(name, limit, measured[name]) for name, limit in limits.items() if name in QUALITY_THRESHOLDS]
    return analysis


def _never_available(story: Story, chapter_id: str, max_states: int,
                     offered: set[tuple[str, int]]) -> tuple[list[Finding], list[str], str]:
    """Choices at reachable nodes that no explored state offers enabled (the explorer takes every open choice).

    When the exploration stops at its bound, a choice a random run was offered is known to be
    available and is left out; the rest are listed "within the bound".
    """
    from game.tools.explore import explore_chapter

    report = explore_chapter(story, chapter_id, max_states)
    explored = "complete" if report.complete else f"within the bound of {max_states:,} states"
    found: list[Finding] = []
    deliberate: list[str] = []
    for ref in report.never_taken_choices:
        if (ref.node, ref.index) in offered:
            continue
        choice = story.nodes[ref.node].choices[ref.index]
        if choice.deliberate:
            deliberate.append(f"{ref.node} choice {ref.index + 1}: {choice.deliberate}")
            continue
        how = "shown but never enabled" if ref.shown else "never shown"
        bound = "" if report.complete else f" ({explored})"
        found.append(Finding(choice.loc, ref.node, f"choice {ref.index + 1} \"{_clip(choice.text.source)}\" is never available: "
                             f"{how}{bound}", "CL054"))
    return found, deliberate, explored
