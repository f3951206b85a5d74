"""The `main.py analyze` command: arguments, the text report, the JSON report and the exit status."""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

DEFAULT_RUNS = 200
DEFAULT_MAX_STATES = 100_000  # per chapter for "never available"; beyond it the list says "within the bound"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("story", nargs="?", default=str(story_dir()), help="the story folder (default: the game's story/)")
    parser.add_argument("--chapter", help="analyze only this chapter")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help=f"random playthroughs per chapter (default {DEFAULT_RUNS})")
    parser.add_argument("--seed", type=int, default=0, help="the seed of the playthroughs (default 0)")
    parser.add_argument("--max-states", type=int, default=DEFAULT_MAX_STATES,
                        help=f"states explored per chapter to find choices never available (default {DEFAULT_MAX_STATES:,})")
    parser.add_argument("--json", action="store_true", help="print the report as JSON (its shape is in docs/tools.md)")


def run(args: argparse.Namespace) -> int:
    if args.runs < 1 or args.max_states < 1:
        print("analyze: --runs and --max-states take a positive number", file=sys.stderr)
        return 2
    from game.tools.analyze.report import analyze_chapter
    from game.tools.analyze.shared import shared_passages
    from game.tools.explore import load_checked

    began, cpu = time.perf_counter(), time.process_time()
    loaded = load_checked(args.story, args.chapter, "analyze")
    if isinstance(loaded, int):
        return loaded
    story, chapters = loaded
    shared = shared_passages(story, chapters)
    analyses = [analyze_chapter(story, chapter_id, args.runs, args.seed, args.max_states, shared) for chapter_id in chapters]
    seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - cpu
    if args.json:
        print(json.dumps(to_json(analyses, args.runs, args.seed, seconds, cpu_seconds), indent=2, ensure_ascii=False))
    else:
        for number, analysis in enumerate(analyses):
            if number:
                print()
            print_chapter(analysis)
        short = [a.chapter for a in analyses if not a.ok]
        verdict = f"falls short in {', '.join(short)}" if short else "every chapter meets its quality block"
        print(f"\nanalyze: {len(analyses)} chapter(s), {args.runs} runs each, seed {args.seed}, in {seconds:.1f} s ({cpu_seconds:.1f} s of processor time); {verdict}")
    return 1 if any(not analysis.ok for analysis in analyses) else 0


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _n(value: float) -> str:
    return f"{value:,.0f}"


def print_chapter(a: Any) -> None:
    print(f"Chapter {a.chapter} ({a.title}): {a.runs} random runs")
    print(f"  Choice impact: {len(a.points)} choice points; branches meet again within one node in {_pct(a.rejoin_one)}, "
          f"within two in {_pct(a.rejoin_two)}; {len(a.forgotten)} forget their difference")
    for point in a.forgotten[:10]:
        print(f"    {point.loc.path}:{point.loc.line}: {point.node}: {_forgotten(point)}")
    if len(a.forgotten) > 10:
        print(f"    … and {len(a.forgotten) - 10} more (--json lists them all)")
    lc = a.last_choice
    print(f"  Endings: the last choice alone picks among two or more endings in {_pct(lc.share)} of {lc.runs} ended runs")
    spread = ", ".join(f"{f'{count} open' if count else 'none found within the search bound'}: {runs} runs"
                       for count, runs in sorted(lc.open_counts.items()))
    if spread:
        print(f"    endings still open at the last choice: {spread}")
    for ending in a.endings:
        decided = ", ".join(ending.decided_by) if ending.decided_by else "nothing accumulated: the route alone picks it"
        print(f"    {ending.ending} \"{ending.title}\" ({ending.loc.path}:{ending.loc.line}): decided by {decided}")
    print(f"  Variables: {a.set_unread} place(s) set with nothing read afterwards [CL050]; "
          f"read but never set: {', '.join(a.read_never_set) or 'none'} [CL051]")
    print(f"  Reasons that name another cause: {len(a.reason_mismatches)}")
    for finding in a.reason_mismatches:
        print(f"    {finding}")
    print(f"  Never available ({a.explored}): {len(a.never_available)}"
          + (f"; marked deliberate: {len(a.deliberate)}" if a.deliberate else ""))
    for finding in a.never_available:
        print(f"    {finding}")
    if a.rare:
        print(f"  Rare (available in under 5% of runs): {len(a.rare)}")
        for node, index, text, count in a.rare[:10]:
            print(f"    {node} choice {index + 1} \"{text[:60]}\": {count} of {a.runs} runs")
    r = a.repetition
    print(f"  Repetition: words that repeat a paragraph already shown in the run: p50 {_pct(r.p50)}, p90 {_pct(r.p90)}, max {_pct(r.max)}")
    for item in r.top:
        words = " ".join(item.text.split()[:10])
        print(f"    {item.repeats:>5}x  (up to {item.most_in_one_run} in one run) {item.node}: \"{words}…\"")
    s = a.status
    print(f"  Status line: longest run of one line p50 {_n(s.longest_p50)}, max {s.longest_max}; {s.distinct} distinct lines")
    if a.must_see:
        print(f"  Must-see nodes skipped: {len(a.must_see)}")
        for skipped in a.must_see:
            print(f"    {skipped.loc.path}:{skipped.loc.line}: {skipped.node}: shortest route to {skipped.ending} without it: "
                  f"{' > '.join(skipped.route)}")
    else:
        print("  Must-see nodes skipped: none")
    print(f"  Shared passages with other chapters: {len(a.shared)}")
    for passage in a.shared[:10]:
        print(f"    {passage.first.loc.path}:{passage.first.loc.line} ({passage.first.node}) = "
              f"{passage.second.loc.path}:{passage.second.loc.line} ({passage.second.node}): {passage.words} words, "
              f"\"{' '.join(passage.text.split()[:12])}…\"")
    w, c = a.reading.words, a.reading.choices
    print(f"  Reading: words per run {_n(w.low)} / {_n(w.median)} / {_n(w.high)} (min / median / max); "
          f"choices {_n(c.low)} / {_n(c.median)} / {_n(c.high)}; {a.reading.ended} of {a.runs} runs reached an ending")
    if a.verdicts:
        print("  Quality block: " + ("met" if a.ok else "FALLS SHORT"))
        for verdict in a.verdicts:
            mark = "ok " if verdict.ok else "NO "
            print(f"    {mark} {verdict.threshold} {verdict.limit:g}: measured {verdict.value:.3g}")


def _forgotten(point: Any) -> str:
    from game.tools.analyze.report import _forgotten_words

    return _forgotten_words(point)


def to_json(analyses: list[Any], runs: int, seed: int, seconds: float, cpu_seconds: float) -> dict[str, Any]:
    chapters = []
    for a in analyses:
        chapters.append({
            "chapter": a.chapter, "title": a.title, "runs": a.runs, "ok": a.ok,
            "choice_points": len(a.points), "rejoin_within_one": a.rejoin_one, "rejoin_within_two": a.rejoin_two,
            "forgotten_choices": [{"node": p.node, "file": p.loc.path, "line": p.loc.line, "rejoin": p.rejoin,
                                   "meets_at": p.meets_at, "differs": p.differs} for p in a.forgotten],
            "endings": [{"id": e.ending, "title": e.title, "node": e.node, "decided_by": e.decided_by} for e in a.endings],
            "last_choice": {"runs": a.last_choice.runs, "picks": a.last_choice.picks, "share": a.last_choice.share,
                            "open": {str(k): v for k, v in sorted(a.last_choice.open_counts.items())}},
            "variables": {"set_unread": a.set_unread, "read_never_set": a.read_never_set},
            "reason_mismatches": [f.to_json() for f in a.reason_mismatches],
            "never_available": [f.to_json() for f in a.never_available], "explored": a.explored,
            "deliberate": a.deliberate,
            "rare": [{"node": n, "choice": i + 1, "text": t, "runs": c} for n, i, t, c in a.rare],
            "repetition": {"p50": a.repetition.p50, "p90": a.repetition.p90, "max": a.repetition.max,
                           "top": [{"node": t.node, "text": t.text, "repeats": t.repeats, "most_in_one_run": t.most_in_one_run}
                                   for t in a.repetition.top]},
            "status": {"longest_p50": a.status.longest_p50, "longest_max": a.status.longest_max, "distinct": a.status.distinct},
            "must_see_skipped": [{"node": s.node, "ending": s.ending, "route": s.route} for s in a.must_see],
            "shared_passages": [{"words": p.words, "text": p.text,
                                 "here": {"chapter": p.first.chapter, "node": p.first.node, "file": p.first.loc.path, "line": p.first.loc.line},
                                 "there": {"chapter": p.second.chapter, "node": p.second.node, "file": p.second.loc.path, "line": p.second.loc.line}}
                                for p in a.shared],
            "reading": {"words": vars(a.reading.words), "choices": vars(a.reading.choices), "ended": a.reading.ended},
            "quality": [{"threshold": v.threshold, "limit": v.limit, "measured": v.value, "ok": v.ok} for v in a.verdicts],
            "findings": [f.to_json() for f in a.findings()],
        })
    return {"runs": runs, "seed": seed, "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3), "ok": all(a.ok for a in analyses), "chapters": chapters}
