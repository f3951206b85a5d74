"""Shared by `play` and `screenshot`: put a runtime at a chapter, node and variable values from the command line."""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from game.core.model import Story
    from game.core.runtime import Runtime


def parse_assignment(text: str) -> tuple[str, str]:
    """`VAR=VALUE` from --set; raises ValueError with a message for the player."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--set {text!r}: write it as NAME=VALUE, for example --set energy=3")
    return name.strip(), value.strip()


def _path_to(story: "Story", start: str, goal: str) -> list[str]:
    """The shortest way through the chapter from its start to a node (for the scene and ambience it inherits)."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            path: list[str] = []
            step: str | None = current
            while step is not None:
                path.append(step)
                step = previous[step]
            return list(reversed(path))
        node = story.nodes.get(current)
        if node is None:
            continue
        for target in node.targets():
            if target not in previous:
                previous[target] = current
                queue.append(target)
    return [goal]


def runtime_at(
    story: "Story", chapter_id: str, node_id: str | None = None, assignments: Sequence[tuple[str, str]] = ()
) -> "Runtime":
    """A runtime in a chapter, optionally placed at a node, with variables set. ValueError says what is wrong."""
    from game.core.runtime import Runtime, StateError

    known = [chapter.id for chapter in story.chapters]
    if chapter_id not in known:
        raise ValueError(f"there is no chapter {chapter_id!r}; the chapters are: {', '.join(known)}")
    runtime = Runtime(story, chapter_id)
    if node_id is not None and node_id != runtime.node_id:
        node = story.nodes.get(node_id)
        if node is None or node.chapter != chapter_id:
            in_chapter = [nid for nid, candidate in story.nodes.items() if candidate.chapter == chapter_id]
            hint = ", ".join(in_chapter[:12]) + (", …" if len(in_chapter) > 12 else "")
            raise ValueError(f"there is no node {node_id!r} in chapter {chapter_id!r}; its nodes include: {hint}")
        state = runtime.to_state()
        path = _path_to(story, runtime.chapter.start, node_id)
        scene_node = next((step for step in reversed(path) if story.nodes[step].scene is not None), None)
        ambience = next(
            (story.nodes[step].ambience for step in reversed(path) if story.nodes[step].ambience is not None), None
        )
        state.update(node=node_id, scene_node=scene_node, ambience=ambience, history=[], undo=[])
        state["visits"] = {step: 1 for step in path}
        try:
            runtime, _warnings = Runtime.from_state(story, state)
        except StateError as error:
            raise ValueError(str(error)) from error
    for name, value in assignments:
        runtime.set_variable(name, value)
    return runtime
