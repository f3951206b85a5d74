"""The scene painters: every registered scene draws, follows its parameters, and keeps still when asked."""
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

from game import content  # noqa: E402
from game.core import registry  # noqa: E402
from game.player.scenes import SCENE_PAINTERS, bench_scene_draws, clear_paint_cache, make_scene  # noqa: E402

SIZE = (1280, 720)


@pytest.fixture(scope="module", autouse=True)
def display():
    pygame.init()
    pygame.display.set_mode((1, 1))
    yield
    clear_paint_cache()


def render(painter) -> pygame.Surface:
    target = pygame.Surface(SIZE)
    target.fill((255, 0, 255))  # a colour no scene uses: shows any pixel left unpainted
    painter.draw(target)
    return target


def luminance(surface: pygame.Surface) -> float:
    r, g, b, *_ = pygame.transform.average_color(surface)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def difference(a: pygame.Surface, b: pygame.Surface) -> float:
    """Mean absolute difference per channel, sampled on a grid (cheap and enough to tell scenes apart)."""
    total = 0
    count = 0
    for y in range(0, SIZE[1], 12):
        for x in range(0, SIZE[0], 12):
            ca, cb = a.get_at((x, y)), b.get_at((x, y))
            total += abs(ca.r - cb.r) + abs(ca.g - cb.g) + abs(ca.b - cb.b)
            count += 3
    return total / count


def same(a: pygame.Surface, b: pygame.Surface) -> bool:
    return pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB")


def extremes(name: str) -> list[dict]:
    """Each parameter at its low and high ends (and every choice), the others at their defaults."""
    sets = [{}]
    for key, param in content.SCENES[name].items():
        if isinstance(param, registry.IntParam):
            sets += [{key: param.low}, {key: param.high}]
        elif isinstance(param, registry.BoolParam):
            sets += [{key: True}, {key: False}]
        else:
            sets += [{key: value} for value in param.values]
    # Everything switched on at once, too.
    everything = {}
    for key, param in content.SCENES[name].items():
        if isinstance(param, registry.IntParam):
            everything[key] = param.high
        elif isinstance(param, registry.BoolParam):
            everything[key] = True
        else:
            everything[key] = param.values[-1]
    return sets + [everything]


def test_painters_match_the_registry():
    assert set(SCENE_PAINTERS) == set(content.SCENES)


@pytest.mark.parametrize("name", sorted(content.SCENES))
def test_every_scene_draws_with_defaults_and_extremes(name):
    for params in extremes(name):
        painter = make_scene(name, content.CATALOGUE.fit_scene_params(name, params))
        picture = render(painter)
        assert picture.get_size() == SIZE
        # Fully painted: the magenta fill is gone at the corners and the centre.
        for point in ((0, 0), (1279, 0), (0, 719), (1279, 719), (640, 360)):
            assert tuple(picture.get_at(point))[:3] != (255, 0, 255), (name, params, point)
        painter.update(0.4)
        render(painter)


@pytest.mark.parametrize("name", sorted(content.SCENES))
def test_missing_and_odd_parameters_are_tolerated(name):
    painter = make_scene(name, {"no_such_key": 3})
    render(painter)
    painter = make_scene(name, None)
    render(painter)


def test_unknown_scene_falls_back_to_a_calm_card():
    render(make_scene("no_such_scene", {}))


def test_more_light_is_brighter():
    dark = luminance(render(make_scene("dark_room", {"light": 0})))
    bright = luminance(render(make_scene("dark_room", {"light": 5})))
    assert bright > dark + 1.0
    levels = [luminance(render(make_scene("dark_room", {"light": n}))) for n in range(6)]
    assert levels == sorted(levels)


def test_shutters_are_darker_than_curtains():
    for light in (2, 5):
        curtains = luminance(render(make_scene("dark_room", {"light": light, "window": "curtains"})))
        shutters = luminance(render(make_scene("dark_room", {"light": light, "window": "shutters"})))
        assert shutters < curtains


def test_the_right_side_stays_calm_for_text():
    """Where the text panel sits, each scene is darker than where its focal point is."""
    for name in content.SCENES:
        picture = render(make_scene(name, {}))
        left = luminance(picture.subsurface((0, 0, 680, 720)))
        right = luminance(picture.subsurface((760, 0, 520, 720)))
        assert right <= left, name


def test_high_contrast_dims_the_picture():
    for name in ("dark_room", "day_street", "clinic"):
        normal = luminance(render(make_scene(name, {})))
        dimmed = luminance(render(make_scene(name, {}, high_contrast=True)))
        assert dimmed < normal * 0.75, name


def test_scenes_differ_from_each_other():
    pictures = {name: render(make_scene(name, {})) for name in content.SCENES}
    names = sorted(pictures)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert difference(pictures[a], pictures[b]) > 2.0, (a, b)


def test_parameters_change_the_picture():
    pairs = [
        ("dark_room", {"tv": False, "light": 1}, {"tv": True, "light": 1}),
        ("dark_room", {"hour": 14, "light": 4}, {"hour": 18, "light": 4}),
        ("night_street", {"dog": True}, {"dog": False}),
        ("night_street", {"figure": False}, {"figure": True}),
        ("night_street", {"hour": 20}, {"hour": 4}),
        ("konbini", {"clerk": True}, {"clerk": False}),
        ("flat_8050", {"washing": "idle"}, {"washing": "done"}),
        ("flat_8050", {"mother": True}, {"mother": False}),
        ("flat_8050", {"helper": False}, {"helper": True}),
        ("flat_8050", {"hour": 11}, {"hour": 22}),
        ("clinic", {"warmth": 0}, {"warmth": 3}),
        ("clinic", {"people": 1}, {"people": 4}),
        ("day_street", {"station": False}, {"station": True}),
        ("day_street", {"crowd": 0}, {"crowd": 3}),
        ("study_desk", {"books": 0}, {"books": 3}),
        ("study_desk", {"hour": 11}, {"hour": 23}),
        ("fact_card", {"accent": "room"}, {"accent": "8050"}),
        ("house_kitchen", {"mother": True}, {"mother": False}),
        ("house_kitchen", {"father": False}, {"father": True}),
        ("house_kitchen", {"hour": 11}, {"hour": 22}),
        ("house_landing", {"tray": True}, {"tray": False}),
        ("house_landing", {"light_under": True}, {"light_under": False}),
        ("consulting_room", {"doctor": True}, {"doctor": False}),
        ("community_room", {"people": 0}, {"people": 6}),
        ("community_room", {"floor": "chairs"}, {"floor": "tatami"}),
        ("community_room", {"warmth": 0}, {"warmth": 3}),
        ("community_room", {"floor": "tatami", "people": 0}, {"floor": "tatami", "people": 6}),
        ("night_station", {"figure": False}, {"figure": True}),
        ("night_station", {"hour": 1}, {"hour": 12}),
        ("night_station", {"hour": 23}, {"hour": 2}),
    ]
    for name, a, b in pairs:
        pa = render(make_scene(name, a, reduce_motion=True))
        pb = render(make_scene(name, b, reduce_motion=True))
        assert not same(pa, pb), (name, a, b)


@pytest.mark.parametrize("name", sorted(content.SCENES))
def test_reduce_motion_keeps_a_still_frame(name):
    for params in extremes(name):
        painter = make_scene(name, params, reduce_motion=True)
        assert painter.animated is False
        first = render(painter)
        assert painter.update(0.5) is False
        assert painter.update(3.0) is False
        assert same(first, render(painter)), (name, params)


@pytest.mark.parametrize("name", sorted(content.SCENES))
def test_animated_scenes_move(name):
    for params in extremes(name):
        painter = make_scene(name, params)
        if not painter.animated:
            assert painter.update(0.5) is False
            continue
        before = render(painter)
        assert painter.update(0.5) is True
        assert not same(before, render(painter)), (name, params)


def test_the_scenes_that_should_move_do():
    moving = [("dark_room", {"tv": True}), ("night_street", {"rain": True}), ("night_street", {}),
              ("konbini", {"rain": True}), ("flat_8050", {"washing": "running"}), ("title", {}),
              ("day_street", {"crowd": 2})]
    for name, params in moving:
        assert make_scene(name, params).animated, (name, params)
    assert not make_scene("fact_card", {}).animated


@pytest.mark.parametrize("name", sorted(content.SCENES))
def test_draw_changes_no_state(name):
    painter = make_scene(name, {})
    painter.update(1.3)
    first = render(painter)
    second = render(painter)
    assert same(first, second)
    assert painter.update(0.0) is False


def test_update_reports_only_new_frames():
    painter = make_scene("night_street", {"rain": True})
    assert painter.update(0.001) is False  # not yet a new frame
    assert painter.update(0.1) is True
    assert painter.update(-1.0) is False  # time never runs backwards


def test_repeat_scenes_share_their_painting_but_not_their_clock():
    a = make_scene("night_street", {"rain": True})
    b = make_scene("night_street", {"rain": True})
    a.update(2.0)
    assert a.time > 0 and b.time == 0
    assert same(render(b), render(make_scene("night_street", {"rain": True})))


def test_bench_reports_every_scene():
    result = bench_scene_draws(frames=2)
    assert set(result) == set(content.SCENES)
    assert all(value >= 0 for value in result.values())


def test_the_paint_cache_is_bounded_by_bytes_and_keeps_the_scene_on_screen():
    from game.player.scenes import base, paint_ahead

    clear_paint_cache()
    for name in sorted(content.SCENES):
        for params in extremes(name):
            painter = make_scene(name, params)
            held = sum(base.surface_bytes(painted) for painted in base._PAINT_CACHE.values())
            newest = next(reversed(base._PAINT_CACHE.values()))
            assert newest[0] is painter.background  # the scene on screen is always kept
            assert held <= base.PAINTINGS_BYTES or len(base._PAINT_CACHE) == 1
            assert base.AHEAD.cache_bytes() == held
    assert base.PAINTINGS_BYTES <= 16 * 1024 * 1024
    # The scene just left is still there when the next was painted ahead: going back to it paints nothing.
    clear_paint_cache()
    first = make_scene("night_street", {"rain": True})
    paint_ahead("konbini", {}, reduce_motion=False, high_contrast=False)
    make_scene("konbini", {})
    assert make_scene("night_street", {"rain": True}).background is first.background
    clear_paint_cache()


def test_what_is_painted_ahead_never_stands_above_its_byte_bound():
    from game.player.scenes import base, paint_ahead

    clear_paint_cache()
    keys = []
    for name in sorted(content.SCENES):
        for params in extremes(name):
            keys.append(paint_ahead(name, params, reduce_motion=False, high_contrast=False))
            assert base.AHEAD.held_bytes() <= base.PAINTINGS_BYTES
    held = list(base.AHEAD.ahead)
    assert 1 <= len(held) < len(set(keys))  # some were painted, the bound stopped the rest
    # Each full-screen still counts its pixels, sprites and all: at least one screen per painting.
    assert base.AHEAD.ahead_bytes() >= len(held) * base.SIZE[0] * base.SIZE[1] * 3
    # Moving on lets them go, and then there is room again.
    base.AHEAD.forget_ahead(set())
    assert base.AHEAD.ahead_bytes() == 0
    key = paint_ahead("konbini", {}, reduce_motion=False, high_contrast=False)
    assert list(base.AHEAD.ahead) == [key]
    clear_paint_cache()


def test_the_scene_on_screen_and_those_painted_ahead_share_one_bound():
    from game.player.scenes import base, paint_ahead

    clear_paint_cache()
    for name in ("konbini", "night_street"):  # painted once: their sizes are known
        make_scene(name, {})
    make_scene("study_desk", {"tv": True})  # a scene and its sprites on screen
    on_screen = base.AHEAD.held_bytes()
    paint_ahead("konbini", {}, reduce_motion=False, high_contrast=False)
    paint_ahead("night_street", {}, reduce_motion=False, high_contrast=False)
    # Beside it there is room for one plain scene ahead, not two: what is on screen counts too.
    assert len(base.AHEAD.ahead) == 1
    assert on_screen + base.AHEAD.ahead_bytes() <= base.PAINTINGS_BYTES < on_screen + 2 * base.AHEAD.ahead_bytes()
    clear_paint_cache()


def test_a_scene_painted_when_its_move_is_taken_lets_every_other_painting_go_first():
    from game.player.scenes import base, paint_ahead

    clear_paint_cache()
    make_scene("night_street", {})
    paint_ahead("konbini", {}, reduce_motion=False, high_contrast=False)
    held_while_painting = []

    class Probe(SCENE_PAINTERS["fact_card"]):  # type: ignore[misc, valid-type]
        def paint(self):
            held_while_painting.append((len(base._PAINT_CACHE), len(base.AHEAD.ahead)))
            return super().paint()

    Probe({})  # a move whose scene was not painted ahead: painted here and now
    assert held_while_painting == [(0, 0)]
    assert len(base._PAINT_CACHE) == 1 and not base.AHEAD.ahead
    clear_paint_cache()


def test_a_scene_off_screen_keeps_no_brightness_levels_it_can_make_again():
    from game.player.scenes import base, paint_ahead

    clear_paint_cache()
    desk = make_scene("study_desk", {"tv": True})
    target = pygame.Surface(SIZE)
    for _ in range(40):  # the television's light flickers through its levels
        desk.update(0.25)
        desk.draw(target)
    glow = desk.glow
    assert len(glow._made) == 1  # at the picture's size one level at a time is made, in one buffer
    before = light_at(glow, 3)
    base.AHEAD.take(base.paint_key(type(desk), desk.params, False, False))  # still on screen: kept
    assert glow._made
    paint_ahead("konbini", {}, reduce_motion=False, high_contrast=False)
    make_scene("konbini", {})  # another scene on screen
    assert not glow._made
    assert light_at(glow, 3) == before  # made again, the same pixels
    clear_paint_cache()


def light_at(glow, level: int) -> bytes:
    """The pixels a glow adds at `level` over black, at the picture's size."""
    target = pygame.Surface(SIZE)
    target.fill((0, 0, 0))
    glow.draw(target, level, 1.0)
    return pygame.image.tobytes(target, "RGB")


def test_surfaces_are_counted_once_and_subsurfaces_not_at_all():
    from game.player.scenes.base import surface_bytes

    still = pygame.Surface((100, 50), 0, 32)
    sprite = pygame.Surface((10, 10), 0, 32)
    held = {"still": still, "part": still.subsurface((0, 0, 10, 10)), "sprites": [sprite, sprite], "again": (still,)}
    assert surface_bytes(held) == still.get_pitch() * 50 + sprite.get_pitch() * 10


def test_a_flickering_light_keeps_only_the_levels_it_shows():
    painter = make_scene("dark_room", {"tv": True, "light": 0})
    glow = painter.glow
    seen = set()
    for frame in range(0, 30 * 40, 3):
        painter._frame = frame
        render(painter)
        seen.add(painter._tv_state(painter.time)[1])
        assert len(glow._made) <= 1
    assert len(seen) > 1  # it did move through more levels than it keeps
    # A level made again is the same picture as the first time.
    painter._frame = 0
    again = render(painter)
    clear_paint_cache()
    fresh = make_scene("dark_room", {"tv": True, "light": 0})
    assert same(again, render(fresh))


def test_a_scene_layer_off_screen_lets_go_of_its_pictures():
    from game.player.display.window import Canvas
    from game.player.display.scene_layer import SceneLayer
    from game.player.display.text import Typesetter
    from game.player.display.theme import theme_for

    canvas = Canvas(pygame.Surface(SIZE), 1.0, Typesetter(), theme_for(False))
    title, play = SceneLayer(), SceneLayer()
    title.show("title", {}, fade_in=True)
    title.update(0.1)
    title.draw(canvas)
    assert title.fade_left > 0 and title._previous is not None
    shown = pygame.image.tobytes(canvas.surface, "RGB")
    play.show("night_street", {})
    play.update(0.1)
    play.draw(canvas)  # the play screen covers the title: only one scene is ever on screen
    assert title._surface is None and title._previous is None and title.fade_left == 0
    assert not hasattr(title.painter, "background")  # its painter and sprites went too
    # Shown again, it comes back as it was (without finishing the crossfade it was in).
    title.update(0.0)
    title.draw(canvas)
    assert title.painter.name == "title" and play._surface is None
    assert pygame.image.tobytes(canvas.surface, "RGB") != shown
    assert same(canvas.surface, render(make_scene("title", {})))


def test_the_8050_balcony_washing_is_out_only_once_it_is_done():
    """By day the pole shows washing only when it has been hung: while it is in the drum the text says so."""
    green_shirt = (512, 190, 26, 80)  # where the green shirt hangs on the pole, seen through the right pane

    def colour(washing: str, hour: int) -> tuple[int, int, int]:
        picture = render(make_scene("flat_8050", {"washing": washing, "hour": hour, "mother": False},
                                    reduce_motion=True))
        return tuple(pygame.transform.average_color(picture, green_shirt)[:3])

    for hour in (9, 14):
        for washing in ("idle", "running"):
            red, _green, blue = colour(washing, hour)
            assert blue > red + 25, (washing, hour)  # the sky, bare of washing
        red, green, blue = colour("done", hour)
        assert blue < red and green > blue, hour  # the shirt's grey-green, not the sky


def test_importing_the_scenes_leaves_the_allocator_alone_and_the_app_tunes_it() -> None:
    """Tuning the process's allocator is the App's doing, not a side effect of importing the painters."""
    import subprocess
    import sys

    probe = (
        "import ctypes, sys\n"
        "calls = []\n"
        "class Libc:\n"
        "    def mallopt(self, *args): calls.append(args)\n"
        "ctypes.CDLL = lambda name: Libc()\n"
        "import game.player.scenes\n"
        "assert calls == [], calls\n"
        "from game.player.allocator import return_freed_memory_to_the_system\n"
        "return_freed_memory_to_the_system()\n"
        "print(calls if sys.platform.startswith('linux') else [(-3, 262144)])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "SDL_VIDEODRIVER": "dummy"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[(-3, 262144)]"


PAINT_AND_HASH = """
import hashlib, os, sys
os.environ["SDL_VIDEODRIVER"] = "dummy"
sys.path.insert(0, sys.argv[1])
import pygame
pygame.display.init()
pygame.display.set_mode((1280, 720))
from game.content import SCENES
from game.core.registry import BoolParam
from game.player.scenes import make_scene
digest = hashlib.md5()
for name, params in SCENES.items():
    switches = {key: True for key, param in params.items() if isinstance(param, BoolParam)}
    for chosen in ({}, switches):
        digest.update(pygame.image.tobytes(make_scene(name, chosen).background, "RGB"))
print(digest.hexdigest())
"""


def test_every_scene_is_painted_the_same_in_every_run_of_the_game():
    # Each run is a fresh process: what differs between runs (memory left as it was, hash seeds)
    # shows only there. pygame-ce's aalines once left a day street's wire ending differently.
    import subprocess

    root = str(Path(__file__).resolve().parents[2])
    runs = [subprocess.Popen([sys.executable, "-c", PAINT_AND_HASH, root], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONHASHSEED": str(seed)}) for seed in range(8)]
    digests = {run.communicate(timeout=120)[0].strip() for run in runs}
    assert len(digests) == 1 and all(len(digest) == 32 for digest in digests)
