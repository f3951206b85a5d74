"""Save slots (nine manual ones and the autosave) and the progress file, read defensively and written atomically."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from game import __version__
from game.player.storage import atomic_write_bytes, atomic_write_json, read_json_object

SAVE_KIND = "curtain-light-save"
PROGRESS_KIND = "curtain-light-progress"
SAVE_FORMAT = 1
AUTOSAVE = "auto"
MANUAL_SLOTS: tuple[str, ...] = tuple(str(number) for number in range(1, 10))
ALL_SLOTS: tuple[str, ...] = (AUTOSAVE, *MANUAL_SLOTS)
THUMBNAIL_SIZE = (256, 144)


class SlotInfo(NamedTuple):
    """What a slot holds, as far as the slot list needs to know. `status` is empty, ok or damaged."""

    slot: str
    path: Path
    status: str
    chapter_id: str = ""
    chapter_title: str = ""
    node_id: str = ""
    node_title: str = ""
    saved_at: datetime | None = None
    state: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return "Autosave" if self.slot == AUTOSAVE else f"Slot {self.slot}"

    @property
    def thumbnail_path(self) -> Path:
        return self.path.with_suffix(".png")

    @property
    def when_text(self) -> str:
        if self.saved_at is None:
            return ""
        return self.saved_at.strftime("%d %B %Y, %H:%M").lstrip("0")

    @property
    def summary(self) -> str:
        if self.status == "empty":
            return "Empty"
        if self.status == "damaged":
            return "Damaged: this file cannot be read, so it is left as it is"
        return f"{self.chapter_title}: {self.node_title}"


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.astimezone()


class SaveStore:
    """The save folder: slotN.json (+ slotN.png thumbnail) and auto.json."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "saves"

    def path_for(self, slot: str) -> Path:
        return self.folder / ("auto.json" if slot == AUTOSAVE else f"slot{slot}.json")

    def read(self, slot: str) -> SlotInfo:
        path = self.path_for(slot)
        if not path.exists():
            return SlotInfo(slot, path, "empty")
        payload = read_json_object(path, SAVE_KIND)
        state = payload.get("state") if payload else None
        saved_at = _parse_time(payload.get("saved_at")) if payload else None
        if payload is None or not isinstance(state, dict) or saved_at is None:
            return SlotInfo(slot, path, "damaged")
        return SlotInfo(
            slot,
            path,
            "ok",
            chapter_id=str(payload.get("chapter_id", "")),
            chapter_title=str(payload.get("chapter_title", "")),
            node_id=str(payload.get("node_id", "")),
            node_title=str(payload.get("node_title", "")),
            saved_at=saved_at,
            state=state,
        )

    def list(self) -> list[SlotInfo]:
        return [self.read(slot) for slot in ALL_SLOTS]

    def latest(self) -> SlotInfo | None:
        readable = [info for info in self.list() if info.status == "ok" and info.saved_at is not None]
        return max(readable, key=lambda info: info.saved_at, default=None)  # type: ignore[arg-type, return-value]

    def has_any(self) -> bool:
        return any(self.path_for(slot).exists() for slot in ALL_SLOTS)

    def write(
        self,
        slot: str,
        state: dict[str, Any],
        *,
        chapter_id: str,
        chapter_title: str,
        node_id: str,
        node_title: str,
        thumbnail_png: bytes | None = None,
    ) -> SlotInfo:
        path = self.path_for(slot)
        if slot == AUTOSAVE:
            self._set_aside_if_damaged(path)
        saved_at = datetime.now().astimezone()
        payload = {
            "kind": SAVE_KIND,
            "format": SAVE_FORMAT,
            "game_version": __version__,
            "slot": slot,
            "saved_at": saved_at.isoformat(timespec="seconds"),
            "chapter_id": chapter_id,
            "chapter_title": chapter_title,
            "node_id": node_id,
            "node_title": node_title,
            "state": state,
        }
        if thumbnail_png is not None:
            atomic_write_bytes(path.with_suffix(".png"), thumbnail_png)
        atomic_write_json(path, payload)
        return self.read(slot)

    def _set_aside_if_damaged(self, path: Path) -> None:
        """Autosaves happen unasked, so a damaged autosave is moved aside whole rather than overwritten."""
        if not path.exists() or self.read(AUTOSAVE).status != "damaged":
            return
        for number in range(1, 1000):
            spare = path.with_name(f"auto.damaged-{number}.json")
            if not spare.exists():
                os.replace(path, spare)
                return


class Progress:
    """Endings found per chapter, and the chapters that reached any ending."""

    def __init__(self, endings: dict[str, set[str]] | None = None, finished: set[str] | None = None) -> None:
        self.endings: dict[str, set[str]] = endings if endings is not None else {}
        self.finished: set[str] = finished if finished is not None else set()

    def found(self, chapter_id: str) -> set[str]:
        return self.endings.get(chapter_id, set())

    def record_ending(self, chapter_id: str, ending_id: str) -> bool:
        """Mark an ending found; True if that is news."""
        known = self.endings.setdefault(chapter_id, set())
        is_new = ending_id not in known or chapter_id not in self.finished
        known.add(ending_id)
        self.finished.add(chapter_id)
        return is_new


class ProgressStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "progress.json"

    def load(self) -> Progress:
        payload = read_json_object(self.path, PROGRESS_KIND)
        if payload is None:
            return Progress()
        endings_raw = payload.get("endings")
        endings: dict[str, set[str]] = {}
        if isinstance(endings_raw, dict):
            for chapter_id, ids in endings_raw.items():
                if isinstance(ids, list):
                    endings[str(chapter_id)] = {str(item) for item in ids}
        finished_raw = payload.get("finished")
        finished = {str(item) for item in finished_raw} if isinstance(finished_raw, list) else set()
        return Progress(endings, finished)

    def save(self, progress: Progress) -> None:
        atomic_write_json(
            self.path,
            {
                "kind": PROGRESS_KIND,
                "endings": {chapter: sorted(ids) for chapter, ids in sorted(progress.endings.items())},
                "finished": sorted(progress.finished),
            },
        )
