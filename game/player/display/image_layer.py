"""A node's picture (`image:`): confined to the story folder, size-checked before decoding, decoded once, fitted to the scene area."""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from game.core import storyfiles
from game.player.guard import failed

if TYPE_CHECKING:
    import pygame

# Decoded pictures by real path, modification time and size: a node met again, or a story
# reloaded live, shows the picture without reading it again; an edited file is read afresh.
_DECODED: "OrderedDict[tuple[str, int, int], pygame.Surface | None]" = OrderedDict()
_KEPT_PICTURES = 8


def load_story_picture(root: Path, relative: str) -> "pygame.Surface | None":
    """The picture at `relative` in the story folder `root`, or None when it may not be shown.

    The checker reports the same refusals (CL013, CL043, CL045); they are made again here, as
    the file may have changed since: a link out of the folder, anything but a plain file, or a
    header that is not PNG or JPEG or declares more than MAX_PICTURE_SIDE pixels on a side is
    never decoded.
    """
    import pygame

    path = root / relative
    if storyfiles.leaves_folder(relative) or storyfiles.refusal(root.resolve(), path) is not None:
        return None
    try:
        real = path.resolve()
        info = real.stat()
    except (OSError, RuntimeError):
        return None
    key = (str(real), info.st_mtime_ns, info.st_size)
    if key in _DECODED:
        _DECODED.move_to_end(key)
        return _DECODED[key]
    picture = None
    if storyfiles.picture_refusal(real) is None:
        try:
            picture = pygame.image.load(str(real))
            if pygame.display.get_surface() is not None:
                picture = picture.convert_alpha()
        except (pygame.error, OSError, ValueError):
            failed(f"reading the picture {relative!r}")
            picture = None
    _DECODED[key] = picture
    while len(_DECODED) > _KEPT_PICTURES:
        _DECODED.popitem(last=False)
    return picture


class PictureLayer:
    """The current node's picture, fitted (whole, in proportion, centred) into a rectangle of the scene."""

    def __init__(self) -> None:
        self.key: tuple[str, str] | None = None
        self.picture: pygame.Surface | None = None
        self._fitted: pygame.Surface | None = None
        self._fitted_for: tuple[int, tuple[int, int, int, int]] | None = None

    def show(self, root: Path | None, relative: str | None) -> bool:
        """Switch to the picture a node names (None for none); whether what is drawn changed."""
        key = (str(root), relative) if root is not None and relative else None
        if key == self.key:
            return False
        self.key = key
        before = self.picture
        self.picture = load_story_picture(root, relative) if root is not None and relative else None
        self._fitted = None
        self._fitted_for = None
        return self.picture is not before

    def draw(self, target: "pygame.Surface", area: tuple[int, int, int, int]) -> None:
        """Draw the picture over `target`, scaled (up or down) to fit `area` whole and centred there."""
        import pygame

        picture = self.picture
        if picture is None:
            return
        width, height = picture.get_size()
        if (id(picture), area) != self._fitted_for:
            scale = min(area[2] / max(1, width), area[3] / max(1, height))
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            try:
                self._fitted = picture if size == (width, height) else pygame.transform.smoothscale(picture, size)
            except ValueError:  # smoothscale takes 24- and 32-bit pictures only (a palette PNG without a window)
                self._fitted = pygame.transform.scale(picture, size)
            self._fitted_for = (id(picture), area)
        fitted = self._fitted
        assert fitted is not None
        target.blit(fitted, (area[0] + (area[2] - fitted.get_width()) // 2, area[1] + (area[3] - fitted.get_height()) // 2))
