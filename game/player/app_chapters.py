"""The App's chapter flow: starting, continuing, loading and leaving a chapter, and each move in play.

A part of the App (game/player/app.py), kept in its own file so the App itself is the window, the
loop, the screen stack and message dispatch. It reads the App's screens, host, story, settings,
saves and session, and acts through its toasts and sounds.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Sequence

from game.core.i18n.interface import _
from game.player.persist.saves import SlotInfo, autosave_slot
from game.player.screens.base import Screen
from game.player.screens.confirm import confirm
from game.player.screens.menus import ChapterSelectScreen, ContentNoteScreen, TitleScreen
from game.player.screens.play import PlayScreen
from game.player.session import PlaySession, record_ending

if TYPE_CHECKING:
    import pygame

    from game.core.runtime import Runtime

log = logging.getLogger(__name__)


class ChapterFlow:
    """What the App does to begin, resume, play and leave a chapter (mixed into App)."""

    # -- moves in play ------------------------------------------------------------------------
    def _move(self, move: Any, sound: str, refused: str | None, *, reveal: bool = True,
              refused_notice: str = "") -> None:
        """A move in play: the session takes it (and counts an ending), the screen shows it, then the autosave."""
        session, play = self.session, self.play_screen
        if session is None or play is None:
            return
        if not move(session):
            if refused is not None:
                self.effect(refused)
            if refused_notice:
                self.toast(refused_notice)
            return
        self.effect(sound)
        play.refresh(reveal=reveal)
        self.autosave_due = True  # written once the frame that shows the move is on screen
        self.look_ahead_due = True
        self._say_story_warnings(session)

    def _say_story_warnings(self, session: PlaySession) -> None:
        """A story's runtime warnings go to the log, and to the screen while an author is at work (live reload)."""
        for warning in session.new_warnings():
            log.warning("story: %s", warning)
            if self.loader.watch:
                self.toast(_("Story warning (shown to authors): {warning}").format(warning=warning))

    # -- leaving play ---------------------------------------------------------------------------
    def go_to_title(self) -> None:
        self._leave_play([TitleScreen(self.host)])

    def go_to_chapters(self) -> None:
        self._leave_play([TitleScreen(self.host), ChapterSelectScreen(self.host)])

    def _leave_play(self, screens: list[Screen]) -> None:
        self.autosave()
        self.session = None
        self.set_ambience(None)
        self.screens.reset(screens)

    # -- playing --------------------------------------------------------------------------------
    @property
    def play_screen(self) -> PlayScreen | None:
        screen = self.screens.find(PlayScreen.kind)
        return screen if isinstance(screen, PlayScreen) else None

    def start_chapter(self, chapter_id: str) -> None:
        """Begin a chapter, after the content note the first time."""
        self._after_content_note(lambda: self._begin_chapter(chapter_id))

    def _after_content_note(self, then: Any) -> None:
        """Run `then` at once, or after the content note when it has not been seen yet (and only if the player goes on)."""
        if self.story is None:
            return
        if self.settings.content_note_seen or "content_note" not in self.story.pages:
            then()
            return

        def after_note(proceed: Any) -> None:
            if proceed:
                then()

        self.screens.push(ContentNoteScreen(self.host), after_note)

    def _begin_chapter(self, chapter_id: str) -> None:
        from game.core.runtime import Runtime

        assert self.story is not None
        try:
            runtime = Runtime(self.story, chapter_id)
        except (KeyError, ValueError) as error:
            self.toast(_("That chapter cannot start: {error}").format(error=error))
            return
        self.show_play(runtime)
        self.autosave()

    def show_play(self, runtime: "Runtime", warnings: Sequence[str] = (), *, revealed: bool = False) -> None:
        """Play `runtime`: a new session, and the play screen over the title."""
        session = PlaySession(runtime, saves=self.save_index, writer=self.writer, progress=self.progress,
                              progress_store=self.progress_store, thumbnail=self._play_thumbnail,
                              ambience=self.set_ambience, music=self.set_music, notify=self.toast_once)
        self.session = session
        self.look_ahead_due = True
        self.screens.reset([TitleScreen(self.host), PlayScreen(self.host, session, revealed=revealed)])
        for warning in warnings:
            self.toast(_("This save was made with an older story: {warning}.").format(warning=warning))
        self.dirty = True

    def load_slot(self, info: SlotInfo) -> bool:
        from game.core.runtime import Runtime, StateError

        if self.story is None or info.state is None:
            return False
        try:
            runtime, warnings = Runtime.from_state(self.story, info.state)
        except Exception as error:  # a save's contents are outside our control: say so, never crash
            reason = error if isinstance(error, StateError) else "its contents are damaged"
            self.toast(_("{slot} cannot be loaded: {reason}.").format(slot=info.label, reason=reason))
            self.effect("unavailable")
            return False
        self.show_play(runtime, warnings, revealed=True)
        return True

    def latest_save(self) -> SlotInfo | None:
        """What Continue resumes: the most recent save of a chapter in this story."""
        chapters = [chapter.id for chapter in self.story.chapters] if self.story is not None else None
        return self.save_index.latest(chapters)

    def continue_latest(self) -> bool:
        latest = self.latest_save()
        if latest is None:
            self.toast(_("There is no save to continue yet."))
            return False
        return self.load_slot(latest)

    def continue_chapter(self, chapter_id: str) -> bool:
        """Resume a chapter where its autosave left it."""
        info = self.save_index.read(autosave_slot(chapter_id))
        if info.status != "ok":
            self.toast(_("This chapter has no place to continue from; starting it from the beginning."))
            self.start_chapter(chapter_id)
            return False
        return self.load_slot(info)

    def restart_chapter(self, chapter_id: str) -> None:
        """Start a chapter from the beginning, asking first if that would replace the place kept in it."""
        info = self.save_index.read(autosave_slot(chapter_id))
        node = self.story.nodes.get(info.node_id) if self.story is not None else None
        if info.status != "ok" or self.story is None or (node is not None and node.ending is not None):
            self.start_chapter(chapter_id)  # nothing to lose: no place kept, or a run that reached its ending
            return
        title = self.story.chapter(chapter_id).title
        confirm(
            self.host,
            _("Start {chapter} again from the beginning? The place where you left off ({place}) "
              "will be replaced by the new start. Your nine save slots are not touched.").format(
                chapter=title, place=info.node_title),
            _("Start again"),
            lambda: self.start_chapter(chapter_id),
            no=_("Keep my place"),
        )

    def save_to(self, slot: str) -> SlotInfo | None:
        return self.session.save_to(slot) if self.session is not None else None

    def autosave(self) -> None:
        self.autosave_due = False
        if self.session is not None:
            self.session.autosave()

    def _play_thumbnail(self) -> "pygame.Surface | None":
        play = self.play_screen
        return self.thumbnail(play.settled()) if play is not None else None  # the scene at rest, the text whole

    def wait_for_saves(self) -> None:
        """Block until every save made so far is on disk (tests and tools that read the files)."""
        self.writer.wait()

    def record_ending(self, chapter_id: str, ending_id: str) -> None:
        record_ending(self.progress, self.progress_store, chapter_id, ending_id, self.toast)

