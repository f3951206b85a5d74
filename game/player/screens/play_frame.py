"""A play screen's whole frame: the scene beside the panel, and on a window that kept the last frame only what changed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from game.player.display.kept_area import KeptArea
from game.player.display.window import Canvas, LogicalRect
from game.player.screens.play_layout import PANEL_HEIGHT

if TYPE_CHECKING:
    import pygame

    from game.player.screens.play import PlayScreen


class PlayFrame:
    """Draws a play screen's frame and tells what of it changed (Screen.drawn_area).

    The scene is blitted again only where it changed (see SceneLayer.draw); an opaque panel is kept
    as painted (its pixels depend on nothing beneath) and painted again only when its key changes:
    the screen's generation (a new text, a new layout, a handled event) and what moves in it.
    """

    def __init__(self) -> None:
        self.panel = KeptArea()
        self.fact_drawn: tuple | None = None

    def draw(self, play: "PlayScreen", canvas: Canvas) -> list[LogicalRect] | None:
        theme = canvas.theme
        opaque = theme.panel_alpha >= 255
        fact = (play._generation, play.fact.shown) if play.fact is not None else None
        # Drawn again whenever what is over it is: the fact's text, or a see-through panel, blend with it.
        again, self.fact_drawn = fact != self.fact_drawn or not opaque, fact
        scene_width = float(int(play.geometry.scene_width))
        blitted = play.scene.draw(canvas, covered_from=int(scene_width), hidden=opaque, again=again,
                                  alone=opaque and play.fact is None)
        if play.fact is not None:
            for area in [None] if blitted is None else [canvas.rect(tuple(part)).inflate(2, 2) for part in blitted]:
                canvas.redraw_only(area)  # the fact's text again only over the scene blitted under it
                play.fact.draw(canvas)
            canvas.redraw_only(None)

        def paint() -> None:
            play._draw_panel(canvas, revealing=play.revealing, revealed=int(play.revealed))

        if opaque:
            key = (play._generation, theme, int(play.revealed), play.revealing, id(play.focus), play.doc.scroll,
                   play.tray.scroll, id(play.refused), play.refused_left, id(play.unfolded),
                   play.beat.elapsed if play.beat.active else None, play.host.settings.reduce_motion)
            panel_changed = self.panel.draw(canvas, play.geometry.panel, key, paint)
        else:
            self.panel.forget()
            paint()
            panel_changed = True
        if blitted is None and not opaque:
            return None
        # The scene (or its moving parts) beside an opaque panel, the panel, both or neither.
        scene: list[LogicalRect] = [(0.0, 0.0, scene_width, PANEL_HEIGHT)] if blitted is None else \
            [(float(part.x), float(part.y), float(part.width), float(part.height)) for part in blitted]
        return scene + [play.geometry.panel] * panel_changed

    def draw_motion(self, play: "PlayScreen", canvas: Canvas) -> "list[pygame.Rect] | None":
        """A frame of the scene's own motion alone, onto the canvas holding the last frame (see SceneLayer.draw_motion):
        only beside an opaque panel with no fact card over the scene. The canvas's rectangles changed, or None."""
        if canvas.theme.panel_alpha < 255 or play.fact is not None or self.fact_drawn is not None:
            return None
        return play.scene.draw_motion(canvas, int(play.geometry.scene_width))
