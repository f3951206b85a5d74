"""The menu screens: title, chapters, content note, pause, pages (help, credits), endings, history, errors."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from game import GAME_TITLE
from game.core.i18n.interface import N_, _
from game.player.display.window import Canvas
from game.player.input.events import KeyPress
from game.player.input.keymap import controls, display_name
from game.player.messages import (ChangeSettings, ContinueChapter, ContinueLatest, GoToTitle, OpenPage, OpenScreen,
                                  PlayMusic, PlaySound, Quit, RestartChapter, StartChapter, Undo)
from game.player.persist.saves import autosave_slot
from game.player.display.scene_layer import SceneLayer
from game.player.screens.base import DocumentScreen
from game.player.screens.play_layout import NOTE_SCALE_MOST, panel_for
from game.player.sound.plans import MOTIF
from game.player.display.theme import PROSE_SIZE, SMALL_SIZE, TITLE_SIZE, UI_SIZE
from game.player.display.timing import ANIMATED_FPS, BUSY_FPS
from game.player.ui.document import Block, Button, Control, Gap, Rule, TextBlock

if TYPE_CHECKING:
    from game.core.model import Story
    from game.player.host import Host


def _paragraphs(texts: list[str], *, role: str = "prose", size: float = PROSE_SIZE, gap: float = 14) -> list[Block]:
    return [TextBlock(text, role=role, size=size, gap_after=gap) for text in texts]


def _at_an_ending(story: "Story", node_id: str) -> bool:
    node = story.nodes.get(node_id)
    return node is not None and node.ending is not None


class TitleScreen(DocumentScreen):
    """The first screen: the title over its scene, and the main menu on the right."""

    kind = "title"
    opaque = True
    panel = panel_for(1.0).panel  # the play screen's panel; it widens with the text in the same way (see rebuild)
    fit_panel = False
    help_button = False  # "Help and support" is an item of the menu
    TAGLINE_TOP = 134.0

    def __init__(self, host: "Host") -> None:
        settings = host.settings
        # The scene is painted after the first frame (see update), so the window opens at once.
        self.scene = SceneLayer(reduce_motion=settings.reduce_motion, high_contrast=settings.high_contrast)
        super().__init__(host)

    def document_area(self) -> tuple[float, float, float, float]:
        """The menu from under the tagline (which grows with the text) to the window's foot."""
        typesetter, scale = self.host.typesetter, self.host.settings.font_scale
        tagline_height = len(self._tagline_lines()) * typesetter.line_height("italic", UI_SIZE * scale)
        top = self.TAGLINE_TOP + max(tagline_height, typesetter.line_height("italic", UI_SIZE)) + 18
        geometry = panel_for(scale)
        return (geometry.column_left + 4, top, geometry.column_width - 8, 720 - 12 - top)

    def full_panel(self) -> tuple[float, float, float, float]:
        """The menu where the play screen's text will be, as wide at this text size."""
        return panel_for(self.host.settings.font_scale).panel

    def rebuild(self) -> None:
        super().rebuild()
        x, y, width, height = self.doc.area
        if self.doc.content_height > height:  # it scrolls: room at the foot for its "– more below –"
            hint_room = self.host.typesetter.line_height("italic", SMALL_SIZE * self.host.settings.font_scale) + 8
            self.doc.area = (x, y, width, height - hint_room)
            self.doc.scroll = min(self.doc.scroll, self.doc.max_scroll)

    def _tagline_lines(self) -> tuple[str, ...]:
        story = self.host.story
        if story is None or not story.tagline:
            return ()
        scale = self.host.settings.font_scale
        return self.host.typesetter.wrap(story.tagline, "italic", UI_SIZE * scale, int(panel_for(scale).column_width) - 10)

    FOOTER_LEFT = 40.0

    def _footer_lines(self) -> tuple[str, ...]:
        """The key hint on one line; where the scene's strip left of the menu is too narrow for it (large
        text), a line for each key, each wrapped only if it must be."""
        typesetter, size = self.host.typesetter, self.footer_size()
        room = int(self.panel[0] - self.FOOTER_LEFT - 16)
        text = self.footer_text()
        if typesetter.width(text, "ui", size) <= room:
            return (text,)
        return tuple(line for part in re.split(r"\s{2,}|\u3000", text) if part
                     for line in typesetter.wrap(part.strip(), "ui", size, room))

    def footer_size(self) -> float:
        """The key hint grows with the text as the play screen's hints do: less, being a note."""
        return SMALL_SIZE * min(self.host.settings.font_scale, NOTE_SCALE_MOST)

    def _footer_top(self) -> float:
        """The key hint sits at the foot of the scene, left of the menu, so the menu has the panel's height."""
        size = self.footer_size()
        typesetter = self.host.typesetter
        above = (len(self._footer_lines()) - 1) * typesetter.line_height("ui", size)
        return 720 - 10 - typesetter.glyph_height("ui", size) - above

    def footer_text(self) -> str:
        """The two keys the title names, as the player has bound them."""
        keymap = self.host.keymap
        return _("{help}: help   {fullscreen}: full screen").format(
            help=display_name(keymap.keys_for("help")[0]), fullscreen=display_name(keymap.keys_for("fullscreen")[0]))

    def build(self) -> list[Block]:
        host = self.host
        story = host.story
        loading = story is None
        latest = host.latest_save()
        if loading:
            continue_reason, continue_detail = _("The story is still loading."), ""
        elif latest is None:
            continue_reason, continue_detail = _("Nothing is saved yet."), ""
        else:
            continue_reason = ""
            continue_detail = f"{latest.chapter_title}: {latest.node_title}. {latest.when_text}"
        waiting = _("The story is still loading.") if loading else ""
        # Eight items: set a little closer than other menus, so all of them fit at the default size.
        tight = {"gap_after": 4.0, "padding": (16.0, 8.0)}
        return [
            Button("continue", _("Continue"), lambda: host.post(ContinueLatest()), enabled=not continue_reason,
                   reason=continue_reason, detail=continue_detail, **tight),
            Button("new", _("New game"), self.open_chapters, enabled=not loading, reason=waiting,
                   detail=_("Choose a chapter"), **tight),
            Button("load", _("Load"), lambda: self.open_saves("load"), enabled=not loading, reason=waiting, **tight),
            Button("settings", _("Settings"), self.open_settings, **tight),
            Button("controls", _("Controls"), self.open_controls, **tight),
            Button("help", _("Help and support"), lambda: host.post(OpenPage("help")), enabled=not loading,
                   reason=waiting, **tight),
            Button("credits", _("Credits"), lambda: host.post(OpenPage("credits")), enabled=not loading, reason=waiting,
                   **tight),
            Button("quit", _("Quit"), lambda: host.post(Quit()), padding=tight["padding"], gap_after=0),
        ]

    def open_chapters(self) -> None:
        self.host.post(OpenScreen("chapters"))

    def open_saves(self, mode: str) -> None:
        self.host.post(OpenScreen("saveload", (mode,)))

    def open_settings(self) -> None:
        self.host.post(OpenScreen("settings"))

    def open_controls(self) -> None:
        self.host.post(OpenScreen("keys"))

    def back(self) -> None:
        return None  # Esc on the title does nothing; Quit is a menu item, so nothing ends by accident.

    def update(self, dt: float) -> bool:
        if self.scene.key is None and self.host.shown:
            self.scene.show("title", {}, fade_in=True)
            self.host.post(PlayMusic(MOTIF))
        changed = self.scene.update(dt)
        self.changed_area = self.scene.changed
        return changed

    def frame_rate(self) -> int:
        if self.scene.key is None or self.scene.fade_left > 0:
            return BUSY_FPS
        return min(ANIMATED_FPS, round(self.scene.fps)) if self.scene.animated else 0

    def on_settings_changed(self) -> None:
        settings = self.host.settings
        self.scene.set_modes(reduce_motion=settings.reduce_motion, high_contrast=settings.high_contrast)
        super().on_settings_changed()

    def draw_backdrop(self, canvas: Canvas) -> None:
        # All of it on a whole frame: the menu's panel (see-through at a lower panel opacity) and the key hint
        # are drawn over the scene again, so a scene left as it was would take them twice, darker and bolder.
        self.scene.draw(canvas, again=True)

    def draw(self, canvas: Canvas) -> None:
        super().draw(canvas)
        theme = canvas.theme
        story = self.host.story
        title, tagline = (story.title, story.tagline) if story is not None else (GAME_TITLE, "")
        scale = self.host.settings.font_scale
        left = panel_for(scale).column_left
        canvas.text(title, "prose", TITLE_SIZE * 0.82, theme.heading, left + 4, 52)
        if tagline:
            line_height = self.host.typesetter.line_height("italic", UI_SIZE * scale)
            for number, line in enumerate(self._tagline_lines()):
                canvas.text(line, "italic", UI_SIZE * scale, theme.quiet, left + 6, self.TAGLINE_TOP + number * line_height)
        line_height = self.host.typesetter.line_height("ui", self.footer_size())
        for number, line in enumerate(self._footer_lines()):
            canvas.text(line, "ui", self.footer_size(), theme.quiet, self.FOOTER_LEFT, self._footer_top() + number * line_height)


class ChapterSelectScreen(DocumentScreen):
    kind = "chapters"
    title = N_("Chapters")

    def build(self) -> list[Block]:
        host = self.host
        story = host.story
        blocks: list[Block] = []
        if story is None:
            return [TextBlock(_("The story is still loading."), role="ui"), Button("back", _("Back"), self.back)]
        for chapter in story.chapters:
            ending_ids = {ending.id for ending in chapter.endings}
            found = len(host.progress.found(chapter.id) & ending_ids)
            finished = chapter.id in host.progress.finished
            marks = (_("Finished.") if finished else _("Not finished yet.")) + " " + \
                _("{found} of {total} endings found.").format(found=found, total=len(ending_ids))
            about = f"{chapter.blurb}\n{marks}" if chapter.blurb else marks
            kept = host.saves.read(autosave_slot(chapter.id))
            if kept.status == "ok" and not _at_an_ending(story, kept.node_id):
                # A place is kept in this chapter: offer it first, and starting again as a separate, asked-about step.
                # (A run that reached an ending is finished, and its ending is kept under "Endings found".)
                blocks.append(TextBlock(chapter.title, role="bold", size=UI_SIZE + 1, colour="heading", gap_after=2))
                blocks.append(TextBlock(about, role="ui", size=SMALL_SIZE, colour="quiet", gap_after=8))
                blocks.append(Button(f"continue:{chapter.id}", _("Continue (where you left off: {place})").format(place=kept.node_title),
                                     lambda chapter_id=chapter.id: host.post(ContinueChapter(chapter_id)),
                                     detail=_("Saved {when}").format(when=kept.when_text), gap_after=6))
                blocks.append(Button(f"restart:{chapter.id}", _("Start again"),
                                     lambda chapter_id=chapter.id: host.post(RestartChapter(chapter_id)),
                                     detail=_("From the beginning; you are asked before your place is replaced"),
                                     gap_after=20))
                continue
            if kept.status == "damaged":
                about += "\n" + _("Its autosave cannot be read; it will be kept aside as it is, never overwritten.")
            blocks.append(
                Button(
                    f"chapter:{chapter.id}",
                    chapter.title,
                    lambda chapter_id=chapter.id: host.post(StartChapter(chapter_id)),
                    detail=about,
                    gap_after=12,
                )
            )
        blocks.append(Gap(6))
        blocks.append(Button("endings", _("Endings found"), self.open_endings))
        blocks.append(Button("back", _("Back"), self.back))
        return blocks

    def open_endings(self) -> None:
        self.host.post(OpenScreen("endings"))


class ContentNoteScreen(DocumentScreen):
    """Shown once before the first chapter; dismissing it with Begin remembers that it was seen."""

    kind = "content_note"
    help_button = False  # "Help and support" is one of its buttons, beside Begin

    def __init__(self, host: "Host") -> None:
        page = host.story.pages.get("content_note") if host.story else None
        self.title = page.title if page else _("Before you play")
        self.paragraphs = list(page.paragraphs) if page else []
        super().__init__(host)

    def build(self) -> list[Block]:
        return [
            *_paragraphs(self.paragraphs),
            Gap(8),
            Button("begin", _("Begin"), self.begin, detail=_("This note will not be shown again")),
            Button("help", _("Help and support"), lambda: self.host.post(OpenPage("help"))),
            Button("back", _("Back"), self.back),
        ]

    def begin(self) -> None:
        self.host.post(ChangeSettings({"content_note_seen": True}))
        self.dismiss(True)

    def back(self) -> None:
        self.host.post(PlaySound("page"))
        self.dismiss(False)


class PageScreen(DocumentScreen):
    """A page of the story's own text: help and support, or credits."""

    kind = "page"

    def __init__(self, host: "Host", page_key: str) -> None:
        self.page_key = page_key
        # Help is long (the support text, then the controls): Back stays below it, outside the column.
        self.fit_panel = page_key != "help"
        super().__init__(host)

    def wants_help_button(self) -> bool:
        return self.page_key != "help" and super().wants_help_button()

    def key_hint(self) -> str:
        return _("Esc: back") if self.page_key == "help" else super().key_hint()

    def build(self) -> list[Block]:
        story = self.host.story
        page = story.pages.get(self.page_key) if story else None
        self.title = page.title if page else self.page_key.replace("_", " ").capitalize()
        paragraphs = list(page.paragraphs) if page else [_("This page is missing from the story.")]
        blocks = _paragraphs(paragraphs)
        if self.page_key != "help":
            return [*blocks, Gap(8), Button("back", _("Back"), self.back)]
        self.fixed = self.footer([(Button("back", _("Back"), self.back), 1.0)])
        return [*blocks, *self._controls()]

    def _controls(self) -> list[Block]:
        """The keys in force (the player's own bindings included), from the one keymap table."""
        blocks: list[Block] = [Gap(6), TextBlock(_("Controls"), role="bold", size=UI_SIZE + 1, colour="heading", gap_after=6),
                               Button("controls", _("Change the keys"), lambda: self.host.post(OpenScreen("keys")),
                                      detail=_("Every key and what it does; choose your own"), gap_after=10)]
        for what, keys, mouse in controls(self.host.keymap):
            what, keys = _(what), _(keys)
            way = _("{keys}; mouse: {mouse}").format(keys=keys, mouse=_(mouse)) if mouse else keys
            # TRANSLATORS: one line of the controls on the help page: what a key does, then its keys
            line = _("{what}: {way}.").format(what=what[:1].upper() + what[1:], way=way)
            blocks.append(TextBlock(line, role="ui", size=SMALL_SIZE, gap_after=4))
        return blocks


class PauseScreen(DocumentScreen):
    kind = "pause"
    title = N_("Paused")
    panel = (390, 20, 500, 680)  # tall enough for all nine items at the default size
    help_button = False  # "Help and support" is an item of the menu

    def build(self) -> list[Block]:
        host = self.host
        return [
            Button("resume", _("Resume"), self.back),
            Button("save", _("Save"), lambda: self._saves("save")),
            Button("load", _("Load"), lambda: self._saves("load")),
            Button("settings", _("Settings"), self._settings),
            Button("controls", _("Controls"), lambda: host.post(OpenScreen("keys"))),
            Button("history", _("History"), self._history),
            Button("help", _("Help and support"), lambda: host.post(OpenPage("help"))),
            Button("title", _("Title screen"), lambda: host.post(GoToTitle()), detail=_("Your place is kept")),
            Button("quit", _("Quit"), lambda: host.post(Quit()), detail=_("Your place is kept")),
        ]

    def _saves(self, mode: str) -> None:
        self.host.post(OpenScreen("saveload", (mode,)))

    def _settings(self) -> None:
        self.host.post(OpenScreen("settings"))

    def _history(self) -> None:
        self.host.post(OpenScreen("history"))


class EndingsScreen(DocumentScreen):
    kind = "endings"
    title = N_("Endings found")

    def build(self) -> list[Block]:
        host = self.host
        story = host.story
        blocks: list[Block] = []
        if story is not None:
            for chapter in story.chapters:
                found_ids = host.progress.found(chapter.id)
                found = sum(1 for ending in chapter.endings if ending.id in found_ids)
                blocks.append(TextBlock(chapter.title, role="bold", size=UI_SIZE + 1, colour="heading", gap_after=2))
                blocks.append(
                    TextBlock(_("{found} of {total} endings found").format(found=found, total=len(chapter.endings)), role="ui", size=SMALL_SIZE,
                              colour="quiet", gap_after=6)
                )
                for ending in chapter.endings:
                    text = ending.title if ending.id in found_ids else "—"
                    blocks.append(TextBlock(text, role="prose", size=PROSE_SIZE - 2, indent=20, gap_after=2))
                blocks.append(Rule(24))
        blocks.append(Button("back", _("Back"), self.back))
        return blocks


class HistoryScreen(DocumentScreen):
    """What was read and chosen so far in this chapter, newest at the bottom; undo is here too."""

    kind = "history"
    title = N_("History")
    fit_panel = False

    def __init__(self, host: "Host") -> None:
        super().__init__(host)
        self.doc.scroll = self.doc.max_scroll  # open at the most recent

    def build(self) -> list[Block]:
        session = self.host.session
        blocks: list[Block] = []
        self.fixed = []
        if session is None:
            blocks.append(TextBlock(_("Nothing has been read yet."), role="ui"))
        else:
            runtime = session.runtime
            history = runtime.history
            if not history:
                blocks.append(TextBlock(_("Nothing has been chosen yet in this chapter."), role="ui", colour="quiet"))
            for entry in history:
                blocks.append(TextBlock(entry.title, role="bold", size=SMALL_SIZE, colour="quiet", gap_after=4))
                blocks.extend(_paragraphs(list(entry.paragraphs), size=PROSE_SIZE - 2, gap=8))
                said = _("You chose: {choice}").format(choice=entry.choice) if entry.choice else _("You went on.")
                blocks.append(TextBlock(said, role="italic", size=SMALL_SIZE + 1, colour="heading", gap_after=4))
                blocks.append(Rule(20))
            blocks.append(TextBlock(_("Now: {place}").format(place=runtime.story.node_title(runtime.node_id)), role="bold",
                                    size=SMALL_SIZE, colour="quiet"))
            undo = Button("undo", _("Undo the last choice"), self.undo, enabled=runtime.can_undo,
                          reason=_("There is nothing to undo yet."))
            self.fixed = self.footer([(undo, 0.64), (Button("back", _("Back"), self.back), 0.36)])
        if session is None:
            blocks.append(Button("back", _("Back"), self.back))
        return blocks

    def initial_focus(self, controls: list[Control]) -> Control:
        return next((control for control in controls if control.name == "back"), controls[-1])

    def undo(self) -> None:
        if self.host.session is None:
            return
        self.host.post(Undo())
        self.rebuild()
        self.doc.scroll = self.doc.max_scroll

    def handle_key(self, event: KeyPress) -> bool:
        if event.means("undo"):
            self.undo()
            return True
        return super().handle_key(event)


class ReloadErrorsScreen(DocumentScreen):
    """Shown when an edited story has errors: the game keeps the last good story until they are fixed."""

    kind = "reload_errors"
    title = N_("The story has errors")

    def build(self) -> list[Block]:
        blocks: list[Block] = [
            TextBlock(_("The game carries on with the last version that loaded. Fix these and save the file again:"),
                      role="ui", gap_after=14),
        ]
        for line in self.host.load_errors:
            blocks.append(TextBlock(line, role="ui", size=SMALL_SIZE, colour="heading", gap_after=8))
        blocks.append(Gap(8))
        blocks.append(Button("dismiss", _("Dismiss"), self.back, detail=_("F5 loads the story again")))
        return blocks
