"""What screens ask of the game: small typed messages posted up to the App, which acts on each in one place.

A screen says what happened or what it wants (`StartChapter("room")`) without knowing who does it;
it reads what it shows from its Host (game/player/host.py) and never holds the App.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from game.player.persist.saves import SlotInfo
    from game.player.screens.base import Screen


class Message:
    """Base of every message a screen posts."""


@dataclass(frozen=True)
class PlaySound(Message):
    name: str  # an effect: "select", "confirm", "page", "unavailable"


@dataclass(frozen=True)
class PlayMusic(Message):
    name: str | None  # the motif, or None to let it fade out


@dataclass(frozen=True)
class OpenScreen(Message):
    """Open a screen by its name in the App's registry, with its arguments; `on_dismiss` gets its result."""

    name: str
    args: tuple[Any, ...] = ()
    on_dismiss: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class OpenPage(Message):
    key: str  # "help", "credits", …


@dataclass(frozen=True)
class Dismiss(Message):
    screen: "Screen"
    result: Any = None


@dataclass(frozen=True)
class ChangeSettings(Message):
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notify(Message):
    text: str  # a short notice (a toast)


@dataclass(frozen=True)
class StartChapter(Message):
    chapter_id: str  # begin it, after the content note the first time


@dataclass(frozen=True)
class ContinueChapter(Message):
    chapter_id: str


@dataclass(frozen=True)
class RestartChapter(Message):
    chapter_id: str  # from the beginning, asking first if a place kept in it would be replaced


@dataclass(frozen=True)
class ContinueLatest(Message):
    pass


@dataclass(frozen=True)
class LoadSlot(Message):
    info: "SlotInfo"


@dataclass(frozen=True)
class SaveToSlot(Message):
    slot: str
    on_saved: Callable[["SlotInfo"], None] | None = None


@dataclass(frozen=True)
class Choose(Message):
    index: int


@dataclass(frozen=True)
class Advance(Message):
    pass


@dataclass(frozen=True)
class Undo(Message):
    pass


@dataclass(frozen=True)
class GoToTitle(Message):
    pass


@dataclass(frozen=True)
class GoToChapters(Message):
    pass


@dataclass(frozen=True)
class Quit(Message):
    pass
