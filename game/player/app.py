"""The game's application: the window, the loop (input → update → draw), the screen stack and message dispatch.

Screens post messages up (game/player/messages.py) and the App acts on each in `post`; what follows
a move in play (ending found, ambience, autosave) is the PlaySession's (game/player/session.py).
Tests drive it headlessly with real pygame events and `step(dt)`; see game/player/pilot.py.
"""
from __future__ import annotations

import gc
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from game.core.i18n import interface
from game.core.i18n.apply import in_language
from game.core.i18n.catalogue import FOLDER, CatalogueError
from game.core.i18n.interface import _
from game.core.i18n.languages import LANGUAGES, SOURCE, system_language
from game.player import messages as m
from game.player.display import LOGICAL_SIZE, Canvas, Display
from game.player.events import Click, InputEvent, KeyPress, PointerMove, Wheel
from game.player.guard import guarded
from game.player.host import Host
from game.player.input.keymap import Chord, Keymap
from game.player.reload import StoryLoader, describe_findings
from game.player.saves import (THUMBNAIL_SIZE, Progress, ProgressStore, SaveIndex, SaveStore, SaveWriter, SlotInfo,
                               autosave_slot)
from game.player.screens.base import Screen, ScreenStack
from game.player.screens.confirm import ConfirmScreen, confirm
from game.player.screens.keys import KeysScreen
from game.player.screens.menus import (ChapterSelectScreen, ContentNoteScreen, EndingsScreen, HistoryScreen,
                                       PageScreen, PauseScreen, ReloadErrorsScreen, TitleScreen)
from game.player.screens.play import PlayScreen
from game.player.screens.saveload import SaveLoadScreen
from game.player.screens.settings_screen import SettingsScreen
from game.player.session import PlaySession, record_ending
from game.player.settings import Settings, SettingsStore
from game.player.text import Typesetter
from game.player.theme import SMALL_SIZE, Theme, theme_for
from game.player.sound.starter import AudioStarter, NullAudio
from game.player.speech.narration import Narrator
from game.player.timing import BUSY_FPS, IDLE_WAIT_MS
from game.player.toasts import TOAST_SECONDS, Toast, advance_toasts, draw_toasts
from game.player.ui import HitTarget

if TYPE_CHECKING:
    import pygame

    from game.core.loader import LoadResult
    from game.core.model import Story
    from game.core.runtime import Runtime

log = logging.getLogger(__name__)

# The screens a message may open by name (OpenScreen), each made with the Host and the message's arguments.
SCREENS: dict[str, Any] = {
    "title": TitleScreen,
    "chapters": ChapterSelectScreen,
    "content_note": ContentNoteScreen,
    "page": PageScreen,
    "pause": PauseScreen,
    "endings": EndingsScreen,
    "history": HistoryScreen,
    "errors": ReloadErrorsScreen,
    "saveload": SaveLoadScreen,
    "settings": SettingsScreen,
    "keys": KeysScreen,
    "confirm": ConfirmScreen,
}


class App:
    """Curtain Light in a window. Create, then `run()`; or `step(dt)` frame by frame (tests)."""

    def __init__(
        self,
        story_dir: Path,
        data_dir: Path,
        *,
        loaded: "LoadResult | None" = None,
        window_size: tuple[int, int] | None = None,
        fullscreen: bool | None = None,
        audio: bool = True,
        watch: bool = True,
        start_chapter: str | None = None,
        start_node: str | None = None,
        set_values: Sequence[tuple[str, str]] = (),
        first_frame_exit: bool = False,
        lang: str | None = None,
        speech_log: Path | None = None,
    ) -> None:
        import pygame

        self._pygame = pygame
        self.story_dir = story_dir
        self.data_dir = data_dir
        self.first_frame_exit = first_frame_exit
        self.start_chapter_id = start_chapter
        self.start_node = start_node
        self.set_values = list(set_values)

        self.settings_store = SettingsStore(data_dir)
        self.settings: Settings = self.settings_store.load()
        self.keymap = Keymap(self.settings.keys)
        self.saves = SaveStore(data_dir)
        try:
            self.saves.migrate_legacy_autosave()
        except OSError as error:  # the old autosave stays where it is and is still listed under Load
            log.warning("the old autosave was not moved: %s", error)
        self.writer = SaveWriter(self.saves)  # saves are written on its thread, in order
        self.save_index = SaveIndex(self.saves, self.writer)  # what the views read: the disk is read once
        self.progress_store = ProgressStore(data_dir)
        self.progress: Progress = self.progress_store.load()

        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(350, 45)
        want_fullscreen = self.settings.fullscreen if fullscreen is None else fullscreen
        self.display = Display(want_fullscreen, window_size)
        self.typesetter = Typesetter()
        # The language: --lang, else the player's choice, else (the first launch) the system's, else English.
        self.languages = available_languages(story_dir)
        self.language = SOURCE
        self._use_language(lang or self.settings.language or system_language(set(self.languages)))
        self.source_story: Story | None = None  # the story as written; self.story is it in self.language
        # Sound starts after the first frame (see _after_first_frame): the window never waits for it.
        self.audio: Any = NullAudio()
        self.audio_wanted = audio
        self._audio_starter: AudioStarter | None = None
        self._ambience: str | None = None
        self._music: str | None = None
        self.voice = Narrator(speech_log)  # self-voicing: says what the top screen shows, when it is on

        self.screens = ScreenStack()
        self.host = Host(self, self.post)
        self.session: PlaySession | None = None
        self.story: Story | None = None
        self.load_errors: list[str] = []
        self.startup_errors: list[str] = []
        self.toasts: list[Toast] = []
        for notice in (self.settings_store.notice, self.progress_store.notice):
            if notice:  # a damaged file was set aside at start: said once, and the file is kept
                self.toasts.append(Toast(notice, TOAST_SECONDS))
        self.running = True
        self.exit_code = 0
        self.frames = 0
        self.dirty = True
        self.clock = pygame.time.Clock()
        self.loader = StoryLoader(story_dir, watch=watch)

        self.screens.push(TitleScreen(self.host))
        self._story_pending = loaded is None
        if loaded is not None:
            self.loader.accept_current_files()
            self._accept_story(loaded, startup=True)

    # -- the loop -------------------------------------------------------------------------------
    @property
    def theme(self) -> Theme:
        return theme_for(self.settings.high_contrast)

    @property
    def top(self) -> Screen | None:
        return self.screens.top

    def step(self, dt: float = 1 / 60, events: Sequence["pygame.event.Event"] | None = None) -> bool:
        """One frame: input, then update, then draw if anything changed. Returns whether the game runs on."""
        pygame = self._pygame
        if events is None:
            events = pygame.event.get()
        for event in events:
            self._dispatch(event)
            if not self.running:
                return False
        if self.frames >= 1:
            self._after_first_frame()
        for slot, reason in self.writer.failures():
            self.save_index.reread(slot)
            self.toast_once(_("The game could not be saved: {reason}").format(reason=reason))
        result = self.loader.poll(dt)
        if result is not None:
            self._accept_story(result, startup=self.story is None)
            if not self.running:
                return False
        top = self.top
        if top is not None and top.update(dt):
            self.dirty = True
        if advance_toasts(self.toasts, dt):
            self.dirty = True
        self.audio.update(dt)
        if self.dirty:
            notice = self.voice.follow(self.top, self.settings.self_voicing, self.language,
                                       [toast.text for toast in self.toasts])
            if notice:
                self.toast(notice)
            self.draw()
            pygame.display.flip()
            self.dirty = False
            self.frames += 1
            if self.first_frame_exit:
                self.running = False
        return self.running

    def _after_first_frame(self) -> None:
        """Work that waits until the window shows something: the story, then sound, each off the main thread."""
        if self._story_pending:
            self._story_pending = False
            self.loader.start()
        if self.audio_wanted and self._audio_starter is None and self.story is not None:
            self._audio_starter = AudioStarter()
        if self._audio_starter is not None and self.audio_wanted:
            engine = self._audio_starter.engine()
            if engine is not None:
                self.audio = engine
                self.audio_wanted = False
                self._apply_volumes()
                self.set_ambience(self._ambience)
                self.set_music(self._music)

    @property
    def starting(self) -> bool:
        return self._story_pending or self.audio_wanted or self.frames == 0

    def frame_rate(self) -> int:
        top = self.top
        if self.starting:
            return BUSY_FPS
        return top.frame_rate() if top is not None else 0

    def next_events(self) -> list:
        """Wait for the next frame's events: paced while anything moves, asleep until input otherwise."""
        pygame = self._pygame
        fps = self.frame_rate()
        if fps > 0 or self.dirty or self.loader.loading:
            self.clock.tick(fps or BUSY_FPS)
            return pygame.event.get()
        first = pygame.event.wait(IDLE_WAIT_MS)
        events = [first] if first.type != pygame.NOEVENT else []
        events.extend(pygame.event.get())
        return events

    def run(self, max_frames: int | None = None) -> int:
        """The real loop: 60 fps while something moves, and asleep (waiting for input) when nothing does."""
        steps = 0
        last = time.perf_counter()
        try:
            while self.running and (max_frames is None or steps < max_frames):
                events = self.next_events()
                now = time.perf_counter()
                dt, last = min(now - last, 0.25), now
                self.step(dt, events)
                steps += 1
        finally:
            self.shutdown()
        return self.exit_code

    def shutdown(self) -> None:
        """Wait for the saves still being written, then close the sound and the window."""
        self.writer.close()
        self.audio.shutdown()
        self.voice.close()
        self._pygame.display.quit()
        gc.unfreeze()  # what start-up froze can be collected again (tests make many apps in one process)

    # -- input ----------------------------------------------------------------------------------
    def _dispatch(self, event: "pygame.event.Event") -> None:
        pygame = self._pygame
        kind = event.type
        if kind == pygame.QUIT:
            self.quit()
            return
        if kind == pygame.VIDEORESIZE:
            self.display.handle_resize(event.w, event.h)
            self.dirty = True
            return
        if kind in (pygame.WINDOWEXPOSED, pygame.WINDOWSIZECHANGED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            self.display.refresh_surface()
            self.dirty = True
            return
        typed = self._typed(event)
        if typed is None:
            return
        top = self.top
        capturing = top is not None and top.captures_keys
        if isinstance(typed, KeyPress) and not capturing and self._global_key(typed):
            self.dirty = True
            return
        if top is not None and top.handle(typed):
            self.dirty = True

    def _typed(self, event: "pygame.event.Event") -> InputEvent | None:
        pygame = self._pygame
        kind = event.type
        if kind == pygame.KEYDOWN:
            mod = getattr(event, "mod", 0)
            held = [name for name, mask in (("shift", pygame.KMOD_SHIFT), ("ctrl", pygame.KMOD_CTRL | pygame.KMOD_META),
                                            ("alt", pygame.KMOD_ALT)) if mod & mask]
            name = pygame.key.name(event.key)
            return KeyPress(str(Chord(name, frozenset(held))), self.keymap.actions(name, held),
                            getattr(event, "unicode", ""))
        if kind == pygame.MOUSEMOTION:
            return PointerMove(*self.display.viewport.to_logical(event.pos))
        if kind == pygame.MOUSEBUTTONDOWN and event.button in (1, 2, 3):
            return Click(*self.display.viewport.to_logical(event.pos), button=event.button)
        if kind == pygame.MOUSEWHEEL:
            x, y = self.display.viewport.to_logical(pygame.mouse.get_pos())
            return Wheel(float(event.y), x, y)
        return None

    def _global_key(self, event: KeyPress) -> bool:
        """Actions that work on every screen: full screen, reload the story, help."""
        if event.means("fullscreen"):
            self.toggle_fullscreen()
            return True
        if event.means("reload"):
            self.reload_story()
            return True
        if event.means("help"):
            self.open_page("help")
            return True
        if event.means("voice"):
            self.change_settings(self_voicing=not self.settings.self_voicing)
            return True
        if event.means("silence") and self.settings.self_voicing:
            self.voice.silence()
            return True
        if event.means("repeat") and self.settings.self_voicing:
            self.voice.repeat(self.language)
            return True
        return False

    def targets(self) -> list[HitTarget]:
        top = self.top
        return top.targets() if top is not None else []

    # -- drawing --------------------------------------------------------------------------------
    def draw(self) -> None:
        self.display.refresh_surface()
        surface = self.display.surface
        view = self.display.viewport
        if view.size != view.window_size:
            surface.fill(self.theme.backdrop)  # the letterbox bars
        canvas = self.display.canvas(self.typesetter, self.theme)
        self.draw_screens(canvas, self.screens.visible())

    def draw_screens(self, canvas: Canvas, screens: Sequence[Screen]) -> None:
        for screen in screens:
            screen.draw(canvas)
        draw_toasts(canvas, self.toasts, self.typesetter, SMALL_SIZE * self.settings.font_scale)

    def render_offscreen(self, screens: Sequence[Screen], size: tuple[int, int] = LOGICAL_SIZE) -> "pygame.Surface":
        """Draw screens into a new surface of any size (thumbnails, the screenshot command)."""
        pygame = self._pygame
        from game.player.display import Viewport

        target = pygame.Surface(size)
        target.fill(self.theme.backdrop)
        view = Viewport(*size)
        area = target.subsurface((view.left, view.top, *view.size))
        canvas = Canvas(area, view.scale, self.typesetter, self.theme)
        for screen in screens:
            screen.draw(canvas)
        return target

    def thumbnail(self, screen: Screen) -> "pygame.Surface | None":
        """The screen, small, for a save (encoded as PNG on the save writer's thread)."""
        pygame = self._pygame
        try:
            return pygame.transform.smoothscale(self.render_offscreen([screen]), THUMBNAIL_SIZE)
        except (pygame.error, ValueError) as error:
            log.warning("no picture for the save: %s", error)
            return None

    def toast(self, text: str) -> None:
        """A short notice at the bottom left (it fades after a few seconds; nothing depends on reading it in time)."""
        self.toasts.append(Toast(text, TOAST_SECONDS))
        self.dirty = True

    def toast_once(self, text: str) -> None:
        """A notice that is not repeated while it is still on screen (a save failing after every choice)."""
        if not any(toast.text == text for toast in self.toasts):
            self.toast(text)

    # -- messages from the screens ------------------------------------------------------------
    def post(self, message: m.Message) -> None:
        """Act on a screen's message at once (within the same frame), then redraw."""
        match message:
            case m.PlaySound(name):
                self.effect(name)
            case m.PlayMusic(name):
                self.set_music(name)
            case m.OpenScreen(name, args, on_dismiss):
                if name == "saveload":
                    self.save_index.refresh()  # the slot list reads the folder as it opens, never while it is built
                self.screens.push(SCREENS[name](self.host, *args), on_dismiss)
            case m.OpenPage(key):
                self.open_page(key)
            case m.Dismiss(screen, result):
                self.screens.pop(screen, result)
            case m.ChangeSettings(changes):
                self.change_settings(**changes)
            case m.Notify(text):
                self.toast(text)
            case m.StartChapter(chapter_id):
                self.start_chapter(chapter_id)
            case m.ContinueChapter(chapter_id):
                self.continue_chapter(chapter_id)
            case m.RestartChapter(chapter_id):
                self.restart_chapter(chapter_id)
            case m.ContinueLatest():
                self.continue_latest()
            case m.LoadSlot(info):
                self.load_slot(info)
            case m.SaveToSlot(slot, on_saved):
                saved = self.save_to(slot)
                if saved is not None and on_saved is not None:
                    on_saved(saved)
            case m.Choose(index):
                self._move(lambda session: session.choose(index), "confirm", "unavailable")
            case m.Advance():
                self._move(lambda session: session.advance(), "page", None)
            case m.Undo():
                self._move(lambda session: session.undo(), "page", "unavailable", reveal=False,
                           refused_notice=_("There is nothing to undo yet."))
            case m.GoToTitle():
                self.go_to_title()
            case m.GoToChapters():
                self.go_to_chapters()
            case m.Quit():
                self.quit()
            case _:
                raise TypeError(f"no handler for {message!r}")
        self.dirty = True

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
        session.autosave()
        self._say_story_warnings(session)

    def _say_story_warnings(self, session: PlaySession) -> None:
        """A story's runtime warnings go to the log, and to the screen while an author is at work (live reload)."""
        for warning in session.new_warnings():
            log.warning("story: %s", warning)
            if self.loader.watch:
                self.toast(_("Story warning (shown to authors): {warning}").format(warning=warning))

    # -- sound ----------------------------------------------------------------------------------
    def effect(self, name: str) -> None:
        with guarded(f"the sound effect {name!r}"):
            self.audio.play_effect(name)

    def set_ambience(self, name: str | None) -> None:
        self._ambience = name
        with guarded(f"the ambience {name!r}"):
            self.audio.set_ambience(None if name in (None, "none") else name)

    def set_music(self, name: str | None) -> None:
        """The motif while the title or an ending is shown, None elsewhere (it fades out)."""
        self._music = name
        with guarded(f"the music {name!r}"):
            self.audio.set_music(name)

    def _apply_volumes(self) -> None:
        settings = self.settings
        with guarded("setting the volumes"):
            self.audio.set_volumes(settings.master_volume, settings.ambience_volume, settings.effects_volume,
                                   settings.music_volume)
            self.audio.set_mono(settings.mono_audio)

    # -- settings -------------------------------------------------------------------------------
    def change_settings(self, **changes: Any) -> None:
        before = self.settings
        self.settings = before.with_changes(**changes)
        try:
            self.settings_store.save(self.settings)
        except OSError as error:
            self.toast(_("Settings could not be saved: {error}").format(error=error))
        if self.settings.keys != before.keys:
            self.keymap = Keymap(self.settings.keys)
        if self.settings.language and self.settings.language != self.language:
            self._change_language(self.settings.language)
        if self.settings.fullscreen != self.display.fullscreen:
            self.display.set_fullscreen(self.settings.fullscreen)
        self._apply_volumes()
        for screen in list(self.screens.screens):
            screen.on_settings_changed()
        self.dirty = True

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

    def toggle_fullscreen(self) -> None:
        self.change_settings(fullscreen=not self.display.fullscreen)

    # -- pages and menus ------------------------------------------------------------------------
    def open_page(self, key: str) -> None:
        if self.story is None:
            self.toast(_("The story is still loading."))
            return
        top = self.top
        if isinstance(top, PageScreen) and top.page_key == key:
            return
        self.screens.push(PageScreen(self.host, key))

    def go_to_title(self) -> None:
        self._leave_play([TitleScreen(self.host)])

    def go_to_chapters(self) -> None:
        self._leave_play([TitleScreen(self.host), ChapterSelectScreen(self.host)])

    def _leave_play(self, screens: list[Screen]) -> None:
        self.autosave()
        self.session = None
        self.set_ambience(None)
        self.screens.reset(screens)

    def quit(self) -> None:
        """Leave without asking: the autosave is written first, so nothing is lost."""
        self.autosave()
        self.running = False

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
        if self.session is not None:
            self.session.autosave()

    def _play_thumbnail(self) -> "pygame.Surface | None":
        play = self.play_screen
        return self.thumbnail(play) if play is not None else None

    def wait_for_saves(self) -> None:
        """Block until every save made so far is on disk (tests and tools that read the files)."""
        self.writer.wait()

    def record_ending(self, chapter_id: str, ending_id: str) -> None:
        record_ending(self.progress, self.progress_store, chapter_id, ending_id, self.toast)

    # -- the story and live reload --------------------------------------------------------------
    def reload_story(self) -> None:
        self.toast(_("Reloading the story…"))
        self.loader.start()

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
            # a garbage collection never lands in the middle of a frame scanning them.
            gc.collect()
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


def available_languages(story_dir: Path) -> list[str]:
    """English, then each language the game can set that the story (translations/LANG.po) or the interface
    (game/locale/LANG.po) has a catalogue for; a story without one reads in English under a translated interface."""
    catalogues = [*(story_dir / FOLDER).glob("*.po"), *interface.LOCALE_DIR.glob("*.po")]
    found = sorted({path.stem for path in catalogues if path.stem in LANGUAGES and path.stem != SOURCE})
    return [SOURCE, *found]
