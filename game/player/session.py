"""One playthrough: its Runtime, and everything that follows a move (ending found, ambience asked for, autosave).

The App makes a PlaySession when a chapter starts or a save is loaded, and hands it every move a
screen posts (choose, advance, undo). What the play screen shows it reads from `runtime`.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from game.player.persist.saves import SlotInfo, autosave_slot
from game.player.sound.plans import MOTIF

if TYPE_CHECKING:
    import pygame

    from game.core.runtime import Runtime
    from game.player.persist.saves import Progress, ProgressStore, SaveIndex, SaveWriter

log = logging.getLogger(__name__)


class PlaySession:
    """The Runtime of one chapter being played, with its autosave, progress and ambience."""

    def __init__(self, runtime: "Runtime", *, saves: "SaveIndex", writer: "SaveWriter", progress: "Progress",
                 progress_store: "ProgressStore", thumbnail: "Callable[[], pygame.Surface | None]",
                 ambience: Callable[[str | None], None], music: Callable[[str | None], None],
                 notify: Callable[[str], None]) -> None:
        self.runtime = runtime
        self._saves = saves
        self._writer = writer
        self._progress = progress
        self._progress_store = progress_store
        self._thumbnail = thumbnail  # the play screen as it is now, small
        self._ambience = ambience
        self._music = music
        self._notify = notify
        self._warned = len(runtime.warnings)  # a loaded save's warnings are said by whoever loaded it
        self.arrived()

    @property
    def chapter_id(self) -> str:
        return self.runtime.chapter.id

    # -- moves ----------------------------------------------------------------------------------
    def choose(self, index: int) -> bool:
        """Take a choice; False (and nothing changes) when it cannot be taken."""
        try:
            self.runtime.choose(index)
        except ValueError:
            return False
        self.arrived()
        return True

    def advance(self) -> bool:
        try:
            self.runtime.advance()
        except ValueError:
            return False
        self.arrived()
        return True

    def undo(self) -> bool:
        if not self.runtime.can_undo:
            return False
        self.runtime.undo()
        self.arrived()
        return True

    def replace_runtime(self, runtime: "Runtime") -> None:
        """The story was reloaded: the same playthrough goes on, on the new story."""
        self.runtime = runtime
        self._warned = len(runtime.warnings)
        self.arrived()

    def new_warnings(self) -> list[str]:
        """What the runtime warned about since the last call (an effect it could not apply, a bad jump)."""
        warnings = self.runtime.warnings
        self._warned = min(self._warned, len(warnings))
        fresh, self._warned = warnings[self._warned:], len(warnings)
        return fresh

    def arrived(self) -> None:
        """At a node, before it is shown: ask for its ambience (and the motif at an ending); count an ending reached."""
        from game.core.runtime import Mode

        runtime = self.runtime
        self._ambience(runtime.ambience)
        self._music(None if runtime.mode in (Mode.CHOICE, Mode.CONTINUE) else MOTIF)
        ending = runtime.ending
        if ending is not None:
            record_ending(self._progress, self._progress_store, runtime.chapter.id, ending.id, self._notify)

    def endings_found(self) -> tuple[int, int]:
        """How many of this chapter's endings have been found, and how many it has."""
        chapter = self.runtime.chapter
        ids = {item.id for item in chapter.endings}
        return len(self._progress.found(chapter.id) & ids), len(ids)

    # -- saving ---------------------------------------------------------------------------------
    def autosave(self) -> "SlotInfo | None":
        """Each chapter has its own autosave, so playing one never replaces the place kept in another."""
        return self.save_to(autosave_slot(self.chapter_id))

    def save_to(self, slot: str) -> SlotInfo:
        """Save now: a copy of the state goes to the writer's thread, and the index has the save at once."""
        runtime = self.runtime
        state = runtime.to_state()  # a copy: the game plays on while it is written
        about = {"chapter_id": runtime.chapter.id, "chapter_title": runtime.chapter.title,
                 "node_id": runtime.node_id, "node_title": runtime.story.node_title(runtime.node_id)}
        saved_at = datetime.now().astimezone()
        info = SlotInfo(slot, self._saves.store.path_for(slot), "ok", saved_at=saved_at, state=state, **about)
        self._saves.record(info)
        self._writer.submit(slot, state, {**about, "saved_at": saved_at}, self._thumbnail())
        return info


def record_ending(progress: "Progress", store: "ProgressStore", chapter_id: str, ending_id: str,
                  notify: Callable[[str], None]) -> None:
    """Count an ending as found, writing the progress file only when that is news."""
    if progress.record_ending(chapter_id, ending_id):
        try:
            store.save(progress)
        except OSError as error:
            log.warning("progress not saved: %s", error)
            notify(f"Progress could not be saved: {error}")
