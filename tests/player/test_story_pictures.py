"""A node's `image:` in the real app: drawn in the scene area, refused when oversized or a link out of the story."""
from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pygame

from game.content import CATALOGUE
from game.core.checker import check_story
from game.player.display.image_layer import load_story_picture

PICTURE_COLOUR = (20, 200, 40)
SCENE_AREA_CENTRE = (350, 360)  # the middle of the scene area, left of the text panel (x < 700)


def write_png(path: Path, width: int, height: int, colour: tuple[int, int, int]) -> None:
    surface = pygame.Surface((width, height))
    surface.fill(colour)
    pygame.image.save(surface, str(path))


def write_png_header(path: Path, width: int, height: int) -> None:
    """A PNG whose header declares `width`×`height` pixels, with one tiny data chunk: a few bytes on disk."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    data = zlib.compress(b"\x00" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
                     + struct.pack(">I", len(data)) + b"IDAT" + data + struct.pack(">I", zlib.crc32(b"IDAT" + data)))


def give_walk_street_a_picture(story: Path, name: str) -> None:
    walk = story / "walk" / "walk.yaml"
    text = walk.read_text(encoding="utf-8")
    walk.write_text(text.replace("    title: The empty street\n", f"    title: The empty street\n    image: {name}\n"), encoding="utf-8")


def open_walk_street(make_app, story: Path, before_the_street=lambda: None):
    """From the title by keys alone: New game, the first chapter, its content note, then choice 1 to the street.

    `before_the_street` runs at the first node, after the story was checked and loaded.
    """
    app, pilot = make_app(story, watch=False)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "play" and app.top.runtime.node_id == "walk_start"
    pilot.press(pygame.K_a)  # completes the text
    before = tuple(pygame.display.get_surface().get_at(SCENE_AREA_CENTRE))[:3]
    before_the_street()
    pilot.press(pygame.K_1)
    assert app.top.runtime.node_id == "walk_street"
    pilot.step(60)  # past the crossfade
    return app, pilot, before


def shown_at(point: tuple[int, int]) -> tuple[int, int, int]:
    return tuple(pygame.display.get_surface().get_at(point))[:3]


def test_a_nodes_picture_is_drawn_in_the_scene_area(make_app, story_copy: Path) -> None:
    (story_copy / "pictures").mkdir()
    write_png(story_copy / "pictures" / "street.png", 70, 72, PICTURE_COLOUR)
    give_walk_street_a_picture(story_copy, "pictures/street.png")
    assert not [d for d in check_story(story_copy, CATALOGUE).diagnostics if d.code in ("CL013", "CL043", "CL045")]
    app, pilot, before = open_walk_street(make_app, story_copy)
    assert before != PICTURE_COLOUR  # the first node has no picture
    assert shown_at(SCENE_AREA_CENTRE) == PICTURE_COLOUR
    assert shown_at((100, 360)) == PICTURE_COLOUR  # scaled up to the area's height: 70×72 becomes 700×720
    assert shown_at((1000, 360)) != PICTURE_COLOUR  # the text panel's side is not covered
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_SPACE)
    pilot.step(60)
    assert app.top.runtime.node_id == "walk_corner"
    assert shown_at(SCENE_AREA_CENTRE) != PICTURE_COLOUR  # the next node has none: the scene alone again


def test_a_picture_declaring_too_many_pixels_is_refused_and_never_decoded(make_app, story_copy: Path, monkeypatch) -> None:
    write_png_header(story_copy / "huge.png", 45000, 45000)
    give_walk_street_a_picture(story_copy, "huge.png")
    [finding] = [d for d in check_story(story_copy, CATALOGUE).diagnostics if d.code == "CL045"]
    assert "45000×45000" in finding.message and finding.path.endswith("walk.yaml")
    assert "4096 on a side" in str(finding) and "\n" not in str(finding)
    decoded: list[str] = []
    real_load = pygame.image.load

    def recording_load(*args, **kwargs):
        decoded.append(str(args[0]))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(pygame.image, "load", recording_load)
    assert load_story_picture(story_copy, "huge.png") is None
    # The game refuses it too: a story that checked clean with a small picture, swapped for the bomb while playing.
    write_png(story_copy / "huge.png", 70, 72, PICTURE_COLOUR)
    app, _pilot, _before = open_walk_street(make_app, story_copy, lambda: write_png_header(story_copy / "huge.png", 45000, 45000))
    assert app.top.runtime.node_id == "walk_street"
    assert not [path for path in decoded if path.endswith("huge.png")]
    assert shown_at(SCENE_AREA_CENTRE) != PICTURE_COLOUR


def test_a_picture_that_links_out_of_the_story_is_refused(make_app, story_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    write_png(outside / "private.png", 70, 72, PICTURE_COLOUR)
    os.symlink(outside / "private.png", story_copy / "street.png")
    give_walk_street_a_picture(story_copy, "street.png")
    assert any(d.code == "CL013" and "leaves the story folder" in d.message for d in check_story(story_copy, CATALOGUE).diagnostics)
    assert load_story_picture(story_copy, "street.png") is None
    # The game refuses it too: a story that checked clean, whose picture becomes a link out while playing.
    os.remove(story_copy / "street.png")
    write_png(story_copy / "street.png", 70, 72, (200, 20, 20))

    def link_out() -> None:
        os.remove(story_copy / "street.png")
        os.symlink(outside / "private.png", story_copy / "street.png")

    _app, _pilot, _before = open_walk_street(make_app, story_copy, link_out)
    assert shown_at(SCENE_AREA_CENTRE) != PICTURE_COLOUR
