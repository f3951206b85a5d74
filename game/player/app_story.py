"""The App's story: accepting a loaded story, live reload, the --chapter start, and the language it reads in.

A part of the App (game/player/app.py), kept in its own file so the App itself is the window, the
loop, the screen stack and message dispatch.
"""
from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from game.core.i18n import interface
from game.core.i18n.apply import in_language
from game.core.i18n.catalogue import FOLDER, CatalogueError
from game.core.i18n.interface import _
from game.core.i18n.languages import LANGUAGES, SOURCE
from game.player.reload import describe_findings
from game.player.screens.menus import ReloadErrorsScreen

if TYPE_CHECKING:
    from game.core.loader import LoadResult
    from game.core.model import Story

log = logging.getLogger(__name__)


class LiveStory:
    """What the App does when a story arrives (at start or on reload) and when the language changes (mixed into App)."""

    # -- the story and live reload --------------------------------------------------------------
    def reload_story(self) -> None:
        self.loader.start()  # one toast, when it is done: "reloaded", or the errors

    def _accept_story(self, result: "LoadResult", *, startup: bool) -> None:
        if not result.ok:
            findings = describe_findings(result, self.story_dir)
            if startup and self.story is None:
                # Nothing good to fall back on: say what is wrong and stop (launch prints it).
                self.startup_errors = findings
                self.exit_code = 1
                self.running = False
                return
            self.load_errors = findings
            existing = self.screens.find(ReloadErrorsScreen.kind)
            if isinstance(existing, ReloadErrorsScreen):
                existing.rebuild()
            else:
                self.screens.push(ReloadErrorsScreen(self.host))
            self.dirty = True
            return
        first = self.story is None
        self.source_story = result.story
        self.story = self._in_language(result.story)
        self.progress.follow_renamed_endings(self.story)
        self.load_errors = []
        existing = self.screens.find(ReloadErrorsScreen.kind)
        if existing is not None:
            self.screens.pop(existing)
        self._move_session_to(self.story)
        for screen in list(self.screens.screens):
            screen.on_story_changed()
        if first:
            # The story and the interface are long-lived: keep them out of the collector's way, so
            # a garbage collection never lands in the middle of a frame scanning them. No full
            # collection first: the story is loaded with the collector paused and leaves no cycles
            # behind (a pass over a 100,000-node story found nothing in 1 s of the start).
            gc.freeze()
            self._start_requested_chapter()
        else:
            self.toast(_("The story was reloaded."))
        self.dirty = True

    def _start_requested_chapter(self) -> None:
        """--chapter (with --start and --set): go straight into play."""
        if self.start_chapter_id is None or self.story is None:
            return
        from game.core.runtime import start_at

        try:
            runtime = start_at(self.story, self.start_chapter_id, self.start_node, self.set_values)
        except ValueError as error:
            self.startup_errors = [str(error)]
            self.exit_code = 2
            self.running = False
            return
        self._after_content_note(lambda: self.show_play(runtime))

    def _move_session_to(self, story: "Story") -> None:
        """Live reload: the playthrough goes on, on the new story, at the same node if it still exists."""
        from game.core.runtime import Runtime, StateError

        session = self.session
        if session is None or session.runtime.story is story:
            return
        try:
            runtime, warnings = Runtime.from_state(story, session.runtime.to_state())
        except (StateError, KeyError, ValueError, TypeError) as error:
            self.toast(_("The reloaded story cannot continue this playthrough ({error}); carrying on with the old one.").format(
                error=error))
            return
        session.replace_runtime(runtime)
        for warning in warnings:
            self.toast(warning)


    # -- language -------------------------------------------------------------------------------
    def _use_language(self, code: str) -> None:
        self.language = code if code in self.languages else SOURCE
        interface.use_language(self.language)
        self.typesetter.set_language(self.language)

    def _in_language(self, story: "Story") -> "Story":
        """The story as it reads in the current language; a catalogue that cannot be read leaves it as written."""
        try:
            return in_language(story, self.language)
        except CatalogueError as error:
            log.warning("the story cannot be read in %s: %s", self.language, error)
            self.toast(str(error))
            return story

    def _change_language(self, code: str) -> None:
        """Read on in another language, live: the same place, the same state, the words and fonts of `code`."""
        self._use_language(code)
        if self.source_story is not None:
            self.story = self._in_language(self.source_story)
            self._move_session_to(self.story)
            for screen in list(self.screens.screens):
                screen.on_story_changed()



def available_languages(story_dir: Path) -> list[str]:
    """English, then each language the game can set that the story (translations/LANG.po) or the interface
    (game/locale/LANG.po) has a catalogue for; a story without one reads in English under a translated interface."""
    catalogues = [*(story_dir / FOLDER).glob("*.po"), *interface.LOCALE_DIR.glob("*.po")]
    found = sorted({path.stem for path in catalogues if path.stem in LANGUAGES and path.stem != SOURCE})
    return [SOURCE, *found]
