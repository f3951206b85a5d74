"""What the player's benchmarks share: the drivers, a child process measured by wait4, the real loop, the game."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from game.bench import ROOT, STORY, checked_story

SETTLE_SECONDS = 1.0  # crossfades and the first paint are over before a screen is measured
# ru_maxrss is in kilobytes on Linux (bytes on macOS).
RSS_UNIT = 1024 * 1024 if sys.platform == "darwin" else 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def child_env() -> dict[str, str]:
    """The same drivers for the game and its baselines: X11 on a display (as players' Linux desktops),
    else SDL's dummy driver; no sound device; compiled bytecode kept, as a player's install keeps it."""
    env = dict(os.environ)
    if env.get("DISPLAY"):
        env.setdefault("SDL_VIDEODRIVER", "x11")
    elif not env.get("WAYLAND_DISPLAY"):
        env.setdefault("SDL_VIDEODRIVER", "dummy")
    env["SDL_AUDIODRIVER"] = "dummy"
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(mode: str, *extra: str, env: dict[str, str] | None = None) -> tuple[list[str], Any]:
    """Run `python -m game.bench.player --child mode ...`; the lines it printed and its resource usage (wait4)."""
    command = [sys.executable, "-m", "game.bench.player", "--child", mode, *extra]
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(command, env=env or child_env(), cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=errors, text=True)
        assert process.stdout is not None
        output = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"player benchmark {mode!r} failed: {errors.read().strip()[-800:]}")
    return [line for line in output.strip().splitlines() if line[:1].isdigit() or "\t" in line], usage


def run_measured(command: list[str], env: dict[str, str]) -> Any:
    """Run a command to its end; its resource usage (from wait4), or None if it failed."""
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage if process.returncode == 0 else None


class CpuMeter:
    """Process CPU time (every thread) over wall time since it was made."""

    def __init__(self) -> None:
        self.cpu = time.process_time()
        self.wall = time.monotonic()

    def share(self) -> float:
        return (time.process_time() - self.cpu) / max(1e-9, time.monotonic() - self.wall)


def loop_for(app: Any, seconds: float) -> None:
    """The player's own loop (App.run without its end): paced while anything moves, asleep otherwise."""
    stop_at = time.monotonic() + seconds
    last = time.perf_counter()
    while time.monotonic() < stop_at:
        events = app.next_events()
        now = time.perf_counter()
        dt, last = min(now - last, 0.25), now
        app.step(dt, events)


@contextmanager
def game(width: int, height: int, story_dir: Path = STORY, *, audio: bool = False) -> Iterator[Any]:
    """The game on a story in a window of this size, the content note seen; shut down after."""
    from game.player.app import App

    result = checked_story("player", story_dir)
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-") as data_dir:
        app = App(story_dir, Path(data_dir), loaded=result, window_size=(width, height), fullscreen=False,
                  audio=audio, watch=False)
        app.change_settings(content_note_seen=True)
        try:
            yield app
        finally:
            app.shutdown()


# The seed every route to a node is rolled with (chance() on the way decides rain, for one).
ROUTE_SEED = 1


def heaviest_node(story: Any) -> Any:
    """The node with the most text among those with choices: the heaviest panel a player sees."""
    candidates = [node for node in story.nodes.values() if node.choices]
    return max(candidates, key=lambda item: sum(len(template.source) for template in item.text))


def screens_to_read(app: Any, *, every_scene: bool = False) -> list[tuple[str, Callable[[], None]]]:
    """Each screen the player reads, and how to get there: the menus, then every scene waiting on a choice.

    A scene no node of the story shows is left out, or (every_scene) shown behind the heaviest node.
    Each scene with switches (rain, a television, a crowd at the station) is also shown with all of
    them on, as ", all on": its busiest picture, whatever the route to its node rolled. Routes are
    rolled with one seed, so every run shows the same pictures.
    """
    from game.content import SCENES
    from game.core.registry import BoolParam
    from game.core.runtime import start_at
    from game.player import messages as m

    story = app.story
    steps: list[tuple[str, Callable[[], None]]] = [
        ("title", lambda: None),
        ("chapter select", lambda: app.post(m.OpenScreen("chapters"))),
    ]
    by_scene: dict[str, Any] = {}  # a node of each scene: waiting on a choice, else (a fact card) on Continue
    for node in sorted(story.nodes.values(), key=lambda item: not item.choices):
        scene = node.scene
        name = getattr(scene, "name", None) if scene is not None else None
        if name and name not in by_scene and node.ending is None:
            by_scene[name] = node
    for name in SCENES:
        node = by_scene.get(name)
        if node is None and not every_scene:
            continue

        def play(node: Any = node, name: str = name, params: "dict[str, Any] | None" = None) -> None:
            shown = node or heaviest_node(story)
            app.show_play(start_at(story, shown.chapter, shown.id, seed=ROUTE_SEED), revealed=True)
            if node is None or params is not None:  # the scene itself, behind a node of another, or all on
                app.play_screen.scene.show(name, params or {})
            app.toasts.clear()

        steps.append((f"play: {name}", play))
        switches = {key: True for key, param in SCENES[name].items() if isinstance(param, BoolParam)}
        if switches:
            steps.append((f"play: {name}, all on", lambda play=play, switches=switches: play(params=switches)))
    steps.append(("pause", lambda: app.post(m.OpenScreen("pause"))))
    return steps
