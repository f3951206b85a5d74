"""What `explore` reports: the findings of an exhaustive search and the figures of random playthroughs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_STATES = 5_000_000  # about 400 bytes a state: some 2 GB at the bound
DEFAULT_MAX_STEPS = 5_000
MAX_OUTCOME_COMBINATIONS = 4096  # random outcomes enumerated at one step, at most
CONTINUE, FALLBACK = -1, -2  # edge labels that are not a choice index
MAX_VALUES_SEEN = 24
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BOUND = 0, 1, 2, 3


class AtLeast(int):
    """A counter's value at its cap, which stands for the cap and every value above it."""

    def __str__(self) -> str:
        return f"{int(self)} or more"

    __repr__ = __str__


# -- reports ----------------------------------------------------------------------------

@dataclass
class DeadEnd:
    """A reachable state with no way on: a soft-lock (no choice available) or a dead end (no choices at all)."""

    node: str
    kind: str  # "soft-lock" or "dead end"
    path: list[str]
    detail: list[str] = field(default_factory=list)  # each shown choice and why it is not available
    states: int = 1  # how many explored states are stuck at this node
    by_chance: bool = False  # only some random outcomes leave it stuck

    def __str__(self) -> str:
        return f"{self.kind} at {self.node}"


@dataclass
class ChoiceRef:
    node: str
    index: int  # 0-based position in the node's choices
    text: str
    condition: str | None = None  # the `if` source
    enabled: str | None = None  # the `enabled` source
    values_seen: dict[str, list[Any]] = field(default_factory=dict)  # for never-enabled choices
    shown: bool = False  # shown (visible) in some reachable state

    def label(self) -> str:
        return f'{self.node} choice {self.index + 1} "{self.text}"'


@dataclass
class ExitlessLoop:
    nodes: list[str]  # the nodes the trapped states are at
    states: int
    path: list[str]  # a shortest choice path into the loop
    entry: str  # the node that path arrives at


@dataclass
class ExploreReport:
    chapter: str
    endings_reached: dict[str, list[str]]
    unreachable_endings: list[str]
    dead_ends: list[DeadEnd]
    never_reached_nodes: list[str]
    never_enabled_choices: list[ChoiceRef]
    exitless_loops: list[ExitlessLoop]
    states: int
    complete: bool
    never_taken_choices: list[ChoiceRef] = field(default_factory=list)
    ending_titles: dict[str, str] = field(default_factory=dict)
    ending_nodes: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    tracked: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def soft_locks(self) -> list[DeadEnd]:
        return [d for d in self.dead_ends if d.kind == "soft-lock"]

    @property
    def ok(self) -> bool:
        """No reachable dead end or soft-lock, no unreachable ending, no trap loop."""
        return not self.dead_ends and not self.unreachable_endings and not self.exitless_loops

    @property
    def states_per_second(self) -> float:
        return self.states / self.seconds if self.seconds > 0 else 0.0


@dataclass
class RandomReport:
    chapter: str
    runs: int
    seed: int
    endings: dict[str, int]  # ending id -> runs that ended there
    capped: int  # runs stopped at the step cap
    soft_locks: int  # runs that met the runtime's fallback at least once
    mean_choices: float
    longest_choices: int
    choices: int  # choices made in all runs
    steps: int  # choices and continues in all runs
    hits: dict[str, int]  # node id -> visits over all runs
    seconds: float = 0.0
    max_steps: int = DEFAULT_MAX_STEPS
    ending_titles: dict[str, str] = field(default_factory=dict)

    @property
    def choices_per_second(self) -> float:
        return self.choices / self.seconds if self.seconds > 0 else 0.0


