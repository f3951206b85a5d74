"""Save slots (an autosave per chapter and nine manual slots) and the progress file, read defensively and written atomically."""
from __future__ import annotations

import io
import logging
import os
import queue
import re
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

from game import __version__
from game.core.i18n.interface import N_, _
from game.core.model import Story
from game.player.jobs import serve
from game.player.persist.storage import (atomic_write_bytes, atomic_write_json, keep_aside, read_json_object, read_json_status,
                                 remove_stale_temp_files, set_aside_notice)

if TYPE_CHECKING:
    import pygame

log = logging.getLogger(__name__)

SAVE_KIND = "curtain-light-save"
PROGRESS_KIND = "curtain-light-progress"
SAVE_FORMAT = 1
# The one autosave of earlier versions (auto.json). It is moved to its chapter's autosave when the game
# starts; it stays under this name only if it cannot be read or its chapter already has a newer one.
LEGACY_AUTOSAVE = "auto"
AUTOSAVE_PREFIX = "auto-"
MANUAL_SLOTS: tuple[str, ...] = tuple(str(number) for number in range(1, 10))
THUMBNAIL_SIZE = (256, 144)
# Chapter ids are letters, digits, "_" and "-" (the story schema), so they are safe in a file name; a
# set-aside damaged autosave has a dot in its name ("auto-room.damaged-1.json") and never matches.
_AUTOSAVE_FILE = re.compile(r"^auto-([A-Za-z0-9_-]+)\.json$")


def autosave_slot(chapter_id: str) -> str:
    """The autosave slot of a chapter: each chapter keeps its own, so starting one never replaces another's."""
    return AUTOSAVE_PREFIX + chapter_id


def is_autosave(slot: str) -> bool:
    return slot == LEGACY_AUTOSAVE or slot.startswith(AUTOSAVE_PREFIX)


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
        return _("Autosave") if is_autosave(self.slot) else _("Slot {number}").format(number=self.slot)

    @property
    def autosave_chapter(self) -> str:
        """The chapter a per-chapter autosave belongs to (known from its name even when it is damaged)."""
        return self.slot[len(AUTOSAVE_PREFIX):] if self.slot.startswith(AUTOSAVE_PREFIX) else ""

    @property
    def thumbnail_path(self) -> Path:
        return self.path.with_suffix(".png")

    @property
    def when_text(self) -> str:
        if self.saved_at is None:
            return ""
        moment = self.saved_at
        # TRANSLATORS: when a save was written: {month} is the month's English name, {month_number} its number
        return _("{day} {month} {year}, {time}").format(day=moment.day, month=moment.strftime("%B"), year=moment.year,
                                                        month_number=moment.month, time=moment.strftime("%H:%M"))

    @property
    def summary(self) -> str:
        if self.status == "empty":
            return _("Empty")
        if self.status == "damaged":
            return _("Damaged: this file cannot be read, so it is left as it is")
        return f"{self.chapter_title}: {self.node_title}"


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.astimezone()
    except (ValueError, OverflowError, OSError):  # astimezone fails for year 1 and dates past 9999
        return None


class SaveStore:
    """The save folder: auto-<chapter>.json per chapter, slot1.json to slot9.json, each with a .png thumbnail."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "saves"
        remove_stale_temp_files(self.folder)
        remove_stale_temp_files(data_dir)

    def path_for(self, slot: str) -> Path:
        return self.folder / (f"{slot}.json" if is_autosave(slot) else f"slot{slot}.json")

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

    def autosave_slots(self) -> list[str]:
        """Every chapter autosave in the folder (readable or not), then the old single autosave if it is still there."""
        try:
            names = sorted(entry.name for entry in os.scandir(self.folder) if entry.is_file())
        except OSError:
            return []
        slots = [f"{AUTOSAVE_PREFIX}{match.group(1)}" for name in names if (match := _AUTOSAVE_FILE.match(name))]
        if "auto.json" in names:
            slots.append(LEGACY_AUTOSAVE)
        return slots

    def autosaves(self) -> list[SlotInfo]:
        return [self.read(slot) for slot in self.autosave_slots()]

    def list(self) -> list[SlotInfo]:
        return [*self.autosaves(), *(self.read(slot) for slot in MANUAL_SLOTS)]

    def latest(self, chapter_ids: Iterable[str] | None = None) -> SlotInfo | None:
        """The most recently written readable save (of these chapters, if given): what Continue resumes."""
        wanted = set(chapter_ids) if chapter_ids is not None else None
        readable = [
            info for info in self.list()
            if info.status == "ok" and info.saved_at is not None and (wanted is None or info.chapter_id in wanted)
        ]
        return max(readable, key=_recency, default=None)

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
        saved_at: datetime | None = None,
    ) -> SlotInfo:
        path = self.path_for(slot)
        if is_autosave(slot):
            self._set_aside_if_damaged(slot)
        saved_at = saved_at or datetime.now().astimezone()
        payload = {
            "kind": SAVE_KIND,
            "format": SAVE_FORMAT,
            "game_version": __version__,
            "slot": slot,
            # Microseconds, so Continue can tell apart two chapters autosaved within the same second.
            "saved_at": saved_at.isoformat(timespec="microseconds"),
            "chapter_id": chapter_id,
            "chapter_title": chapter_title,
            "node_id": node_id,
            "node_title": node_title,
            "state": state,
        }
        if thumbnail_png is not None:
            atomic_write_bytes(path.with_suffix(".png"), thumbnail_png)
        atomic_write_json(path, payload)
        return SlotInfo(slot, path, "ok", chapter_id, chapter_title, node_id, node_title, saved_at, state)

    def _set_aside_if_damaged(self, slot: str) -> None:
        """Autosaves happen unasked, so a damaged autosave is moved aside whole rather than overwritten."""
        path = self.path_for(slot)
        if path.exists() and self.read(slot).status == "damaged":
            keep_aside(path, "damaged")

    def migrate_legacy_autosave(self) -> str | None:
        """Move the single autosave of earlier versions (auto.json) to its chapter's autosave.

        It is moved only when it can be read and its chapter has no autosave of its own yet (or an
        older one, which is then kept as auto-<chapter>.older-N.json rather than overwritten). A
        damaged auto.json stays where it is, byte for byte, and is listed as damaged. Returns the
        chapter id it was moved to, or None.
        """
        legacy = self.read(LEGACY_AUTOSAVE)
        if legacy.status != "ok" or not _AUTOSAVE_FILE.match(f"auto-{legacy.chapter_id}.json"):
            return None
        slot = autosave_slot(legacy.chapter_id)
        current = self.read(slot)
        if current.status == "ok" and current.saved_at is not None and legacy.saved_at is not None:
            if current.saved_at >= legacy.saved_at:
                return None  # the chapter's own autosave is newer: the old file stays, listed as it is
        target = self.path_for(slot)
        if current.status != "empty":
            keep_aside(target, "damaged" if current.status == "damaged" else "older")
        # The picture first: if the move is cut short, auto.json is still there to move next time.
        if legacy.thumbnail_path.exists():
            os.replace(legacy.thumbnail_path, target.with_suffix(".png"))
        os.replace(legacy.path, target)
        return legacy.chapter_id


class SaveIndex:
    """What every slot holds, read from the disk once and then kept by each write: what the views read.

    Building a title screen, a chapter list or the slot list reads this, never a file.
    """

    def __init__(self, store: SaveStore, writer: "SaveWriter | None" = None) -> None:
        self.store = store
        self.writer = writer  # a refresh waits for it, so what is read from disk is every save made
        self._slots: dict[str, SlotInfo] | None = None

    def _all(self) -> dict[str, SlotInfo]:
        if self._slots is None:
            self._slots = {info.slot: info for info in self.store.list()}
        return self._slots

    def read(self, slot: str) -> SlotInfo:
        found = self._all().get(slot)
        return found if found is not None else SlotInfo(slot, self.store.path_for(slot), "empty")

    def autosaves(self) -> list[SlotInfo]:
        found = [info for slot, info in self._all().items() if is_autosave(slot) and info.status != "empty"]
        return sorted(found, key=lambda info: (info.slot == LEGACY_AUTOSAVE, info.slot))

    def latest(self, chapter_ids: Iterable[str] | None = None) -> SlotInfo | None:
        """The most recently written readable save (of these chapters, if given): what Continue resumes."""
        wanted = set(chapter_ids) if chapter_ids is not None else None
        readable = [info for info in self._all().values()
                    if info.status == "ok" and info.saved_at is not None and (wanted is None or info.chapter_id in wanted)]
        return max(readable, key=lambda info: (info.saved_at, info.slot), default=None)

    def refresh(self) -> None:
        """Read the folder again at the next look (the slot list does, when it opens: a save copied in shows)."""
        self.wait_for_writes()
        self._slots = None

    def wait_for_writes(self) -> None:
        if self.writer is not None:
            self.writer.wait()

    def record(self, info: SlotInfo) -> None:
        """A save was made (or is being written): the index has it at once."""
        self._all()[info.slot] = info

    def reread(self, slot: str) -> None:
        """A write failed: what the disk holds is what the slot holds."""
        self._all()[slot] = self.store.read(slot)


class SaveWriter:
    """Writes saves on a thread of its own, one after another in the order they were made.

    Each job holds a copy of the state and a small picture, so the game plays on while the files
    are written (atomically, as SaveStore writes them). `wait` blocks until every save made so far
    is on disk (quitting calls it); failures are handed back to the main thread by `failures()`.
    """

    def __init__(self, store: SaveStore) -> None:
        self.store = store
        self._jobs: "queue.Queue[tuple[str, dict[str, Any], dict[str, Any], Any] | None]" = queue.Queue()
        self._failed: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="save-writer", daemon=True)
        self._thread.start()

    def submit(self, slot: str, state: dict[str, Any], about: dict[str, Any], picture: "pygame.Surface | None") -> None:
        self._jobs.put((slot, state, about, picture))

    def wait(self) -> None:
        self._jobs.join()

    def close(self) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def failures(self) -> list[tuple[str, str]]:
        """(slot, reason) of each write that failed since the last call."""
        with self._lock:
            failed, self._failed = self._failed, []
        return failed

    def _work(self) -> None:
        serve(self._jobs, self._write)

    def _write(self, job: tuple[str, dict[str, Any], dict[str, Any], "pygame.Surface | None"]) -> None:
        slot, state, about, picture = job
        try:
            self.store.write(slot, state, thumbnail_png=encode_png(picture), **about)
        except (OSError, ValueError, TypeError, MemoryError) as error:
            # The disk, or a state that cannot be written: the last save stays as it was.
            log.warning("saving %s failed: %s", slot, error)
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            with self._lock:
                self._failed.append((slot, reason))


def encode_png(picture: "pygame.Surface | None") -> bytes | None:
    if picture is None:
        return None
    import pygame

    buffer = io.BytesIO()
    try:
        pygame.image.save(picture, buffer, "thumbnail.png")
    except (pygame.error, OSError, ValueError) as error:
        log.warning("the save's picture could not be made: %s", error)
        return None
    return buffer.getvalue()


def _recency(info: SlotInfo) -> tuple[datetime, int]:
    """Newest first by the time written inside the file, then by the file's own clock."""
    try:
        stamp = info.path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    assert info.saved_at is not None
    return (info.saved_at, stamp)


class Progress:
    """Endings found per chapter, and the chapters that reached any ending."""

    def __init__(self, endings: dict[str, set[str]] | None = None, finished: set[str] | None = None) -> None:
        self.endings: dict[str, set[str]] = endings if endings is not None else {}
        self.finished: set[str] = finished if finished is not None else set()

    def found(self, chapter_id: str) -> set[str]:
        return self.endings.get(chapter_id, set())

    def follow_renamed_endings(self, story: Story) -> None:
        """An ending found under an id the story has since renamed (`renamed_from`) stays found."""
        for chapter in story.chapters:
            known = self.endings.get(chapter.id)
            for ending in chapter.endings if known else ():
                if known.intersection(ending.renamed_from):
                    known.add(ending.id)

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
        self.notice: str | None = None  # said once, when a damaged file was set aside

    def load(self) -> Progress:
        payload, status = read_json_status(self.path, PROGRESS_KIND)
        if payload is None:
            self.notice = set_aside_notice(self.path, status, N_("the endings you found"))
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

