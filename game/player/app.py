"""The game's application: the window, the loop (input → update → draw), the screen stack and message dispatch.

Screens post messages up (game/player/messages.py) and the App acts on each in `post`; what follows
a move in play (ending found, ambience, autosave) is the PlaySession's (game/player/session.py).
The chapter flow is in app_chapters.py, and the story's arrival, live reload and language in app_story.py.
Tests drive it headlessly with real pygame events and `step(dt)`; see game/player/pilot.py.
"""
from __future__ import annotations

import gc
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from game.core.i18n import interface
from game.core.i18n.interface import _
from game.core.i18n.languages import SOURCE, system_language
from game.player import messages as m
from game.player.allocator import give_back_freed_memory, return_freed_memory_to_the_system
from game.player.app_chapters import ChapterFlow
from game.player.app_story import LiveStory, available_languages
from game.player.display.window import LOGICAL_SIZE, Canvas, Display, Viewport
from game.player.input.events import Click, InputEvent, KeyPress, PointerMove, Wheel
from game.player.guard import guarded
from game.player.host import Host
from game.player.input.keymap import Chord, Keymap
from game.player.reload import StoryLoader
from game.player.display.scene_ahead import ScenesAhead
from game.player.persist.saves import THUMBNAIL_SIZE, Progress, ProgressStore, SaveIndex, SaveStore, SaveWriter
from game.player.screens.base import Screen, ScreenStack
from game.player.screens.confirm import ConfirmScreen, confirm
from game.player.screens.keys import KeysScreen
from game.player.screens.menus import (ChapterSelectScreen, ContentNoteScreen, EndingsScreen, HistoryScreen,
                                       PageScreen, PauseScreen, ReloadErrorsScreen, TitleScreen)
from game.player.screens.saveload import SaveLoadScreen
from game.player.screens.settings_screen import SettingsScreen
from game.player.session import PlaySession
from game.player.persist.settings import Settings, SettingsStore
from game.player.display.text import Typesetter
from game.player.display.theme import SMALL_SIZE, Theme, theme_for
from game.player.sound.starter import AudioStarter, NullAudio
from game.player.speech.narration import Narrator
from game.player.display.timing import BUSY_FPS, IDLE_WAIT_MS
from game.player.display.waiting import InputWaiter
from game.player.ui.toasts import TOAST_SECONDS, Toast, advance_toasts, draw_toasts
from game.player.ui.document import HitTarget

if TYPE_CHECKING:
    import pygame

    from game.core.loader import LoadResult
    from game.core.model import Story

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


class App(ChapterFlow, LiveStory):
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
        author: bool = False,
        speech_log: Path | None = None,
    ) -> None:
        import pygame

        return_freed_memory_to_the_system()
        self._pygame = pygame
        self.story_dir = story_dir
        self.data_dir = data_dir
        self.first_frame_exit = first_frame_exit
        self.start_chapter_id = start_chapter
        self.start_node = start_node
        self.set_values = list(set_values)
        self.author = author  # F5 reloads the story only for authors (players press it to quick-save)
        self._keys_down: dict[int, float] = {}  # key -> when it went down: a second KEYDOWN while held is a repeat

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
        self.typesetter.set_style(self.settings.font, self.settings.line_spacing)
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
        self.frames = 0  # frames drawn, whole or in part
        self.partial_frames = 0  # of those, the ones that drew and sent only the moving parts
        self.dirty = True  # the whole window is drawn again on the next step
        self.moved: list[pygame.Rect] = []  # else only these logical rectangles (a scene moving by itself)
        self._waiter = InputWaiter(pygame)
        self._shown_last: tuple | None = None  # the screens, notices and window of the last whole frame drawn
        self._holds_last = False  # the window's surface held that frame when this one was drawn
        self._last_wake = time.perf_counter()  # when the loop last woke for a frame (it paces the next)
        self.loader = StoryLoader(story_dir, watch=watch)
        self.scenes_ahead = ScenesAhead(after_painting=give_back_freed_memory)
        # Work that follows a move but need not stand between its key and the frame that shows it:
        # done right after that frame (the autosave), or once nothing fades or reveals (painting ahead).
        self.autosave_due = False
        self.look_ahead_due = False

        self.screens.push(TitleScreen(self.host))
        self._story_pending = loaded is None
        if loaded is not None:
            self.loader.accept_current_files()
            self._accept_story(loaded, startup=True)

    # -- the loop -------------------------------------------------------------------------------
    @property
    def theme(self) -> Theme:
        return theme_for(self.settings.high_contrast, self.settings.panel_opacity)

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
        if self.typesetter.follow_scale(self.display.viewport.scale):
            self.dirty = True  # text is measured as drawn: each screen lays its text out again in update
        top = self.top
        if top is not None and top.update(dt):
            if top.changed_area is None:
                self.dirty = True
            else:
                self.moved.extend(top.changed_area)
        if advance_toasts(self.toasts, dt):
            self.dirty = True
        self.audio.update(dt)
        if self.dirty:
            notice = self.voice.follow(self.top, self.settings.self_voicing, self.language,
                                       [toast.text for toast in self.toasts])
            if notice:
                self.toast(notice)
            self.draw()
            top = self.screens.visible()
            kept = self._holds_last and len(top) == 1
            self.display.present(top[0].drawn_area if kept else None, top[0].drawn_pixels)
            self.dirty = False
            self.moved.clear()
            self.frames += 1
            if self.first_frame_exit:
                self.running = False
        elif self.moved:
            self.draw_moved(self.moved)
            self.moved.clear()
            self.frames += 1
            self.partial_frames += 1
        self._after_the_frame()
        return self.running

    def _after_the_frame(self) -> None:
        """The autosave once the move is on screen; the next scenes painted once the screen is calm."""
        if self.autosave_due:
            self.autosave()
        session = self.session
        if self.look_ahead_due and session is not None and self.frame_rate() < BUSY_FPS:
            self.look_ahead_due = False
            settings = self.settings
            self.scenes_ahead.look_ahead(session.runtime, reduce_motion=settings.reduce_motion,
                                         high_contrast=settings.high_contrast)

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
        """Wait for input until the next frame is due (asleep until input when nothing moves).

        A key is answered as soon as it comes, never held back until the next frame of an animation:
        the wait ends on the first event, and moving pictures still advance only at their own rate.
        """
        fps = self.frame_rate()
        if fps > 0 or self.dirty or self.loader.loading:
            now = time.perf_counter()
            due = self._last_wake + 1.0 / (fps or BUSY_FPS)
            wait_ms = int((due - now) * 1000)
            events = self._waiter.wait(wait_ms)
            if not events or time.perf_counter() >= due:
                self._last_wake = max(due, time.perf_counter() - 1.0 / (fps or BUSY_FPS))
            return events
        events = self._waiter.wait(IDLE_WAIT_MS)
        self._last_wake = time.perf_counter()
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
        self.scenes_ahead.close()
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
            self._shown_last = None
            return
        if kind in (pygame.WINDOWEXPOSED, pygame.WINDOWSIZECHANGED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            self.display.refresh_surface()
            self.dirty = True
            self._shown_last = None  # the window's pixels may be gone: the next frame is sent whole
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
        if kind == pygame.KEYUP:
            self._keys_down.pop(event.key, None)
            return None
        if kind == pygame.WINDOWFOCUSLOST:
            self._keys_down.clear()  # its key-ups go to another window
            return None
        if kind == pygame.KEYDOWN:
            mod = getattr(event, "mod", 0)
            held = [name for name, mask in (("shift", pygame.KMOD_SHIFT), ("ctrl", pygame.KMOD_CTRL | pygame.KMOD_META),
                                            ("alt", pygame.KMOD_ALT)) if mod & mask]
            name = pygame.key.name(event.key)
            began = self._keys_down.get(event.key)
            repeat = began is not None
            if began is None:
                began = self._keys_down[event.key] = time.monotonic()
            actions = self.keymap.actions(name, held, repeat=repeat)
            if repeat and not actions:
                return None  # a held key repeats moving and scrolling only
            return KeyPress(str(Chord(name, frozenset(held))), actions, getattr(event, "unicode", ""), repeat, began)
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
            if self.author:
                self.reload_story()
            return True  # for a player F5 does nothing at all
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
        """The whole frame, into the window's surface (sent by the caller: see Display.present).

        The surface keeps the frame drawn last; when that frame was of the same screens, with no
        notice over them, on the same window, they may leave what did not change as it is (and only
        what changed is sent: Screen.drawn_area).
        """
        self.display.refresh_surface()
        surface = self.display.surface
        view = self.display.viewport
        screens = self.screens.visible()
        shown = self._shown_now(screens)
        self._holds_last, self._shown_last = shown == self._shown_last and not self.toasts, shown
        if view.size != view.window_size and not self._holds_last:
            surface.fill(self.theme.backdrop)  # the letterbox bars
        canvas = self.display.canvas(self.typesetter, self.theme)
        canvas.holds_last = self._holds_last
        self.draw_screens(canvas, screens)

    def _shown_now(self, screens: Sequence[Screen]) -> tuple:
        """What a frame drawn now shows: these screens, toasts or none, on this window, in this theme."""
        return (tuple(id(screen) for screen in screens), bool(self.toasts), self.display.opened, self.theme)

    def draw_moved(self, moved: Sequence["pygame.Rect"]) -> None:
        """Draw only the rectangles that moved and send just those to the window (not the whole frame)."""
        self.display.refresh_surface()
        view = self.display.viewport
        canvas = self.display.canvas(self.typesetter, self.theme)
        screens = self.screens.visible()
        if len(screens) == 1 and not self.toasts and self._shown_last == self._shown_now(screens):
            canvas.holds_last = True  # the frame drawn last, of this screen alone: it may draw only what it changed
            changed = screens[0].draw_motion(canvas)
            if changed is not None:
                if changed:
                    self.display.send(changed)
                return
            canvas.holds_last = False  # the moved parts are drawn again whole, as on a canvas holding nothing
        bounds = canvas.surface.get_rect()
        areas: list[pygame.Rect] = []
        for rect in moved:  # in window pixels, a pixel wider all round for the rounding of a scaled window
            area = canvas.rect(tuple(rect)).inflate(2, 2).clip(bounds)
            if area.width > 0 and area.height > 0 and not any(area.colliderect(other) for other in areas):
                areas.append(area)
            elif area.width > 0 and area.height > 0:  # overlapping parts are drawn once, as their union
                overlapping = [other for other in areas if area.colliderect(other)]
                areas = [other for other in areas if other not in overlapping] + [area.unionall(overlapping)]
        for area in areas:
            canvas.redraw_only(area)
            self.draw_screens(canvas, screens)
        canvas.redraw_only(None)
        self._pygame.display.update([area.move(view.left, view.top) for area in areas])

    def draw_screens(self, canvas: Canvas, screens: Sequence[Screen]) -> None:
        for screen in screens:
            screen.draw(canvas)
        draw_toasts(canvas, self.toasts, self.typesetter, SMALL_SIZE * self.settings.font_scale)

    def render_offscreen(self, screens: Sequence[Screen], size: tuple[int, int] = LOGICAL_SIZE,
                         target: "pygame.Surface | None" = None) -> "pygame.Surface":
        """Draw screens into a new surface of any size, or into `target` (thumbnails, the screenshot command)."""
        pygame = self._pygame
        if target is None or target.get_size() != size:
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
            # Drawn at logical size in a buffer let go once the small picture is made: a full-size
            # surface kept between moves would stand in the memory of every moment of play, while
            # one made for each save costs a millisecond after the frame that shows the move.
            return pygame.transform.smoothscale(self.render_offscreen([screen]), THUMBNAIL_SIZE)
        except (pygame.error, ValueError) as error:
            log.warning("no picture for the save: %s", error)
            return None

    def toast(self, text: str) -> None:
        """A short notice over the text panel (it fades after a few seconds; nothing depends on reading it in time)."""
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
        self.typesetter.set_style(self.settings.font, self.settings.line_spacing)
        for screen in list(self.screens.screens):
            screen.on_settings_changed()
        self.dirty = True

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

    def quit(self) -> None:
        """Leave without asking: the autosave is written first, so nothing is lost."""
        self.autosave()
        self.running = False
