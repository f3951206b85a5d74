"""The picture behind the text: the current scene painter, crossfades between scenes, and the scaled copy."""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol

from game.player.display.window import LOGICAL_SIZE, Canvas
from game.player.guard import failed, guarded
from game.player.display.image_layer import PictureLayer

if TYPE_CHECKING:
    import pygame

FADE_SECONDS = 0.6
MOTION_KEPT = 256  # the moving parts noted for the next draw, at most (more: that draw blits all of the picture)

# The layer drawn last. Only one scene is on screen at a time (the opaque screen at the bottom of
# what is drawn), so when another layer draws, this one lets go of its full-screen pictures and
# its painter: a title screen left under the play screen then costs nothing until it is back.
_shown: "weakref.ref[SceneLayer] | None" = None


class Painter(Protocol):
    animated: bool

    def update(self, dt: float) -> bool: ...

    def last_change(self) -> "list[pygame.Rect]": ...

    def draw(self, surface: "pygame.Surface") -> None: ...


class PlainPainter:
    """What is drawn when the scene painters are not available: a quiet dark fill."""

    animated = False

    def __init__(self, colour: tuple[int, int, int] = (16, 18, 26)) -> None:
        self.colour = colour

    def update(self, dt: float) -> bool:
        return False

    def last_change(self) -> "list[pygame.Rect]":
        return []

    def draw(self, surface: "pygame.Surface") -> None:
        surface.fill(self.colour)


def _load_scene_factory() -> Callable[..., Painter] | None:
    try:
        from game.player.scenes import make_scene
    except ImportError:
        return None
    return make_scene  # type: ignore[return-value]


def make_painter(name: str | None, params: Mapping[str, Any], *, reduce_motion: bool, high_contrast: bool) -> Painter:
    """A painter for a scene name; never fails: an unknown or broken scene falls back to a plain fill."""
    factory = _load_scene_factory()
    if factory is None or not name:
        return PlainPainter()
    with guarded(f"painting the scene {name!r}"):  # a scene bug must not stop the story from being read
        return factory(name, dict(params), reduce_motion=reduce_motion, high_contrast=high_contrast)
    return PlainPainter()


class SceneLayer:
    """Keeps the composed scene picture at logical size; recomposes only when a painter says it changed."""

    def __init__(self, *, reduce_motion: bool = False, high_contrast: bool = False) -> None:
        import pygame

        self._pygame = pygame
        self.reduce_motion = reduce_motion
        self.high_contrast = high_contrast
        self._surface: pygame.Surface | None = None  # made on first use: a screen that is never shown costs nothing
        self._previous: pygame.Surface | None = None  # the picture faded from (kept between crossfades)
        self.fade_left = 0.0
        self._fade_begins = False  # a crossfade was begun and its first frame is not yet drawn
        self.key: tuple[str, tuple[tuple[str, Any], ...]] | None = None
        self.painter: Painter = PlainPainter()
        self._painter_let_go = False  # the painter was dropped off screen; made again from `key` when needed
        self.version = 0
        self._needs_compose = True
        self._scaled: pygame.Surface | None = None
        self._scaled_key: tuple[int, tuple[int, int], int | None] | None = None
        self.picture = PictureLayer()  # a node's own `image:`, drawn over the scene
        self.picture_area = (0, 0, *LOGICAL_SIZE)
        # What the last update changed (logical rectangles), or None: the whole picture.
        self.changed: list[pygame.Rect] | None = None
        self._scaled_behind: list[pygame.Rect] | None = []  # composed but not yet scaled (None: all of it)
        # The painter's overlay (rain, motes, a flickering light) is not in the composed picture: it is
        # drawn over the picture as scaled to the window, on every draw. During a crossfade it is
        # composed in, to fade.
        self._overlay_apart = False
        self._drawn_key: tuple | None = None  # what draw() last put on a canvas: the same again changes nothing
        # Where the overlay last drew on that canvas (its pixels), when it told (rain's drops): everywhere else
        # the canvas holds the picture itself, so the next frame puts back and draws again only there.
        self._overlay_drawn: list[pygame.Rect] | None = None
        self._motion_since: list[pygame.Rect] = []  # the painter's moving parts composed since the last draw
        # What the last draw changed beyond the logical rectangles it returned, in the canvas's pixels.
        self.pixels_changed: list[pygame.Rect] = []
        # What of the scaled copy changed since the overlay was last drawn over it (None: all may have): an
        # overlay that keeps light with the picture in it mends those parts.
        self._beneath_changed: list[pygame.Rect] | None = None

    @property
    def surface(self) -> "pygame.Surface":
        if self._surface is None:
            self._surface = self._pygame.Surface(LOGICAL_SIZE)
            self._surface.fill(PlainPainter().colour)
        return self._surface

    @property
    def animated(self) -> bool:
        return self.fade_left > 0 or bool(getattr(self.painter, "animated", False))

    def show(self, name: str | None, params: Mapping[str, Any] | None, *, fade_in: bool = False) -> None:
        """Switch to a scene; the same scene with the same parameters keeps its painter (and its animation).

        `fade_in` fades the first scene up from the dark backdrop (the title, after the window opens).
        """
        key = (name or "", tuple(sorted((params or {}).items())))
        if key == self.key:
            return
        had_scene = self.key is not None or fade_in
        self.key = key
        self._begin_fade(had_scene)
        if self._fade_begins and not self._needs_compose:
            # The crossfade's first frame is the picture faded from, composed already: the new
            # painter (and its still, when it was not painted ahead) is made after that frame.
            self.painter = PlainPainter()
            self._painter_let_go = True
            return
        self._painter_let_go = False
        self.painter = make_painter(
            name, params or {}, reduce_motion=self.reduce_motion, high_contrast=self.high_contrast
        )

    def show_picture(self, root: Any, relative: str | None, area: tuple[int, int, int, int]) -> None:
        """Show a node's picture (a path in the story folder `root`, or None) fitted into `area`, over the scene.

        A change of picture crossfades like a change of scene.
        """
        if self.picture.show(root, relative) or area != self.picture_area:
            self.picture_area = area
            self._begin_fade(self.key is not None)

    def _begin_fade(self, had_scene: bool) -> None:
        if had_scene and not self.reduce_motion:
            # The picture composed now is the one on screen (or, mid-crossfade, the blend on screen).
            shown_now = self._surface is not None and not self._needs_compose
            if shown_now and self._overlay_apart:  # the picture faded from is the one seen, overlay and all
                drawn = self._drawn_key
                if drawn is not None and drawn[3] and drawn[2] is not None:  # only as far as it was seen beside the panel
                    self.surface.set_clip((0, 0, drawn[2], LOGICAL_SIZE[1]))
                self._paint_overlay(self.surface, 1.0)
                self.surface.set_clip(None)
                self._overlay_apart = False
                self.version += 1
                self._scaled_behind = None  # all of it is scaled again
            if self._previous is None:
                # The picture on screen becomes the one faded from as it is, not as a copy: the new
                # scene is composed into a buffer of its own, made only once its painter is (a scene
                # painted when the key comes then paints beside one full-screen picture, not two).
                self._previous = self.surface
            elif self._previous is not self._surface:  # a change mid-crossfade: fade from the blend on screen
                self._previous.blit(self.surface, (0, 0))
            self.fade_left = FADE_SECONDS
            # The crossfade's first frame is the picture faded from, whatever time passed before the
            # key: that one is composed already, so the frame after a choice paints no scene at all.
            self._fade_begins = True
            self._needs_compose = not shown_now
            return
        self._previous = None
        self.fade_left = 0.0
        self._fade_begins = False
        self._needs_compose = True

    def set_modes(self, *, reduce_motion: bool, high_contrast: bool) -> None:
        if (reduce_motion, high_contrast) == (self.reduce_motion, self.high_contrast):
            return
        self.reduce_motion, self.high_contrast = reduce_motion, high_contrast
        if self.key is not None and not self._painter_let_go:  # a let-go painter comes back in the new modes
            self._remake_painter()
            self.fade_left = 0.0
            self._fade_begins = False
            self._previous = None
        self._needs_compose = True

    def _remake_painter(self) -> None:
        name, params = self.key  # type: ignore[misc]
        self._painter_let_go = False
        self.painter = make_painter(name, dict(params), reduce_motion=self.reduce_motion,
                                    high_contrast=self.high_contrast)

    def _let_go(self) -> None:
        """Off screen: drop the composed, faded-from and scaled pictures and the painter (and its sprites).

        Everything comes back from `key` the next time this layer is updated or drawn (painted
        stills come from the paint cache when they are still in it), shown without a crossfade.
        """
        self._surface = self._previous = self._scaled = None
        self._scaled_key = self._drawn_key = None
        self._overlay_apart = False
        self._overlay_drawn = None
        self._motion_since = []
        self.fade_left = 0.0
        self._fade_begins = False
        if self.key is not None and not isinstance(self.painter, PlainPainter):
            self.painter = PlainPainter()
            self._painter_let_go = True
        self._needs_compose = True

    def _on_screen(self) -> None:
        global _shown
        last = _shown() if _shown is not None else None
        if last is self:
            return
        if last is not None:
            last._let_go()
        _shown = weakref.ref(self)
        if self._painter_let_go and self.key is not None:
            self._remake_painter()

    def update(self, dt: float) -> bool:
        first_of_fade, self._fade_begins = self._fade_begins and self.fade_left > 0, False
        if first_of_fade and not self._needs_compose:
            self.changed = None  # the picture faded from, as composed: nothing to paint
            return True
        if self._painter_let_go and self.key is not None:
            self._remake_painter()
        try:
            changed = bool(self.painter.update(dt))
        except Exception:
            failed("moving the scene")
            self.painter = PlainPainter()
            self._needs_compose = True
            changed = True
        fading = self.fade_left > 0
        if fading and not first_of_fade:  # nothing of the fade passes before its first frame (the wait for the key)
            self.fade_left = max(0.0, self.fade_left - dt)
        if self._needs_compose or fading:
            self._compose()
            if self.fade_left <= 0:
                # The crossfade is over: the picture faded from (a full screen) is let go at once
                # rather than held until the next scene; the next crossfade makes its own copy.
                self._previous = None
            return True
        if changed:
            area = self.painter.last_change()
            if not area and not self._overlay_apart:
                return False  # a new frame of motion that looks the same here: nothing to draw
            if area:
                self._compose(area)
            if self._overlay_apart:  # the overlay moved: drawn again over the picture as scaled, not composed
                moved = (self.changed if area else []) + self.painter.overlay_area()  # type: ignore[attr-defined]
                self.changed = drawn_once(moved)
            return True
        return False

    @property
    def fps(self) -> float:
        """How often the picture can change while it moves by itself (the painter's rate)."""
        return float(getattr(self.painter, "fps", 30.0))

    def _compose(self, area: "list[pygame.Rect] | None" = None) -> None:
        """Paint the picture again: all of it, or (motion only) just the rectangles in `area`."""
        # What changes on the window: each part with the margin it is scaled again with (_scale_part).
        self.changed = [rect.inflate(4, 4) for rect in area] if area is not None else None
        if area is not None and self._scaled_behind is not None:
            self._scaled_behind.extend(area)
        else:
            self._scaled_behind = None
        if area is not None and self.changed is not None:
            self._motion_since.extend(self.changed)
            if len(self._motion_since) > MOTION_KEPT:  # updated long unseen: drawn whole when next seen
                self._motion_since, self._overlay_drawn = [], None
        self._needs_compose = False
        self.version += 1
        if area is not None:
            surface = self.surface
            for rect in area:
                surface.set_clip(rect)
                self._paint(surface, overlay=not self._overlay_apart)
            surface.set_clip(None)
            return
        if self._surface is not None and self._surface is self._previous:
            self._surface = None  # the picture faded from stays as it is; the new one gets its own buffer
        # Only a crossfade composes the overlay in: it fades with the rest of the picture.
        self._overlay_apart = bool(getattr(self.painter, "overlay", False)) and self.fade_left <= 0
        self._paint(self.surface, overlay=not self._overlay_apart)
        if self.fade_left > 0 and self._previous is not None:
            # The new scene is painted in place and the old picture laid over it, fading out:
            # the same blend as the new fading in over the old, without a third full-screen buffer.
            progress = 1.0 - self.fade_left / FADE_SECONDS
            self._previous.set_alpha(255 - round(255 * progress))
            self.surface.blit(self._previous, (0, 0))
            self._previous.set_alpha(None)

    def _paint(self, target: "pygame.Surface", overlay: bool = True) -> None:
        try:
            if overlay or not hasattr(self.painter, "draw_beneath"):
                self.painter.draw(target)
            else:
                self.painter.draw_beneath(target)  # type: ignore[attr-defined]
        except Exception:
            failed("drawing the scene")
            self.painter = PlainPainter()
            self.painter.draw(target)
        with guarded("drawing the node's picture"):
            self.picture.draw(target, self.picture_area)

    def draw(self, canvas: Canvas, covered_from: int | None = None, *, hidden: bool = False,
             again: bool = False, alone: bool = False) -> "list[pygame.Rect] | None":
        """Blit the composed picture, scaled to the canvas (the scaled copy is kept until the next change).

        `covered_from`: a logical x from which a nearly opaque panel covers the scene; that strip is
        scaled the cheap way, as almost none of it shows, and the visible part smoothly. `hidden`:
        the panel is opaque, so the strip is not blitted at all (the panel paints every pixel of it).
        On a canvas that still holds the frame this layer drew last (`canvas.holds_last`), only what
        changed since is blitted: nothing when nothing did, the moving parts after a frame of motion;
        `again` (something drawn over the scene changed) blits all of it. `alone`: nothing is drawn over
        the scene where it shows, so an overlay that told where it drew (rain) is put back and drawn
        again only there (the same pixels), and those rectangles of the canvas are `pixels_changed`.
        Returns the logical rectangles blitted, or None for all of the picture.
        """
        self.pixels_changed = []
        self._on_screen()
        if self._needs_compose:
            if self._painter_let_go and self.key is not None:
                self._remake_painter()
            self._compose()
        drawn = self._key_for(canvas, covered_from, hidden)
        last, self._drawn_key = self._drawn_key, drawn
        motion, self._motion_since = self._motion_since, []
        parts: "list[pygame.Rect] | None" = None  # what to blit: None, all of it
        if canvas.holds_last and not again and last is not None:
            if drawn == last:
                return []
            if self._only_moved_since(last, drawn):
                parts = list(self.changed)  # the frame of motion since the one drawn last
        shown = canvas.rect((0, 0, covered_from, LOGICAL_SIZE[1])) if hidden and covered_from is not None else None
        picture = self._picture_for(canvas, covered_from)
        if parts is not None and alone and shown is not None and self._overlay_drawn is not None:
            self.pixels_changed = self._blit_sparse(canvas, picture, shown, motion)
            return []
        self._blit(canvas, picture, shown, parts)
        return parts

    def draw_motion(self, canvas: Canvas, covered_from: int) -> "list[pygame.Rect] | None":
        """A frame of this layer's own motion, beside an opaque panel from `covered_from` with nothing over
        the scene, onto the canvas that holds the frame it drew last: where the overlay drew is put back
        and drawn again, with the moving parts. Returns the canvas's rectangles changed (all to send), or
        None when the overlay did not tell where it drew or something else changed: then `draw` it."""
        last = self._drawn_key
        if self._needs_compose or not self._overlay_apart or self._overlay_drawn is None or last is None:
            return None
        drawn = self._key_for(canvas, covered_from, True)
        if not self._only_moved_since(last, drawn):
            return None
        if drawn == last:
            return []
        self._drawn_key = drawn
        motion, self._motion_since = self._motion_since, []
        shown = canvas.rect((0, 0, covered_from, LOGICAL_SIZE[1]))
        return self._blit_sparse(canvas, self._picture_for(canvas, covered_from), shown, motion)

    def _only_moved_since(self, last: tuple, drawn: tuple) -> bool:
        """Whether all that changed since the draw keyed `last` is the one frame of motion in `changed`."""
        return self.changed is not None and last[1:5] == drawn[1:5] and drawn[0] - last[0] <= 1

    def _key_for(self, canvas: Canvas, covered_from: int | None, hidden: bool) -> tuple:
        """What a draw puts on this canvas: the picture's version, its size and cover, the canvas, the overlay's moment."""
        target_size = canvas.rect((0, 0, *LOGICAL_SIZE)).size
        return (self.version, target_size, covered_from, hidden, id(canvas.surface.get_parent() or canvas.surface),
                getattr(self.painter, "time", None) if self._overlay_apart else None)

    def _picture_for(self, canvas: Canvas, covered_from: int | None) -> "pygame.Surface":
        """The composed picture at the canvas's size: itself at logical size, else the kept scaled copy, brought up
        to date (only the moving parts scaled again when only they changed)."""
        target_size = canvas.rect((0, 0, *LOGICAL_SIZE)).size
        if target_size == LOGICAL_SIZE:
            return self.surface
        key = (self.version, target_size, covered_from)
        if self._scaled_key != key:
            pygame = self._pygame
            same_frame = self._scaled_key is not None and self._scaled_key[1:] == key[1:]
            if self._scaled is None or self._scaled.get_size() != target_size:
                self._scaled = pygame.Surface(target_size)
                same_frame = False
            if same_frame and self._scaled_behind is not None:
                # Only the moving parts changed: scale just those; the still picture stays scaled.
                for rect in self._scaled_behind:
                    self._scale_part(canvas, rect, covered_from)
                if self._beneath_changed is not None:
                    self._beneath_changed += [canvas.rect(tuple(rect.inflate(4, 4))) for rect in self._scaled_behind]
            elif covered_from is None:
                pygame.transform.smoothscale(self.surface, target_size, self._scaled)
                self._beneath_changed = None
            else:
                self._beneath_changed = None
                split = canvas.rect((0, 0, covered_from, LOGICAL_SIZE[1])).width
                visible = self.surface.subsurface((0, 0, covered_from, LOGICAL_SIZE[1]))
                under = self.surface.subsurface((covered_from, 0, LOGICAL_SIZE[0] - covered_from, LOGICAL_SIZE[1]))
                # Scaled straight into the kept copy: no new full-size surfaces on every moving frame.
                left = (split, target_size[1])
                right = (target_size[0] - split, target_size[1])
                pygame.transform.smoothscale(visible, left, self._scaled.subsurface(((0, 0), left)))
                pygame.transform.scale(under, right, self._scaled.subsurface(((split, 0), right)))
            self._scaled_key = key
            self._scaled_behind = []
        assert self._scaled is not None
        return self._scaled

    def _blit_sparse(self, canvas: Canvas, picture: "pygame.Surface", shown: "pygame.Rect",
                     motion: "list[pygame.Rect]") -> "list[pygame.Rect]":
        """Put the picture back where the overlay drew last and over the moving parts, then draw the overlay
        again over the scene that shows: the same pixels as blitting all of `shown` and drawing the overlay
        over it, as everywhere else the canvas already holds the picture. Returns the rectangles changed."""
        target = canvas.surface
        assert self._overlay_drawn is not None
        put_back = self._overlay_drawn + [area for area in (canvas.rect(tuple(part)).inflate(2, 2).clip(shown)
                                                            for part in motion) if area.width > 0 and area.height > 0]
        target.blits([(picture, area, area) for area in put_back], doreturn=False)
        clip = target.get_clip()
        target.set_clip(shown.clip(clip))
        drawn = self._overlay_drawn = self._paint_overlay(target, canvas.scale, picture)
        target.set_clip(clip)
        if drawn is None or clip != target.get_rect():
            self._overlay_drawn = None
            return [shown]  # not told where it drew: all of it may have changed
        return put_back + drawn

    def _blit(self, canvas: Canvas, picture: "pygame.Surface", shown: "pygame.Rect | None",
              parts: "list[pygame.Rect] | None") -> None:
        """The picture (as far as `shown`, else all) and its overlay: all of it, or only the logical `parts`.

        Where the overlay draws over whole, given the picture (a light kept with the picture in it), the
        picture is not blitted first."""
        target = canvas.surface
        bounds = shown or target.get_rect()
        self._overlay_drawn = None  # known again only where the overlay is drawn over all the scene that shows
        covered = self._overlay_covers(canvas, picture)
        if parts is None:
            for piece in outside(bounds, covered):
                target.blit(picture, piece.topleft, piece)
            if self._overlay_apart:
                # Only over the scene that shows: a panel kept as painted is not painted again over drops.
                clip = target.get_clip()
                target.set_clip(bounds.clip(clip))
                drawn = self._paint_overlay(target, canvas.scale, picture, covered)
                target.set_clip(clip)
                if clip == target.get_rect():
                    self._overlay_drawn = drawn
            return
        for part in parts:  # a pixel wider all round, for the rounding of a scaled window
            area = canvas.rect(tuple(part)).inflate(2, 2).clip(bounds)
            if area.width > 0 and area.height > 0:
                for piece in outside(area, covered):
                    target.blit(picture, piece.topleft, piece)
                if self._overlay_apart:
                    target.set_clip(area)
                    drawn = self._paint_overlay(target, canvas.scale, picture, covered)
                    target.set_clip(None)
                    if area == bounds and len(parts) == 1:
                        self._overlay_drawn = drawn

    def _overlay_covers(self, canvas: Canvas, picture: "pygame.Surface") -> "pygame.Rect | None":
        """What the overlay draws over whole when given the scaled picture beneath (see ScenePainter.overlay_covers)."""
        if not self._overlay_apart or picture is not self._scaled:
            return None
        with guarded("asking where the scene's light is drawn"):
            return self.painter.overlay_covers(canvas.scale)  # type: ignore[attr-defined]
        return None

    def _paint_overlay(self, target: "pygame.Surface", scale: float, beneath: "pygame.Surface | None" = None,
                       covered: "pygame.Rect | None" = None) -> "list[pygame.Rect] | None":
        """The painter's overlay over `target`; the rectangles it drew on when it tells (None when it failed).

        With the scaled picture `beneath`, what changed of it since is told too; where it failed, the picture
        is blitted over what the overlay should have `covered`."""
        painter = self.painter
        told = beneath is self._scaled and beneath is not None
        with guarded("drawing the scene's rain, motes or light"):
            drawn = painter.paint_overlay(target, painter.time, scale,  # type: ignore[attr-defined]
                                          beneath if told else None, self._beneath_changed if told else None)
            if told:
                self._beneath_changed = []
            return None if drawn is None else [area for area in drawn if area]  # not those clipped away to nothing
        if told:
            self._beneath_changed = None  # what the overlay kept of the picture is not known to be mended
        if covered is not None and beneath is not None:
            target.blit(beneath, covered.topleft, covered)
        return None

    def draw_settled(self, canvas: Canvas) -> None:
        """The scene as it will rest, with no crossfade from the last one (for a save's picture)."""
        if self._painter_let_go and self.key is not None:
            self._remake_painter()
        size = canvas.rect((0, 0, *LOGICAL_SIZE)).size
        if size == LOGICAL_SIZE and canvas.surface.get_size() == LOGICAL_SIZE:
            self._paint(canvas.surface)  # straight into the picture: no buffer of its own
            return
        picture = self._pygame.Surface(LOGICAL_SIZE)
        self._paint(picture)
        canvas.surface.blit(picture if size == LOGICAL_SIZE else self._pygame.transform.smoothscale(picture, size), (0, 0))

    def _scale_part(self, canvas: Canvas, rect: "pygame.Rect", covered_from: int | None) -> None:
        """Scale one logical rectangle into the kept scaled copy (a pixel of margin keeps its edges smooth)."""
        area = rect.inflate(4, 4).clip(self._pygame.Rect(0, 0, *LOGICAL_SIZE))
        if area.width <= 0 or area.height <= 0:
            return
        if covered_from is not None and area.left < covered_from < area.right:
            # Either side of the panel's edge is scaled as the whole picture is: smoothly where it shows.
            left, right = area.copy(), area.copy()
            left.width = covered_from - area.left
            right.left, right.width = covered_from, area.right - covered_from
            self._scale_exactly(canvas, left, True)
            self._scale_exactly(canvas, right, False)
            return
        self._scale_exactly(canvas, area, covered_from is None or area.right <= covered_from)

    def _scale_exactly(self, canvas: Canvas, area: "pygame.Rect", smooth: bool) -> None:
        assert self._scaled is not None
        target = canvas.rect(tuple(area)).clip(self._scaled.get_rect())
        if target.width <= 0 or target.height <= 0:
            return
        scale = self._pygame.transform.smoothscale if smooth else self._pygame.transform.scale
        scale(self.surface.subsurface(area), target.size, self._scaled.subsurface(target))


def drawn_once(rects: "list[pygame.Rect]") -> "list[pygame.Rect]":
    """The rectangles (clipped to the picture), two that overlap made one where their union is no larger than
    the two apart: each pixel is then blitted, overlaid and sent once.

    Rain falls over the whole picture while a moth circles in it: the moth's part would be blitted,
    rained on and sent a second time for nothing. A television's light steps over most of a room
    while motes drift over part of it: their overlap would be lit twice.
    """
    import pygame

    screen = pygame.Rect(0, 0, *LOGICAL_SIZE)
    kept: "list[pygame.Rect]" = []
    for rect in (rect.clip(screen) for rect in rects):
        if rect.width <= 0 or rect.height <= 0:
            continue
        joined = True
        while joined:  # a union may now overlap another kept part: join again
            joined = False
            for other in kept:
                union = rect.union(other)
                if rect.colliderect(other) and union.width * union.height <= rect.width * rect.height + other.width * other.height:
                    kept.remove(other)
                    rect, joined = union, True
                    break
        kept.append(rect)
    return kept


def outside(area: "pygame.Rect", hole: "pygame.Rect | None") -> "list[pygame.Rect]":
    """`area` less `hole`: up to four rectangles (above, below, left and right of it)."""
    if hole is None or not area.colliderect(hole):
        return [area]
    inner = area.clip(hole)
    pieces = [area.__class__(area.x, area.y, area.width, inner.y - area.y),
              area.__class__(area.x, inner.bottom, area.width, area.bottom - inner.bottom),
              area.__class__(area.x, inner.y, inner.x - area.x, inner.height),
              area.__class__(inner.right, inner.y, area.right - inner.right, inner.height)]
    return [piece for piece in pieces if piece.width > 0 and piece.height > 0]
