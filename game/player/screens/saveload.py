"""Save and load: an autosave per chapter and nine manual slots, each with chapter, place, date and a thumbnail."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.core.i18n.interface import _
from game.player.messages import LoadSlot, Notify, SaveToSlot
from game.player.persist.saves import LEGACY_AUTOSAVE, MANUAL_SLOTS, SlotInfo
from game.player.screens.base import DocumentScreen
from game.player.screens.confirm import confirm
from game.player.display.theme import SMALL_SIZE
from game.player.ui.document import Block, Button, TextBlock

if TYPE_CHECKING:
    import pygame

    from game.player.host import Host

from game.player.persist.storage import picture_is_safe

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
        if not picture_is_safe(path):  # a copied-in file declaring 45000×45000 would take 2 GB to decode
            _THUMBNAILS[key] = None
            return None
        try:
            _THUMBNAILS[key] = pygame.image.load(str(path))
        except (pygame.error, OSError, ValueError):
            _THUMBNAILS[key] = None
    return _THUMBNAILS[key]


class SaveLoadScreen(DocumentScreen):
    kind = "saveload"
    panel = (190, 20, 900, 680)

    def __init__(self, host: "Host", mode: str) -> None:
        self.mode = mode
        self.title = _("Save") if mode == "save" else _("Load")
        super().__init__(host)

    def build(self) -> list[Block]:
        blocks: list[Block] = []
        saving = self.mode == "save"
        if saving:
            blocks.append(TextBlock(_("Choose a slot. The game also saves each chapter by itself after every choice."),
                                    role="ui", size=SMALL_SIZE, colour="quiet", gap_after=12))
        else:
            autosaves = self._autosaves_in_chapter_order()
            if not autosaves:
                blocks.append(TextBlock(_("No autosaves yet: each chapter is saved by itself after every choice."),
                                        role="ui", size=SMALL_SIZE, colour="quiet", gap_after=12))
            blocks.extend(self._row(info, saving) for info in autosaves)
        for slot in MANUAL_SLOTS:
            blocks.append(self._row(self.host.saves.read(slot), saving))
        blocks.append(Button("back", _("Back"), self.back))
        return blocks

    def _autosaves_in_chapter_order(self) -> list[SlotInfo]:
        """The chapters' autosaves in the story's order; any others (another story's, an older version's) after."""
        story = self.host.story
        order = {chapter.id: number for number, chapter in enumerate(story.chapters)} if story else {}
        infos = self.host.saves.autosaves()
        return sorted(infos, key=lambda info: (info.slot == LEGACY_AUTOSAVE,
                                               order.get(info.autosave_chapter, len(order)), info.slot))

    def _chapter_title(self, chapter_id: str) -> str:
        story = self.host.story
        titles = {chapter.id: chapter.title for chapter in story.chapters} if story else {}
        return titles.get(chapter_id, chapter_id)

    def _row(self, info: SlotInfo, saving: bool) -> Button:
        picture = load_thumbnail(info.thumbnail_path) if info.status == "ok" else None
        if info.status == "ok":
            label = _("{slot}: {chapter}").format(slot=info.label, chapter=info.chapter_title)
            detail = f"{info.node_title}\n{info.when_text}"
        elif info.status == "damaged":
            chapter = info.autosave_chapter
            label = (_("{slot} ({chapter}): damaged").format(slot=info.label, chapter=self._chapter_title(chapter)) if chapter
                     else _("{slot}: damaged").format(slot=info.label))
            detail = _("This file cannot be read, so it is left as it is: {file}").format(file=info.path.name)
        else:
            label = _("{slot}: empty").format(slot=info.label)
            detail = ""
        enabled = saving or info.status == "ok"
        reason = ""
        if not enabled:
            reason = _("Nothing to load here.") if info.status == "empty" else _("This save cannot be loaded.")
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
                self.host.post(LoadSlot(info))
            return
        if info.status == "ok":
            confirm(self.host, _("Replace {slot} ({chapter}: {place})?").format(slot=info.label, chapter=info.chapter_title,
                                                                            place=info.node_title), _("Replace it"),
                    lambda: self.save(info.slot))
        elif info.status == "damaged":
            confirm(self.host, _("{slot} holds a file that cannot be read. Replace it with this save?").format(slot=info.label),
                    _("Replace it"), lambda: self.save(info.slot))
        else:
            self.save(info.slot)

    def save(self, slot: str) -> None:
        def saved(info: SlotInfo) -> None:
            self.host.post(Notify(_("Saved in {slot}.").format(slot=info.label)))
            self.rebuild()

        self.host.post(SaveToSlot(slot, saved))
