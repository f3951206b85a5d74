"""The story runtime: the current node's text, scene and choices; choose; one JSON-ready state.

Modelled on ink's runtime: all mutable state lives in one `StoryState`, which goes to JSON and
back with a version, names nodes by id, and is deterministic given its seed.
"""
from __future__ import annotations

import enum
import random
from dataclasses import dataclass, field
from typing import Any

from game.core import history as pages
from game.core import savedstate
from game.core.expressions import Effect, Expr
from game.core.history import HistoryEntry
from game.core.lang.evaluate import REFUSED, RollHook
from game.core.model import DEFAULT_FALLBACK_TEXT, Chapter, Choice, Ending, Node, Story, Value, Variable
from game.core.savedstate import MIN_COMPATIBLE_VERSION, STATE_KIND, STATE_VERSION, StateError

# What an effect or a text can raise at run time in a story that checked clean (a division by a
# variable, a number too long to show, a value past the limits): each becomes a warning, and the
# game goes on with the last good state.
RUN_TIME_SLIPS = (ArithmeticError, TypeError, KeyError, ValueError, MemoryError, RecursionError)
FALLBACK_TEXT = DEFAULT_FALLBACK_TEXT  # a story's own wording is story.fallback_text
MAX_UNDO = 30  # steps kept for undo, in memory and in saves


class Mode(enum.Enum):
    CHOICE = "choice"  # waiting for the player to pick
    CONTINUE = "continue"  # waiting for the player to go on
    ENDED = "ended"  # the chapter has ended


@dataclass(frozen=True)
class SceneView:
    name: str
    params: dict[str, Value]


@dataclass(frozen=True)
class ChoiceView:
    index: int
    text: str
    enabled: bool
    reason: str | None
    target: str
    fallback: bool = False


@dataclass
class StoryState:
    """Everything that changes while playing, and nothing else."""

    chapter: str
    node: str
    vars: dict[str, Value]
    visits: dict[str, int] = field(default_factory=dict)
    once: set[str] = field(default_factory=set)
    turns: int = 0
    seed: int = 0
    scene_node: str | None = None
    ambience: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    undo: list[dict[str, Any]] = field(default_factory=list)
    history_dropped: int = 0  # the oldest pages, beyond savedstate.MAX_HISTORY, no longer kept

    def snapshot(self) -> dict[str, Any]:
        """This state without its history (which only grows, so its length restores it) or undo."""
        data = self._fields()
        data["history_len"] = self.history_dropped + len(self.history)
        return data

    def _fields(self) -> dict[str, Any]:
        return {
            "chapter": self.chapter,
            "node": self.node,
            "vars": dict(self.vars),
            "visits": dict(self.visits),
            "once": sorted(self.once),
            "turns": self.turns,
            "seed": self.seed,
            "scene_node": self.scene_node,
            "ambience": self.ambience,
        }

    def to_json(self) -> dict[str, Any]:
        """A copy that later moves leave as it is, made in time proportional to the pages, not their contents.

        A history page and an undo step are never changed once recorded (moves append, trim and
        pop whole ones; undo rebuilds the state from copies), so the copy shares them and copies
        only the lists that hold them: an autosave after every move costs microseconds, not a deep
        copy of 300 pages and 30 steps on the key's path.
        """
        data = {"kind": STATE_KIND, "version": STATE_VERSION, "min_version": MIN_COMPATIBLE_VERSION}
        data.update(self._fields())
        data["history"] = list(self.history)
        data["history_dropped"] = self.history_dropped
        data["undo"] = list(self.undo)
        return data


class Runtime:
    def __init__(self, story: Story, chapter_id: str, seed: int | None = None, roll: RollHook | None = None) -> None:
        self.story = story
        self.roll = roll  # None: the seeded roll every expression is compiled with
        self.chapter: Chapter = story.chapter(chapter_id)
        self.declared: dict[str, Variable] = story.variables_for(chapter_id)
        self.warnings: list[str] = []
        start = self.chapter.start
        if start not in story.nodes:
            raise KeyError(f"chapter '{chapter_id}' starts at '{start}', which is not a node")
        self.state = StoryState(chapter_id, start, {name: var.initial for name, var in self.declared.items()},
                                seed=seed if seed is not None else random.randrange(1, 2**31))
        self._enter(start)

    # -- saving -----------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return self.state.to_json()

    @classmethod
    def from_state(cls, story: Story, data: Any, roll: RollHook | None = None) -> tuple["Runtime", list[str]]:
        """Rebuild a runtime from a saved state, fitting it to the story as it is now (see savedstate).

        Raises StateError for a save that cannot be used at all; returns what changed, in words.
        """
        state, warnings = savedstate.checked(data)
        chapter_id = state["chapter"]
        if not any(c.id == chapter_id for c in story.chapters):
            raise StateError(f"the save is for a chapter this story does not have ({chapter_id!r})")
        runtime = cls.__new__(cls)
        runtime.story = story
        runtime.roll = roll
        runtime.chapter = story.chapter(chapter_id)
        runtime.declared = story.variables_for(chapter_id)
        runtime.warnings = []
        variables, changed = savedstate.fitted_vars(story, chapter_id, state["vars"])
        once, lost = savedstate.migrate_once(story, state.get("once") or [], state["version"])
        once, changed_choices = savedstate.fit_once(story, once)
        warnings += changed + lost + changed_choices
        history = [pages.language_free(story, page) for page in state["history"]]
        dropped = savedstate.trim_history(history, state["history_dropped"])
        scene_node = state.get("scene_node") if state.get("scene_node") in story.nodes else None
        runtime.state = StoryState(chapter_id, runtime.chapter.start, variables, dict(state.get("visits") or {}), once,
                                   state.get("turns", 0), state.get("seed", 1), scene_node, state.get("ambience"),
                                   history, [], dropped)
        node_id = state["node"]
        node = story.nodes.get(node_id)
        if node is None or node.chapter != chapter_id:
            home, sentence = savedstate.new_home(story, chapter_id, node_id, history)
            if home is None:
                warnings.append(f"the place this save was made ('{node_id}') is no longer in the story; "
                                f"starting again at the beginning of {runtime.chapter.title}")
                runtime.state = StoryState(chapter_id, runtime.chapter.start, {name: var.initial for name, var in runtime.declared.items()},
                                           seed=runtime.state.seed)
                runtime._enter(runtime.chapter.start)
            else:
                warnings.append(sentence)
                runtime.state.node = home
                runtime.state.scene_node = home if story.nodes[home].scene else runtime.state.scene_node
        else:
            runtime.state.node = node_id
            if runtime.state.scene_node is None:
                runtime.state.scene_node = node_id if node.scene else None
            runtime.state.undo = savedstate.usable_undo(story, state, dropped + len(history))
        runtime.warnings.extend(warnings)
        return runtime, warnings

    # -- what the player sees ---------------------------------------------------
    @property
    def node(self) -> Node:
        return self.story.nodes[self.state.node]

    @property
    def node_id(self) -> str:
        return self.state.node

    @property
    def variables(self) -> dict[str, Value]:
        return dict(self.state.vars)

    @property
    def text(self) -> list[str]:
        paragraphs = []
        for template in self.node.text:
            rendered = self._render(template)
            if rendered:
                paragraphs.append(rendered)
        return paragraphs

    @property
    def scene(self) -> SceneView | None:
        node_id = self.state.scene_node
        if node_id is None or node_id not in self.story.nodes:
            return None
        ref = self.story.nodes[node_id].scene
        if ref is None:
            return None
        params: dict[str, Value] = {}
        for key, value in ref.params.items():
            params[key] = self._eval(value, None) if isinstance(value, Expr) else value
        catalogue = self.story.catalogue
        return SceneView(ref.name, params if catalogue is None else catalogue.fit_scene_params(ref.name, params))

    @property
    def ambience(self) -> str | None:
        return self.state.ambience

    @property
    def status(self) -> str | None:
        template = self.node.status or self.chapter.status
        return self._render(template) if template else None

    @property
    def tags(self) -> tuple[str, ...]:
        return self.node.tags

    @property
    def mode(self) -> Mode:
        node = self.node
        if node.ending:
            return Mode.ENDED
        if node.next and not node.choices:
            return Mode.CONTINUE
        return Mode.CHOICE

    @property
    def ending(self) -> Ending | None:
        return self.node.ending

    @property
    def choices(self) -> list[ChoiceView]:
        node = self.node
        if self.mode is not Mode.CHOICE:
            return []
        views: list[ChoiceView] = []
        for choice in node.choices:
            if not self._visible(choice):
                continue
            enabled = choice.enabled is None or bool(self._eval(choice.enabled, False))
            reason = None if enabled else (self._render(choice.reason) if choice.reason else "Not now.")
            views.append(ChoiceView(len(views), self._render(choice.text), enabled, reason, choice.target))
        if not any(view.enabled for view in views):
            # Never leave the player stuck: a way on is always offered (see docs, "Soft-locks").
            target = node.fallback_target(self.chapter.start)
            views.append(ChoiceView(len(views), self.story.fallback_text, True, None, target, fallback=True))
        return views

    @property
    def history(self) -> list[HistoryEntry]:
        """What was read and chosen, in the words of the story as it is now (its current language)."""
        return [pages.shown(self.story, page, self.state, self.roll, RUN_TIME_SLIPS) for page in self.state.history]

    @property
    def can_undo(self) -> bool:
        return bool(self.state.undo)

    # -- acting -----------------------------------------------------------------
    def choose(self, index: int) -> None:
        if self.mode is not Mode.CHOICE:
            raise ValueError("there is nothing to choose here")
        views = self.choices
        if not 0 <= index < len(views):
            raise ValueError(f"there is no choice {index + 1}")
        view = views[index]
        if not view.enabled:
            raise ValueError(f"that choice is unavailable: {view.reason}")
        self._push_undo()
        choice = None if view.fallback else self._visible_choices()[index]
        self._record(choice, fallback=view.fallback)
        if choice is not None:
            if choice.once:
                self.state.once.add(self._once_key(choice))
            self._apply(choice.effects)
        self.state.turns += 1
        self._enter(view.target)

    def advance(self) -> None:
        if self.mode is not Mode.CONTINUE:
            raise ValueError("this is not a place to continue from")
        self._push_undo()
        self._record(None)
        self.state.turns += 1
        self._enter(self.node.next)  # type: ignore[arg-type]

    def undo(self) -> None:
        if not self.state.undo:
            raise ValueError("there is nothing to undo")
        snapshot = self.state.undo.pop()
        kept = max(0, snapshot["history_len"] - self.state.history_dropped)
        self.state = StoryState(snapshot["chapter"], snapshot["node"], dict(snapshot["vars"]), dict(snapshot["visits"]),
                                set(snapshot["once"]), snapshot["turns"], snapshot["seed"], snapshot["scene_node"],
                                snapshot["ambience"], self.state.history[:kept], self.state.undo, self.state.history_dropped)

    def jump(self, node_id: str) -> None:
        """Go to a node of this chapter as if the player had walked there (for authors' tools).

        The nodes on a shortest path from the chapter's start are arrived at in turn, without
        the effects of the choices between them: each is visited, its `set` applies, and its
        scene and ambience carry on, so the node looks as it would in play.
        """
        node = self.story.nodes.get(node_id)
        if node is None or node.chapter != self.chapter.id:
            nodes = self.chapter.node_ids
            hint = ", ".join(nodes[:10]) + (", …" if len(nodes) > 10 else "")
            raise ValueError(f"there is no node '{node_id}' in chapter '{self.chapter.id}' (its nodes include: {hint})")
        for step in _shortest_path(self.story, self.state.node, node_id)[1:]:
            self._enter(step)
        self.state.history = []
        self.state.undo = []

    def set_variable(self, name: str, value: Any) -> None:
        var = self.declared.get(name)
        if var is None:
            raise ValueError(f"no variable '{name}' in chapter '{self.chapter.id}'")
        if isinstance(value, str) and var.type in ("int", "bool"):
            value = _parse_literal(value, var.type)
        if not var.fits(value):
            raise ValueError(f"{value!r} does not fit '{name}' ({var.type})")
        self.state.vars[name] = value

    # -- internals --------------------------------------------------------------
    def _visible_choices(self) -> list[Choice]:
        return [choice for choice in self.node.choices if self._visible(choice)]

    def _visible(self, choice: Choice) -> bool:
        if choice.once and self._once_key(choice) in self.state.once:
            return False
        return choice.condition is None or bool(self._eval(choice.condition, False))

    def _once_key(self, choice: Choice) -> str:
        return savedstate.choice_identity(self.state.node, choice)

    def _record(self, choice: Choice | None, fallback: bool = False) -> None:
        self.state.history.append(pages.record(self.node, self.state, choice, fallback))
        self.state.history_dropped = savedstate.trim_history(self.state.history, self.state.history_dropped)

    def _push_undo(self) -> None:
        self.state.undo.append(self.state.snapshot())
        if len(self.state.undo) > MAX_UNDO:
            del self.state.undo[0]

    def _enter(self, node_id: str) -> None:
        if node_id not in self.story.nodes:
            self.warnings.append(f"'{node_id}' is not a node; going back to the chapter's start")
            node_id = self.chapter.start
        self.state.node = node_id
        self.state.visits[node_id] = self.state.visits.get(node_id, 0) + 1
        node = self.story.nodes[node_id]
        if node.scene is not None:
            self.state.scene_node = node_id
        if node.ambience is not None:
            self.state.ambience = node.ambience
        self._apply(node.on_enter)

    def _apply(self, effects: list[Effect]) -> None:
        for effect in effects:
            var = self.declared.get(effect.target)
            if var is None:
                continue
            self.state.vars.setdefault(effect.target, var.initial)
            failed = effect.applier(var, RUN_TIME_SLIPS, self.roll)(self.state.vars, self.state)
            if failed is None:
                continue
            kind, detail = failed
            if kind == REFUSED:
                self.warnings.append(f"'{effect}' gave {savedstate.shown(detail)}, which does not fit '{effect.target}'; ignored")
            else:
                self.warnings.append(f"'{effect}' could not be applied: {_said(detail)}")

    def _eval(self, expr: Expr, default: Any) -> Any:
        try:
            return expr.runner(self.roll)(self.state)
        except RUN_TIME_SLIPS as error:
            # A runtime slip must never make the story unplayable: log it and go on.
            self.warnings.append(f"'{expr.source}' could not be worked out: {_said(error)}")
            return default

    def _render(self, template: Any) -> str:
        try:
            return template.render(self.state, roll=self.roll)
        except RUN_TIME_SLIPS as error:
            self.warnings.append(f"text could not be filled in: {_said(error)}")
            return template.render(self.state, gaps=RUN_TIME_SLIPS, roll=self.roll)


def _shortest_path(story: Story, start: str, goal: str) -> list[str]:
    """Node ids from start to goal by the fewest links, conditions aside; [start, goal] if none."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for current in queue:
        if current == goal:
            break
        for target in story.nodes[current].targets():
            if target in story.nodes and target not in previous:
                previous[target] = current
                queue.append(target)
    if goal not in previous:
        return [start, goal]
    path = [goal]
    while previous[path[-1]] is not None:
        path.append(previous[path[-1]])  # type: ignore[arg-type]
    return path[::-1]


def start_at(story: Story, chapter_id: str, node_id: str | None = None,
             assignments: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (), seed: int | None = None) -> Runtime:
    """A runtime for a chapter, moved to a node if given (see Runtime.jump), with variables set.

    ValueError says what is wrong: an unknown chapter, node, variable or value.
    """
    try:
        runtime = Runtime(story, chapter_id, seed=seed)
    except KeyError as error:
        raise ValueError(str(error).strip("'\"")) from None
    if node_id is not None and node_id != runtime.node_id:
        runtime.jump(node_id)
    for name, value in assignments:
        runtime.set_variable(name, value)
    return runtime


def _said(error: BaseException) -> str:
    return str(error) or type(error).__name__


def _parse_literal(text: str, type_name: str) -> Any:
    if type_name == "bool":
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        return text
    try:
        return int(text)
    except ValueError:
        return text
