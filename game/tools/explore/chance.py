"""Randomness as branching: the explorer's roll hook, and every combination of outcomes of one step.

The explorer runs the same closures as the game (game.core.lang.evaluate), compiled with
`branching_roll` in place of the seeded roll: each roll asks the oracle, and a step is re-run
until every combination of outcomes (evaluate.outcomes) has been seen.
"""
from __future__ import annotations

from typing import Any, Callable

from game.core.lang.evaluate import outcomes
from game.tools.explore.reports import MAX_OUTCOME_COMBINATIONS


class Oracle:
    """Enumerates every combination of random outcomes met while running a step, depth first."""

    def __init__(self) -> None:
        self.script: list[int] = []
        self.arity: list[int] = []
        self.pos = 0
        self.truncated = False  # set when a step had more combinations than MAX_OUTCOME_COMBINATIONS

    def pick(self, values: Any) -> Any:
        if self.pos < len(self.script):
            index = self.script[self.pos]
        else:
            index = 0
            self.script.append(0)
            self.arity.append(len(values))
        self.pos += 1
        return values[index]

    def advance(self) -> bool:
        """Move to the next combination; False when all have been run."""
        self.pos = 0
        while self.script:
            if self.script[-1] + 1 < self.arity[-1]:
                self.script[-1] += 1
                return True
            self.script.pop()
            self.arity.pop()
        return False

    def all_outcomes(self, run: Callable[[], Any]) -> list[Any]:
        """What `run` returns under every combination of the outcomes of the rolls it makes."""
        self.script, self.arity, self.pos = [], [], 0
        results = [run()]
        while self.advance():
            if len(results) >= MAX_OUTCOME_COMBINATIONS:
                self.truncated = True
                break
            results.append(run())
        return results

    def roll(self, context: Any, kind: str, site: str, first: int, second: int = 0) -> Any:
        """The roll hook (see game.core.lang.evaluate): one of the outcomes, as the script says."""
        return self.pick(outcomes(kind, first, second))


ORACLE = Oracle()
branching_roll = ORACLE.roll


def all_outcomes(run: Callable[[], Any]) -> list[Any]:
    return ORACLE.all_outcomes(run)
