"""The Host: the read-only view of the game a screen is given, and the one way up (`post`).

Attributes down, messages up: a screen reads the settings, theme, typesetter, story, progress and
saves from here to build what it shows, and posts a message (game/player/messages.py) for anything
it wants done. It never holds the App, so no screen imports app.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:
    from game.core.model import Story
    from game.player.input.keymap import Keymap
    from game.player.messages import Message
    from game.player.persist.saves import Progress, SaveIndex, SlotInfo
    from game.player.session import PlaySession
    from game.player.persist.settings import Settings
    from game.player.speech.narration import Narrator
    from game.player.display.text import Typesetter
    from game.player.display.theme import Theme


class Host:
    """What every screen may read, each a property over the App's own, and `post` for the rest."""

    def __init__(self, source: "HostSource", post: "Callable[[Message], None]") -> None:
        self._source = source
        self.post = post

    @property
    def settings(self) -> "Settings":
        return self._source.settings

    @property
    def theme(self) -> "Theme":
        return self._source.theme

    @property
    def typesetter(self) -> "Typesetter":
        return self._source.typesetter

    @property
    def keymap(self) -> "Keymap":
        return self._source.keymap

    @property
    def story(self) -> "Story | None":
        return self._source.story

    @property
    def language(self) -> str:
        """The language the game reads in now (a code such as 'en' or 'ja')."""
        return self._source.language

    @property
    def languages(self) -> list[str]:
        """The languages the story can be read in: English, and each one it has a catalogue for."""
        return self._source.languages

    @property
    def progress(self) -> "Progress":
        return self._source.progress

    @property
    def saves(self) -> "SaveIndex":
        """What each save slot holds (read once, kept by every write): views read this, never the disk."""
        return self._source.save_index

    @property
    def session(self) -> "PlaySession | None":
        """The playthrough under way, to read (the history screen shows it); moves go through `post`."""
        return self._source.session

    @property
    def load_errors(self) -> list[str]:
        return self._source.load_errors

    @property
    def shown(self) -> bool:
        """Whether the window has shown its first frame (slow work waits for it)."""
        return self._source.frames >= 1

    @property
    def speech_problem(self) -> str:
        """"" when self-voicing can speak, else the name of what is missing (said in Settings)."""
        return self._source.voice.problem

    def latest_save(self) -> "SlotInfo | None":
        return self._source.latest_save()


class HostSource(Protocol):
    """What the Host reads from (the App provides each of these)."""

    settings: "Settings"
    theme: "Theme"
    typesetter: "Typesetter"
    keymap: "Keymap"
    story: "Story | None"
    progress: "Progress"
    save_index: "SaveIndex"
    session: "PlaySession | None"
    load_errors: list[str]
    frames: int
    voice: "Narrator"

    def latest_save(self) -> "SlotInfo | None": ...
