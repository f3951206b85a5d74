"""Rain and motes drawn over the scene as scaled to the window: the still is scaled once, and it looks as it did."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.player.display.scene_layer import SceneLayer  # noqa: E402
from game.player.display.text import Typesetter  # noqa: E402
from game.player.display.theme import theme_for  # noqa: E402
from game.player.display.window import LOGICAL_SIZE, Canvas  # noqa: E402
from game.player.scenes import clear_paint_cache  # noqa: E402
from game.player.scenes.room import mote_bounds  # noqa: E402

WINDOW = (1920, 1080)
OVERLAID = (("konbini", {"rain": True}), ("night_street", {"rain": True}), ("dark_room", {"light": 2}),
            ("clinic", {}), ("title", {}), ("dark_room", {"tv": True, "light": 3}), ("study_desk", {"tv": True}))
GLOWING = (("title", {}), ("dark_room", {"tv": True, "light": 0}), ("dark_room", {"tv": True, "light": 3}),
           ("study_desk", {"tv": True}))


def setup_module() -> None:
    pygame.init()
    pygame.display.set_mode((1, 1))  # a display: sprites are in its pixel format, as in the game


def teardown_module() -> None:
    clear_paint_cache()


def canvas_of(size: tuple[int, int]) -> Canvas:
    return Canvas(pygame.Surface(size), size[0] / LOGICAL_SIZE[0], Typesetter(), theme_for(False))


def shown_layer(name: str, params: dict, canvas: Canvas, *, reduce_motion: bool = False,
                high_contrast: bool = False) -> SceneLayer:
    layer = SceneLayer(reduce_motion=reduce_motion, high_contrast=high_contrast)
    layer.show(name, params)
    layer.update(0.5)
    layer.draw(canvas)
    return layer


def rain_sum(picture: pygame.Surface, still: pygame.Surface) -> int:
    """How much light the rain adds over the still picture (its drops, summed over every pixel)."""
    return int(pygame.surfarray.array3d(picture).astype(int).sum() - pygame.surfarray.array3d(still).astype(int).sum())


def share_differing(a: pygame.Surface, b: pygame.Surface) -> float:
    """The share of pixels that differ visibly (by more than 8 in a channel)."""
    difference = abs(pygame.surfarray.array3d(a).astype(int) - pygame.surfarray.array3d(b).astype(int))
    return float((difference.max(axis=2) > 8).mean())


SMOOTHSCALE = pygame.transform.smoothscale  # as pygame has it, for the tests that count its calls


def count_whole_scales(monkeypatch) -> list:
    """From now on in this test, the sizes of every smoothscale of more than half the picture's width."""
    whole: list = []

    def counted(surface, size, *rest):
        if surface.get_width() * 2 > LOGICAL_SIZE[0]:
            whole.append(size)
        return SMOOTHSCALE(surface, size, *rest)

    monkeypatch.setattr(pygame.transform, "smoothscale", counted)
    return whole


@pytest.mark.parametrize("name,params", OVERLAID)
def test_a_frame_of_rain_or_motes_scales_no_whole_picture(name, params, monkeypatch):
    canvas = canvas_of(WINDOW)
    layer = shown_layer(name, params, canvas)
    whole = count_whole_scales(monkeypatch)
    version = layer.version
    before = pygame.image.tobytes(canvas.surface, "RGB")
    frames = 0
    for _ in range(30):  # a second
        if layer.update(1 / 30):
            frames += 1
            assert layer.changed is not None  # the rain's frame is sent as moved parts, not a whole redraw
            layer.draw(canvas)
    assert frames >= layer.fps - 1
    assert whole == []  # the still stays scaled: only the insects or moths are scaled again
    assert layer.version - version <= frames  # composed only where the slow motion is, never for the rain
    assert pygame.image.tobytes(canvas.surface, "RGB") != before  # and the rain did fall


@pytest.mark.parametrize("name,params", OVERLAID)
def test_the_rain_looks_as_it_did_when_the_whole_picture_was_scaled(name, params):
    canvas = canvas_of(WINDOW)
    layer = shown_layer(name, params, canvas)
    painter = layer.painter
    whole = pygame.Surface(LOGICAL_SIZE)
    painter.draw(whole)  # the picture with its rain, at logical size, as it used to be scaled
    beneath = pygame.Surface(LOGICAL_SIZE)
    painter.draw_beneath(beneath)
    old = pygame.transform.smoothscale(whole, WINDOW)
    still = pygame.transform.smoothscale(beneath, WINDOW)
    added_before, added_now = rain_sum(old, still), rain_sum(canvas.surface, still)
    assert added_before > 0
    assert 0.75 < added_now / added_before < 1.35  # as much rain, as bright
    assert share_differing(old, canvas.surface) < 0.02  # outside the drops, the same picture


@pytest.mark.parametrize("name,params", OVERLAID)
def test_the_rain_at_logical_size_is_the_painter_s_own_picture(name, params):
    canvas = canvas_of(LOGICAL_SIZE)
    layer = shown_layer(name, params, canvas)
    whole = pygame.Surface(LOGICAL_SIZE)
    layer.painter.draw(whole)
    assert pygame.image.tobytes(canvas.surface, "RGB") == pygame.image.tobytes(whole, "RGB")


@pytest.mark.parametrize("name,params", OVERLAID)
def test_reduce_motion_keeps_the_rain_still(name, params):
    canvas = canvas_of(WINDOW)
    layer = shown_layer(name, params, canvas, reduce_motion=True)
    first = pygame.image.tobytes(canvas.surface, "RGB")
    assert not any(layer.update(1 / 30) for _ in range(20))
    layer.draw(canvas)
    assert pygame.image.tobytes(canvas.surface, "RGB") == first


def test_a_crossfade_from_the_rain_keeps_the_rain_in_the_picture_faded_from():
    canvas = canvas_of(WINDOW)
    layer = shown_layer("konbini", {"rain": True}, canvas)
    shown = canvas.surface.copy()
    beneath = pygame.Surface(LOGICAL_SIZE)
    layer.painter.draw_beneath(beneath)
    still = pygame.transform.smoothscale(beneath, WINDOW)
    layer.show("night_street", {})
    assert layer.update(0.1)
    layer.draw(canvas)  # the crossfade's first frame: the picture faded from, rain and all
    assert layer.fade_left > 0
    assert share_differing(canvas.surface, shown) < 0.02
    assert rain_sum(canvas.surface, still) > 0.75 * rain_sum(shown, still) > 0


def test_the_clinic_s_dust_composes_and_scales_nothing(monkeypatch):
    canvas = canvas_of(WINDOW)
    layer = shown_layer("clinic", {}, canvas)
    scaled = []
    real = pygame.transform.smoothscale
    monkeypatch.setattr(pygame.transform, "smoothscale", lambda surface, *rest: scaled.append(surface) or real(surface, *rest))
    version, frames = layer.version, 0
    for _ in range(24):  # two seconds of dust
        if layer.update(1 / 12):
            frames += 1
            assert layer.changed == layer.painter.overlay_area()
            layer.draw(canvas)
    assert frames >= 20
    assert layer.version == version  # the composed picture is never painted again
    assert len(scaled) <= len(layer.painter._mote_sprites)  # only each sprite, once, at the window's scale


@pytest.mark.parametrize("name,params", GLOWING)
def test_a_glow_steps_without_composing_or_scaling_the_picture(name, params, monkeypatch):
    canvas = canvas_of(WINDOW)
    layer = shown_layer(name, params, canvas)
    painter = layer.painter
    whole = count_whole_scales(monkeypatch)
    steps, levels = 0, set()
    for _ in range(12 * 9):  # a breath and more, two cuts of a television
        if layer.update(1 / 12):
            if any(part.contains(painter.glow.area) for part in layer.changed):  # the glow, alone or joined with what it overlaps
                steps += 1
            levels.add(painter.glow_level(painter.time))
            layer.draw(canvas)
    assert steps >= 4 and len(levels) >= 3  # it stepped, through several levels
    assert len(whole) <= 1  # only the glow itself, once, at the window's scale: never the picture
    picture = pygame.Surface(LOGICAL_SIZE)
    painter.draw(picture)  # as the whole picture, glow and all, used to be scaled
    assert share_differing(SMOOTHSCALE(picture, WINDOW), canvas.surface) < 0.02


@pytest.mark.parametrize("name,params", GLOWING)
def test_a_glow_at_logical_size_is_the_painter_s_own_picture(name, params):
    canvas = canvas_of(LOGICAL_SIZE)
    layer = shown_layer(name, params, canvas)
    for _ in range(12 * 5):
        if layer.update(1 / 12):
            layer.draw(canvas)
    whole = pygame.Surface(LOGICAL_SIZE)
    layer.painter.draw(whole)
    assert pygame.image.tobytes(canvas.surface, "RGB") == pygame.image.tobytes(whole, "RGB")


@pytest.mark.parametrize("size", (WINDOW, LOGICAL_SIZE))
@pytest.mark.parametrize("high_contrast", (False, True))
@pytest.mark.parametrize("name,params", GLOWING)
def test_a_glow_drawn_frame_by_frame_is_the_glow_drawn_whole(name, params, high_contrast, size):
    canvas = canvas_of(size)
    canvas.holds_last = True  # the window keeps the frame before: only what moved is drawn
    layer = shown_layer(name, params, canvas, high_contrast=high_contrast)
    for frame in range(12 * 20):
        if layer.update(1 / 12):
            layer.draw(canvas)
        if frame % 37 == 0:  # several moments, through cuts, shimmers and breaths
            whole = canvas_of(size)
            layer.draw(whole, again=True)
            assert pygame.image.tobytes(canvas.surface, "RGB") == pygame.image.tobytes(whole.surface, "RGB")


def test_rain_over_a_moving_part_is_drawn_once_a_frame(monkeypatch):
    canvas = canvas_of(WINDOW)
    canvas.holds_last = True  # the window keeps the frame before: only what moved is drawn
    layer = shown_layer("night_street", {"rain": True, "dog": True}, canvas)
    painter = layer.painter
    drawn = []
    real = type(painter).paint_overlay
    monkeypatch.setattr(type(painter), "paint_overlay", lambda self, *rest: drawn.append(1) or real(self, *rest))
    frames = 0
    for _ in range(15):
        if layer.update(1 / 30):
            frames += 1
            parts = layer.changed
            assert not any(a is not b and a.contains(b) for a in parts for b in parts)  # the moth lies inside the rain
            layer.draw(canvas)
    assert frames >= 10 and len(drawn) == frames  # rained on once each frame, not once for each part inside it


def test_a_crossfade_keeps_the_picture_on_screen_as_the_one_faded_from_without_copying_it():
    canvas = canvas_of(LOGICAL_SIZE)
    layer = shown_layer("dark_room", {"light": 2}, canvas)
    on_screen = layer._surface
    seen = pygame.image.tobytes(canvas.surface, "RGB")  # the room, its motes and all
    layer.show("night_street", {})  # a choice: nothing is copied on the key press
    assert layer.update(0.1)
    layer.draw(canvas)
    assert layer._surface is on_screen  # the first frame is the picture faded from
    assert layer.update(0.1)
    layer.draw(canvas)
    assert layer._previous is on_screen and layer._surface is not on_screen  # the buffers changed hands
    assert pygame.image.tobytes(on_screen, "RGB") == seen  # and it is the picture that was seen
    for _ in range(40):
        layer.update(0.1)
    layer.draw(canvas)
    assert layer.fade_left == 0 and layer._previous is None  # let go of once the crossfade is over
    whole = pygame.Surface(LOGICAL_SIZE)
    layer.painter.draw(whole)
    assert pygame.image.tobytes(canvas.surface, "RGB") == pygame.image.tobytes(whole, "RGB")


@pytest.mark.parametrize("name, params", (("study_desk", {"tv": True}), ("dark_room", {"tv": True, "light": 3}), ("title", {})))
def test_in_a_large_window_a_step_of_the_light_only_blits_the_level_made_before_it(name, params, monkeypatch):
    from game.player.scenes import make_scene
    from game.player.scenes.paint import AddedLight

    clear_paint_cache()
    painter = make_scene(name, params)
    clear_paint_cache()
    fresh = make_scene(name, params)  # the same scene painted again: its light made anew for every frame
    assert fresh.glow is not painter.glow
    scale = WINDOW[0] / LOGICAL_SIZE[0]
    under = pygame.Surface(WINDOW)
    under.fill((40, 60, 80))
    shown = pygame.Rect(0, 0, round(760 * scale), WINDOW[1])  # left of the text panel
    made_on: list[int] = []
    real_make = AddedLight._make

    def make(glow, *args, **kwargs):
        if glow is painter.glow:
            made_on.append(frame)
        return real_make(glow, *args, **kwargs)

    monkeypatch.setattr(AddedLight, "_make", make)
    steps = []
    for frame in range(0, 30 * 12):
        painter._frame = fresh._frame = frame
        # A step from frame 2 on: the level after the first is made ahead on a frame that made none, the second.
        if frame > 1 and painter.glow_level(painter.time) != painter.glow_level((frame - 1) / painter.fps):
            steps.append(frame)
        target, again = under.copy(), under.copy()
        target.set_clip(shown)
        again.set_clip(shown)
        painter.paint_overlay(target, painter.time, scale)
        fresh.glow.let_go()
        fresh.paint_overlay(again, fresh.time, scale)
        assert pygame.image.tobytes(target, "RGB") == pygame.image.tobytes(again, "RGB"), frame
    assert len(steps) >= 5  # the light did step, several times
    assert not [frame for frame in steps if frame in made_on]  # each step's level was made on a frame before it
    assert len(made_on) <= len(steps) + 1  # one level made for each step, and the first
    clear_paint_cache()


@pytest.mark.parametrize("size", (WINDOW, LOGICAL_SIZE))
def test_a_step_drawn_over_the_motes_first_is_made_once_for_the_whole_light(size, monkeypatch):
    canvas = canvas_of(size)
    layer = shown_layer("study_desk", {"tv": True}, canvas)
    painter = layer.painter
    glow, scale = painter.glow, canvas.scale
    beneath = layer._scaled if scale != 1.0 else None  # as the layer draws it: in a scaled window, with the picture
    made = []
    real = glow._make
    monkeypatch.setattr(glow, "_make", lambda *args, **kwargs: made.append(args[2]) or real(*args, **kwargs))
    motes = canvas.rect(tuple(mote_bounds(painter._mote_area)))
    target = canvas.surface
    for level in (3, 4, 3, 5, 4, 3):  # a frame redrawn whole after a key: the motes' part, then all of it
        target.set_clip(motes)
        glow.draw(target, level, scale, (), beneath, [])
        target.set_clip(None)
        glow.draw(target, level, scale, (), beneath, [])
    assert len(made) <= 6  # a step made once, not again for the whole light after the motes' part


def test_moving_parts_that_overlap_are_drawn_once_as_their_union_when_it_is_no_larger():
    from game.player.display.scene_layer import drawn_once

    R = pygame.Rect
    assert drawn_once([R(0, 0, 1280, 720), R(271, 112, 72, 40)]) == [R(0, 0, 1280, 720)]  # a moth in the rain
    # Motes over part of a television's light: one part, not the overlap lit twice.
    assert drawn_once([R(57, 269, 374, 230), R(140, 0, 1000, 720)]) == [R(57, 0, 1083, 720)]
    # Two thin strips crossing: their union would be mostly neither, so they stay two.
    assert drawn_once([R(0, 100, 1000, 10), R(100, 0, 10, 700)]) == [R(0, 100, 1000, 10), R(100, 0, 10, 700)]
    # Apart, they stay apart; a union that comes to overlap a third joins it too; off the picture, clipped.
    assert drawn_once([R(0, 0, 10, 10), R(50, 50, 10, 10)]) == [R(0, 0, 10, 10), R(50, 50, 10, 10)]
    assert drawn_once([R(0, 0, 100, 100), R(150, 0, 100, 100), R(50, 0, 150, 100)]) == [R(0, 0, 250, 100)]
    assert drawn_once([R(1200, 700, 200, 200), R(-5, -5, 0, 10)]) == [R(1200, 700, 80, 20)]


def light_added_from_nothing(layer: SceneLayer, size: tuple[int, int]) -> pygame.Surface:
    """The layer's picture as scaled now, with its overlay added over it by a light that keeps nothing."""
    import copy

    painter = layer.painter
    whole = canvas_of(size).surface
    whole.blit(layer._scaled, (0, 0))
    kept, painter.glow = painter.glow, copy.copy(painter.glow)
    painter.glow.let_go()  # the copy's own levels, made anew; the layer's light keeps its own
    try:
        painter.paint_overlay(whole, painter.time, size[0] / LOGICAL_SIZE[0])  # added over the picture
    finally:
        painter.glow = kept
    return whole


@pytest.mark.parametrize("high_contrast", (False, True))
@pytest.mark.parametrize("name,params", GLOWING)
def test_a_light_kept_with_the_picture_in_it_is_mended_where_the_picture_moves(name, params, high_contrast):
    # In a scaled window a level of light is kept with the picture beneath added in: where the picture
    # changes under it (a television's screen cuts to another shot), each level kept is made again there.
    canvas = canvas_of(WINDOW)
    canvas.holds_last = True
    layer = shown_layer(name, params, canvas, high_contrast=high_contrast)
    checked = 0
    for frame in range(12 * 16):  # four cuts of a television, two breaths
        if layer.update(1 / 12):
            layer.draw(canvas)
        if frame % 23 == 0:
            expected = light_added_from_nothing(layer, WINDOW)
            assert pygame.image.tobytes(canvas.surface, "RGB") == pygame.image.tobytes(expected, "RGB"), frame
            checked += 1
    assert checked >= 8


def test_the_save_s_picture_at_logical_size_leaves_the_window_s_levels_kept(monkeypatch):
    # After a move the autosave draws the scene at logical size for its picture: the television's levels kept
    # for a 1920×1080 window are still there for the frames after it, and that picture is the light drawn afresh.
    from game.player.scenes.paint import AddedLight

    canvas = canvas_of(WINDOW)
    canvas.holds_last = True
    layer = shown_layer("study_desk", {"tv": True}, canvas)
    for _ in range(24):
        if layer.update(1 / 12):
            layer.draw(canvas)
    glow = layer.painter.glow
    kept = [id(made[3]) for made in glow._made]
    assert kept and all(made[0] != 1.0 for made in glow._made)
    made_at: list[float] = []
    real_make = AddedLight._make
    monkeypatch.setattr(AddedLight, "_make", lambda self, *args, **kwargs: made_at.append(args[1]) or real_make(self, *args, **kwargs))
    picture = pygame.Surface(LOGICAL_SIZE)
    layer.draw_settled(Canvas(picture, 1.0, Typesetter(), theme_for(False)))
    assert [id(made[3]) for made in glow._made] == kept and not made_at
    afresh = pygame.Surface(LOGICAL_SIZE)
    glow.let_go()
    layer.painter.draw(afresh)
    assert pygame.image.tobytes(picture, "RGB") == pygame.image.tobytes(afresh, "RGB")
