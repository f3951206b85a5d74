"""`main.py test-plan STORY PLAN...`: play a story by a plain-text plan and report every broken expectation at file:line.

A plan is one step a line (blank lines and `#` comments are skipped):

    chapter: room                  start a chapter (again from its start, with its initial values)
    choose: 2                      take the second choice shown
    choose: Open the curtain       take the choice with this text (the whole text, any case;
                                   ' and " match the story's curly quotes)
    line: the light on the edges   some text shown since the last choice contains this
    unavailable: Go out            this choice is shown but cannot be taken now
    because: You are not ready.    ... and this is its reason (after `unavailable:`)
    hidden: Call her               no choice with this text is shown
    variable: energy = 3           a variable has this value now
    node: room_start               the story is at this node
    ending: room_alone             the chapter has ended with this ending (its id or title)

After a choice (and at the start of a chapter) the plan runs on through nodes that only
continue, so a `line:` sees everything the player read on the way.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from game.core.model import Story
    from game.core.runtime import Runtime

STEPS = ("chapter", "choose", "line", "unavailable", "because", "hidden", "variable", "node", "ending")
MAX_CONTINUES = 10_000  # a `next` loop with no choice would otherwise run on for ever
# A plan typed on a plain keyboard matches the story's typographic quotes and apostrophes.
_PLAIN_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _comparable(text: str) -> str:
    return " ".join(text.translate(_PLAIN_QUOTES).split()).casefold()


@dataclass(frozen=True)
class Step:
    line: int
    kind: str
    argument: str


@dataclass
class Plan:
    path: Path
    display: str
    steps: list[Step] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # file:line messages about the plan itself


@dataclass
class Outcome:
    plan: Plan
    passed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.plan.problems


def read_plan(path: Path, display: str | None = None) -> Plan:
    """Read a plan file; mistakes in it become file:line problems, never exceptions."""
    plan = Plan(path, display or str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        plan.problems.append(f"{plan.display}:1: cannot read the plan: {getattr(error, 'strerror', None) or error}")
        return plan
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        kind, colon, argument = stripped.partition(":")
        kind = kind.strip().lower()
        argument = argument.strip()
        if kind not in STEPS:
            plan.problems.append(f"{plan.display}:{number}: '{kind}' is not a step; the steps are {', '.join(STEPS)}")
            continue
        if not colon or not argument:
            plan.problems.append(f"{plan.display}:{number}: '{kind}:' needs something after the colon")
            continue
        plan.steps.append(Step(number, kind, argument))
    if plan.steps and plan.steps[0].kind != "chapter":
        plan.problems.append(f"{plan.display}:{plan.steps[0].line}: a plan starts with 'chapter: ID'")
    return plan


class _Player:
    """Runs one plan's steps against the runtime, collecting what the player read."""

    def __init__(self, story: "Story", outcome: Outcome) -> None:
        self.story = story
        self.outcome = outcome
        self.rt: "Runtime | None" = None
        self.shown: list[str] = []
        self.last_unavailable: Any = None

    def fail(self, step: Step, message: str) -> None:
        self.outcome.failures.append(f"{self.outcome.plan.display}:{step.line}: {step.kind}: {step.argument}: {message}")

    def run(self, steps: Iterable[Step]) -> None:
        for step in steps:
            if step.kind != "chapter" and self.rt is None:
                self.fail(step, "no chapter is being played")
                return
            ok = getattr(self, "step_" + step.kind)(step)
            if ok is None:  # the run cannot go on meaningfully after this step
                return
            if ok:
                self.outcome.passed += 1

    def run_on(self) -> None:
        from game.core.runtime import Mode

        rt = self.rt
        assert rt is not None
        self.shown.extend(rt.text)
        for _ in range(MAX_CONTINUES):
            if rt.mode is not Mode.CONTINUE:
                return
            rt.advance()
            self.shown.extend(rt.text)

    def choice_named(self, text: str) -> Any:
        wanted = _comparable(text)
        for view in self.rt.choices if self.rt else []:
            if _comparable(view.text) == wanted:
                return view
        return None

    def choices_shown(self) -> str:
        views = self.rt.choices if self.rt else []
        return "; ".join(f"{v.index + 1}. {v.text}" + ("" if v.enabled else " (unavailable)") for v in views) or "none"

    # -- steps: True passed, False failed and the plan goes on, None failed and it stops ----
    def step_chapter(self, step: Step) -> bool | None:
        from game.core.runtime import Runtime

        if not any(chapter.id == step.argument for chapter in self.story.chapters):
            known = ", ".join(chapter.id for chapter in self.story.chapters)
            self.fail(step, f"the story has no such chapter; its chapters are {known}")
            return None
        self.rt = Runtime(self.story, step.argument, seed=1)
        self.shown = []
        self.run_on()
        return True

    def step_choose(self, step: Step) -> bool | None:
        from game.core.runtime import Mode

        rt = self.rt
        assert rt is not None
        if rt.mode is Mode.ENDED:
            self.fail(step, f"the chapter has already ended ({rt.ending.id if rt.ending else '?'})")
            return None
        view = None
        if step.argument.isdigit():
            index = int(step.argument) - 1
            view = rt.choices[index] if 0 <= index < len(rt.choices) else None
        else:
            view = self.choice_named(step.argument)
        if view is None:
            self.fail(step, f"no such choice at '{rt.node_id}'; the choices are: {self.choices_shown()}")
            return None
        if not view.enabled:
            self.fail(step, f"that choice is unavailable at '{rt.node_id}': {view.reason}")
            return None
        rt.choose(view.index)
        self.shown = []
        self.run_on()
        return True

    def step_line(self, step: Step) -> bool:
        wanted = _comparable(step.argument)
        if any(wanted in _comparable(text) for text in self.shown):
            return True
        seen = " / ".join(text[:60] for text in self.shown) or "nothing"
        self.fail(step, f"no line shown since the last choice contains it; shown: {seen}")
        return False

    def step_unavailable(self, step: Step) -> bool:
        view = self.choice_named(step.argument)
        self.last_unavailable = view
        if view is None:
            self.fail(step, f"that choice is not shown at '{self.rt.node_id if self.rt else '?'}'; the choices are: {self.choices_shown()}")
            return False
        if view.enabled:
            self.fail(step, "that choice can be taken now")
            return False
        return True

    def step_because(self, step: Step) -> bool:
        view = self.last_unavailable
        if view is None or view.enabled:
            self.fail(step, "'because:' follows an 'unavailable:' step that passed")
            return False
        if _comparable(step.argument) in _comparable(view.reason or ""):
            return True
        self.fail(step, f"the reason given is '{view.reason}'")
        return False

    def step_hidden(self, step: Step) -> bool:
        if self.choice_named(step.argument) is None:
            return True
        self.fail(step, "that choice is shown")
        return False

    def step_variable(self, step: Step) -> bool:
        name, equals, expected = step.argument.partition("=")
        name, expected = name.strip(), expected.strip()
        variables = self.rt.variables if self.rt else {}
        if not equals or name not in variables:
            self.fail(step, "write 'variable: NAME = VALUE' with a variable of this chapter" if not equals
                      else f"'{name}' is not a variable of this chapter; they are {', '.join(sorted(variables))}")
            return False
        actual = variables[name]
        shown = "true" if actual is True else "false" if actual is False else str(actual)
        if shown == expected.strip("'\""):
            return True
        self.fail(step, f"'{name}' is {shown}")
        return False

    def step_node(self, step: Step) -> bool:
        if self.rt is not None and self.rt.node_id == step.argument:
            return True
        self.fail(step, f"the story is at '{self.rt.node_id if self.rt else '?'}'")
        return False

    def step_ending(self, step: Step) -> bool:
        ending = self.rt.ending if self.rt else None
        if ending is not None and step.argument in (ending.id, ending.title):
            return True
        where = f"it ended with '{ending.id}' ({ending.title})" if ending else f"it has not ended; it is at '{self.rt.node_id if self.rt else '?'}'"
        self.fail(step, where)
        return False


def run_plan(story: "Story", plan: Plan) -> Outcome:
    outcome = Outcome(plan)
    if not plan.problems:
        _Player(story, outcome).run(plan.steps)
    return outcome


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("story", help="the story folder")
    parser.add_argument("plans", nargs="+", metavar="PLAN", help="plan files, or folders of *.plan files")


def plan_files(names: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = Path(name)
        found.extend(sorted(path.glob("*.plan")) if path.is_dir() else [path])
    return found


def run(args: argparse.Namespace) -> int:
    from game.tools.opening import open_story

    out = sys.stdout
    opened = open_story(args.story, "test-plan", err=out)
    if isinstance(opened, int):
        return opened
    failed = 0
    paths = plan_files(args.plans)
    if not paths:
        out.write("test-plan: no plan files found\n")
        return 1
    for path in paths:
        outcome = run_plan(opened.story, read_plan(path, str(path)))
        for line in outcome.plan.problems + outcome.failures:
            out.write(line + "\n")
        if outcome.ok:
            out.write(f"{path}: ok, {outcome.passed} steps\n")
        else:
            failed += 1
    out.write(f"{len(paths) - failed} of {len(paths)} plans passed\n")
    return 1 if failed else 0
