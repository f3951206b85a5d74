"""Whether the choices are in view: the real play screen on every node, its layout read, at each text size.

For every node with choices or Continue, the play screen shows it with the text complete (as after a
skip or a load), and the figure is how many nodes have their first choice fully visible without
scrolling. It only reports; the target (all of them) is printed beside the figure.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from game.bench import STORY, checked_story, verdict

if TYPE_CHECKING:
    from game.player.screens.play import PlayScreen

SCALES = (1.0, 2.0)
WINDOW = (1280, 720)


def first_choice_visible(play: "PlayScreen") -> bool:
    """The first choice (or Continue) whole inside the tray, the tray whole inside the window, nothing scrolled."""
    tray = play.tray
    controls = tray.controls
    if not controls or play.revealing:
        return False
    first = controls[0]
    top = tray.block_top(first)
    x, y, width, height = tray.area
    inside_tray = y - 0.5 <= top and top + first.height <= y + height + 0.5
    inside_window = y >= 0 and y + height <= WINDOW[1]
    below_text = play.layout.text[1] + play.layout.text[3] <= y
    return inside_tray and inside_window and below_text


def bench_choices_visible(story_dir: Path = STORY, scales: tuple[float, ...] = SCALES,
                          window: tuple[int, int] = WINDOW) -> list[str]:
    result = checked_story("choices-visible", story_dir, dummy_drivers=True)
    from game.core.runtime import Mode, start_at
    from game.player.app import App

    story = result.story
    assert story is not None
    nodes = list(story.nodes.values())
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-") as data_dir:
        app = App(story_dir, Path(data_dir), loaded=result, window_size=window, fullscreen=False, audio=False,
                  watch=False)
        try:
            app.typesetter.follow_scale(app.display.viewport.scale)
            for scale in scales:
                app.change_settings(font_scale=scale)
                shown = visible = all_visible = 0
                missed: list[str] = []
                for node in nodes:
                    try:
                        runtime = start_at(story, node.chapter, node.id)
                    except ValueError:
                        continue
                    if runtime.mode not in (Mode.CHOICE, Mode.CONTINUE):
                        continue
                    app.show_play(runtime, revealed=True)
                    play = app.play_screen
                    assert play is not None
                    shown += 1
                    if first_choice_visible(play):
                        visible += 1
                    else:
                        missed.append(node.id)
                    if play.tray.max_scroll <= 0.5:
                        all_visible += 1
                lines.append(f"choices-visible: {window[0]}x{window[1]}, text {round(scale * 100)}%: first choice fully "
                             f"visible without scrolling on {visible} of {shown} nodes (every choice on {all_visible}); "
                             f"target all: {verdict(visible == shown)}")
                if missed:
                    lines.append(f"  not visible: {', '.join(missed[:12])}{' …' if len(missed) > 12 else ''}")
        finally:
            app.shutdown()
    return lines
