"""Save and load: the autosave and nine manual slots, each with chapter, place, date and a thumbnail."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.player.saves import AUTOSAVE, MANUAL_SLOTS, SlotInfo
from game.player.screens.base import DocumentScreen
from game.player.screens.menus import confirm
from game.player.theme import SMALL_SIZE
from game.player.ui import Block, Button, TextBlock

if TYPE_CHECKING:
    import pygame

    from game.player.app import App

_THUMBNAILS: dict[tuple[str, int], "pygame.Surface | None"] = {}


def load_thumbnail(path: Path) -> "pygame.Surface | None":
    """The slot's picture, cached by file and modification time; a missing or broken PNG is simply no picture."""
    import pygame

    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    key = (str(path), stamp)
    if key not in _THUMBNAILS:
        try:
            _THUMBNAILS[key] = pygame.image.load(str(path))
        except (pygame.error, OSError, ValueError):
            _THUMBNAILS[key] = None
    return _THUMBNAILS[key]


class SaveLoadScreen(DocumentScreen):
    kind = "saveload"
    panel = (190, 20, 900, 680)

    def __init__(self, app: "App", mode: str) -> None:
        self.mode = mode
        self.title = "Save" if mode == "save" else "Load"
        super().__init__(app)

    def build(self) -> list[Block]:
        blocks: list[Block] = []
        saving = self.mode == "save"
        slots = MANUAL_SLOTS if saving else (AUTOSAVE, *MANUAL_SLOTS)
        if saving:
            blocks.append(TextBlock("Choose a slot. The game also saves by itself after every choice.",
                                    role="ui", size=SMALL_SIZE, colour="quiet", gap_after=12))
        for slot in slots:
            info = self.app.saves.read(slot)
            blocks.append(self._row(info, saving))
        blocks.append(Button("back", "Back", self.back))
        return blocks

    def _row(self, info: SlotInfo, saving: bool) -> Button:
        picture = load_thumbnail(info.thumbnail_path) if info.status == "ok" else None
        if info.status == "ok":
            label = f"{info.label}: {info.chapter_title}"
            detail = f"{info.node_title}\n{info.when_text}"
        elif info.status == "damaged":
            label = f"{info.label}: damaged"
            detail = f"This file cannot be read, so it is left as it is: {info.path.name}"
        else:
            label = f"{info.label}: empty"
            detail = ""
        enabled = saving or info.status == "ok"
        reason = ""
        if not enabled:
            reason = "Nothing to load here." if info.status == "empty" else "This save cannot be loaded."
        return Button(
            f"slot:{info.slot}",
            label,
            lambda: self.pick(info),
            enabled=enabled,
            reason=reason,
            detail=detail,
            detail_colour="damaged" if info.status == "damaged" else "quiet",
            picture=picture,
            picture_key=(str(info.thumbnail_path), info.saved_at),
            gap_after=8,
        )

    def pick(self, info: SlotInfo) -> None:
        if self.mode == "load":
            if info.status == "ok":
                self.app.load_slot(info)
            return
        if info.status == "ok":
            confirm(self.app, f"Replace {info.label} ({info.chapter_title}: {info.node_title})?", "Replace it",
                    lambda: self.save(info.slot))
        elif info.status == "damaged":
            confirm(self.app, f"{info.label} holds a file that cannot be read. Replace it with this save?",
                    "Replace it", lambda: self.save(info.slot))
        else:
            self.save(info.slot)

    def save(self, slot: str) -> None:
        saved = self.app.save_to(slot)
        if saved is not None:
            self.app.toast(f"Saved in {saved.label}.")
            self.rebuild()
