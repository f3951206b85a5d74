"""`main.py explore`: the command line, its exit codes and the report in words.

Exit codes: 0 all is well; 1 problems found (a dead end or soft-lock, or, when the search is
complete, an unreachable ending or a loop with no exit); 2 the command could not run; 3 the
search stopped at its bound (--max-states) with no definite problem: what it did not reach is
only "within the bound".
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from typing import TYPE_CHECKING, Any

from game.tools.explore.reports import (DEFAULT_MAX_STATES, DEFAULT_MAX_STEPS, EXIT_BOUND, EXIT_OK, EXIT_PROBLEMS,
                                            ExploreReport, RandomReport)

if TYPE_CHECKING:
    from game.core.model import Story

WIDTH = 100  # long lists of node ids are wrapped at this many columns


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("story", nargs="?", default=str(story_dir()), help="the story folder (default: the game's story/)")
    parser.add_argument("--chapter", help="explore only this chapter")
    parser.add_argument("--max-states", type=int, default=DEFAULT_MAX_STATES,
                        help=f"stop after this many states per chapter (default {DEFAULT_MAX_STATES:,})")
    parser.add_argument("--random", type=int, metavar="N", help="make N random playthroughs instead")
    parser.add_argument("--seed", type=int, default=0, help="the seed for --random (default 0)")
    parser.add_argument("--max-steps", type=int, default=DEFAULT_MAX_STEPS,
                        help=f"with --random: stop a playthrough after this many steps (default {DEFAULT_MAX_STEPS:,})")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every node's hits, every path and value")


def load_checked(story_arg: str, chapter: str | None, command: str) -> tuple[Any, list[str]] | int:
    """The loaded story and the chapters to work on, or an exit code after printing why not."""
    from game.tools.opening import open_story

    opened = open_story(story_arg, command, chapter=chapter)
    return opened if isinstance(opened, int) else (opened.story, opened.chapters)


def run(args: argparse.Namespace) -> int:
    if args.max_states < 1 or (args.random is not None and args.random < 1) or args.max_steps < 1:
        print("explore: --max-states, --random and --max-steps take a positive number", file=sys.stderr)
        return 2
    loaded = load_checked(args.story, args.chapter, "explore")
    if isinstance(loaded, int):
        return loaded
    story, chapters = loaded
    from game.tools.explore.randomplay import random_playthroughs
    from game.tools.explore.search import explore_chapter

    if args.random is not None:
        for number, chapter_id in enumerate(chapters):
            if number:
                print()
            print_random(random_playthroughs(story, chapter_id, args.random, args.seed, args.max_steps), args.verbose)
        return EXIT_OK
    status = EXIT_OK
    for number, chapter_id in enumerate(chapters):
        if number:
            print()
        report = explore_chapter(story, chapter_id, args.max_states)
        print_report(story, report, args.verbose)
        status = max(status, exit_status(report), key=_severity)
    return status


def exit_status(report: ExploreReport) -> int:
    """1 for a definite problem, 3 for a search stopped at its bound without one, else 0."""
    if report.dead_ends or (report.complete and not report.ok):
        return EXIT_PROBLEMS
    return EXIT_OK if report.complete else EXIT_BOUND


def _severity(status: int) -> int:
    return {EXIT_OK: 0, EXIT_BOUND: 1, EXIT_PROBLEMS: 2}.get(status, 3)


def _wrapped(head: str, items: list[str], indent: str = "      ") -> list[str]:
    """`head` and the items, comma-separated, on one line when they fit in WIDTH columns, else wrapped under it."""
    joined = ", ".join(items)
    if len(head) + 1 + len(joined) <= WIDTH:
        return [f"{head} {joined}"]
    body = textwrap.wrap(", ".join(items), WIDTH - len(indent), break_on_hyphens=False, break_long_words=False)
    return [head] + [indent + line for line in body]


def _path_lines(path: list[str], indent: str) -> list[str]:
    if not path:
        return [f"{indent}(at the start, no choice needed)"]
    return [f"{indent}{number}. {text}" for number, text in enumerate(path, 1)]


def print_report(story: "Story", report: ExploreReport, verbose: bool = False) -> None:
    out: list[str] = []
    chapter = story.chapter(report.chapter)
    rate = f", {report.states_per_second:,.0f} states/s" if report.seconds > 0.05 else ""
    done = "complete" if report.complete else f"incomplete: explored {report.states:,} states, stopped at the bound"
    out.append(f"Chapter {chapter.id} ({chapter.title}): {report.states:,} states, {done} ({report.seconds:.2f} s{rate})")
    bound = "" if report.complete else " (within the bound)"
    tracked = report.tracked
    parts = [f"variables: {', '.join(tracked['variables']) or 'none'}"]
    if tracked["visits"]:
        parts.append(f"visits: {', '.join(tracked['visits'])}")
    if tracked["once"]:
        parts.append(f"once: {len(tracked['once'])}")
    if tracked["turns"]:
        parts.append(tracked["turns"][0])
    out.append("  state: node + " + "; ".join(parts))
    for note in report.notes:
        out.append(f"  note: {note}")
    total = len(report.ending_titles)
    out.append(f"  endings reached{bound}: {len(report.endings_reached)} of {total}")
    for ending_id, path in report.endings_reached.items():
        choices = len(path)
        out.append(f"    {ending_id} \"{report.ending_titles.get(ending_id, '')}\" "
                   f"in {choices} choice{'s' if choices != 1 else ''}:")
        out.extend(_path_lines(path, "      "))
    if report.unreachable_endings:
        head = "  UNREACHABLE ENDINGS:" if report.complete else "  endings not reached within the bound (undecided):"
        out.extend(_wrapped(head, [f"{e} (node {report.ending_nodes.get(e, '?')})" for e in report.unreachable_endings]))
    for dead in report.dead_ends:
        chance = ", by chance" if dead.by_chance else ""
        if dead.kind == "dead end":
            what = "DEAD END", "no choices, no next, no ending"
        else:
            what = "SOFT-LOCK", f"no choice is available, the game can only offer \"{story.fallback_text}\""
        out.append(f"  {what[0]} at {dead.node} ({dead.states:,} state{'s' if dead.states != 1 else ''}{chance}): "
                   f"{what[1]}; reached by:")
        out.extend(_path_lines(dead.path, "      "))
        for line in dead.detail:
            out.append(f"      - {line}")
    for loop in report.exitless_loops:
        out.append(f"  LOOP WITH NO EXIT through {', '.join(loop.nodes)} ({loop.states:,} states): no ending can be "
                   f"reached from {loop.entry}; reached by:")
        out.extend(_path_lines(loop.path, "      "))
    if not report.complete:
        out.append("  loops with no exit: not looked for (within the bound, a partial graph cannot tell)")
    if report.never_reached_nodes:
        out.extend(_wrapped(f"  nodes never reached{bound} ({len(report.never_reached_nodes)}):", report.never_reached_nodes))
    if report.never_enabled_choices:
        out.append(f"  choices shown but never available{bound} ({len(report.never_enabled_choices)}):")
        for ref in report.never_enabled_choices:
            seen = "; ".join(f"{name} was {_format_values(values, verbose)}" for name, values in ref.values_seen.items())
            out.append(f"    {ref.label()}: enabled: {ref.enabled} is never true" + (f" ({seen})" if seen else ""))
    hidden = [ref for ref in report.never_taken_choices if ref not in report.never_enabled_choices]
    if hidden:
        out.append(f"  choices never available in a reached node{bound} ({len(hidden)}):")
        for ref in hidden:
            why = f"if: {ref.condition}" if ref.condition else "once" if not ref.shown else "never shown"
            if ref.shown and ref.enabled:
                why = f"enabled: {ref.enabled}"
            out.append(f"    {ref.label()}: {'never shown' if not ref.shown else 'never available'} ({why})")
    if report.ok and report.complete:
        out.append("  ok: every ending is reachable, and no reachable state is stuck")
    print("\n".join(out))


def _format_values(values: list[Any], verbose: bool) -> str:
    shown = values if verbose or len(values) <= 8 else values[:8]
    text = ", ".join(repr(v) if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v) for v in shown)
    if len(shown) < len(values):
        text += ", …"
    return "only " + text if len(values) == 1 else "one of " + text


def print_random(report: RandomReport, verbose: bool = False) -> None:
    out = [f"Chapter {report.chapter}: {report.runs:,} random playthroughs, seed {report.seed} "
           f"({report.seconds:.2f} s, {report.choices_per_second:,.0f} choices/s)"]
    out.append("  endings:")
    for ending_id in report.ending_titles:
        count = report.endings.get(ending_id, 0)
        out.append(f"    {ending_id:<24} {count:>8,}  {100 * count / report.runs:5.1f}%  \"{report.ending_titles[ending_id]}\"")
    if report.capped:
        out.append(f"    {'(step cap)':<24} {report.capped:>8,}  {100 * report.capped / report.runs:5.1f}%  "
                   f"stopped after {report.max_steps:,} steps without an ending")
    out.append(f"  length: mean {report.mean_choices:.1f} choices, longest {report.longest_choices:,}")
    if report.soft_locks:
        out.append(f"  {report.soft_locks:,} playthrough(s) met a soft-lock (the game's way on was all there was)")
    ordered = sorted(report.hits.items(), key=lambda item: (-item[1], item[0]))
    shown = ordered if verbose else ordered[:15]
    out.append(f"  hits per node ({'all' if verbose else 'top 15'} of {len(ordered)} reached; --verbose for all):"
               if not verbose else f"  hits per node (all {len(ordered)} reached):")
    for node_id, count in shown:
        out.append(f"    {node_id:<32} {count:>10,}")
    print("\n".join(out))

