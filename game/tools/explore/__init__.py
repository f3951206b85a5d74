"""`main.py explore`: exhaustive exploration of every chapter's reachable states, or random playthroughs.

The exhaustive mode walks the chapter's state graph breadth-first; a state is the node plus only
what a future condition can tell apart (relevance.py), so the findings are exact. Randomness
(`chance`, `random`) branches over every outcome through the game's own closures (chance.py);
the random mode plays with real seeds through the same closures.

- reports.py: the findings and figures, and the exit codes
- relevance.py: what a state remembers, and the caps that merge what no guard can tell apart
- chance.py: the roll hook that branches
- compiled.py: the chapter as per-node tables, and liveness
- search.py: the search, soft-locks and loops with no exit
- replay.py: shortest paths shown as the player reads them
- randomplay.py: seeded random playthroughs
- command.py: the command line and the report in words

The command line imports only command.py and reports.py; the rest loads when a command runs.
"""
from __future__ import annotations

from typing import Any

from game.tools.explore.command import add_arguments, exit_status, load_checked, print_random, print_report, run
from game.tools.explore.reports import (DEFAULT_MAX_STATES, DEFAULT_MAX_STEPS, EXIT_BOUND, EXIT_OK, EXIT_PROBLEMS, ChoiceRef,
                                        DeadEnd, ExitlessLoop, ExploreReport, RandomReport)

_LAZY = {
    "explore_chapter": "search", "random_playthroughs": "randomplay", "_Compiled": "compiled", "Ctx": "compiled",
    "_Search": "search", "_Replay": "replay", "relevance": "relevance", "ORACLE": "chance",
}

__all__ = ["DEFAULT_MAX_STATES", "DEFAULT_MAX_STEPS", "EXIT_BOUND", "EXIT_OK", "EXIT_PROBLEMS", "ChoiceRef", "DeadEnd",
           "ExitlessLoop", "ExploreReport", "RandomReport", "add_arguments", "exit_status", "explore_chapter",
           "load_checked", "print_random", "print_report", "random_playthroughs", "run"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'game.tools.explore' has no attribute '{name}'")
    import importlib

    return getattr(importlib.import_module(f"game.tools.explore.{module}"), name)
