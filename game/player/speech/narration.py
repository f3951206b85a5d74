"""What self-voicing says and when: a node's text, status and choices; a menu's title and each item focus reaches.

The Narrator follows whatever the top screen shows, read only (a screen never has to ask to be
read): new content is said in full, a focus moved or a value changed says just that item, and the
newest utterance always cuts off the one before it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple, Optional, Sequence

from game.core.i18n.interface import _
from game.player.speech.backends import Speech, speech_for
from game.player.ui.setting_rows import Stepper, Toggle
from game.player.ui.document import Button, Control, TextBlock

_PERCENT = re.compile(r"^(\d+)\s*%$")
_TIMES = re.compile(r"^(\d+(?:\.\d+)?)\s*×$")


class View(NamedTuple):
    """What one screen says: its content (said when it is new) and its focused item (said as focus moves)."""

    screen: int
    title: str  # a menu's title, "" in play
    content: tuple[str, ...]
    focus: str


def control_words(control: Control) -> str:
    """One control as it is said: "Text size, 100 percent", "High contrast, off", "2. Wait, unavailable: …"."""
    if isinstance(control, Stepper):
        return _("{label}, {value}").format(label=control.label, value=_spoken_value(control.value_text()))
    if isinstance(control, Toggle):
        return _("{label}, {value}").format(label=control.label, value=_("on") if control.value() else _("off"))
    if isinstance(control, Button):
        item = f"{control.prefix}{control.label}".strip()
        bare = item.rstrip(".。")  # "Run to the station, unavailable", never "station., unavailable"
        if not control.enabled:
            reason = control.reason or control.detail
            return _("{item}, unavailable: {reason}").format(item=bare, reason=reason) if reason \
                else _("{item}, unavailable").format(item=bare)
        return _("{label}, {value}").format(label=bare, value=control.detail) if control.detail else item
    return str(getattr(control, "label", "") or control.name)


def _spoken_value(value: str) -> str:
    """A value as a voice should say it: "100%" becomes "100 percent", "1.5×" "1.5 times" (in the interface's language)."""
    percent, times = _PERCENT.match(value.strip()), _TIMES.match(value.strip())
    if percent:
        return _("{number} percent").format(number=percent.group(1))
    return _("{number} times").format(number=times.group(1)) if times else value


def view_of(screen: Any) -> View:
    """What the screen says now: its title and text, then (in play) every choice, and the focused item."""
    in_play = getattr(screen, "kind", "") == "play"
    written = getattr(screen, "title", "")
    title = _(written) if written else ""  # never _(""): that is the catalogue's header
    content: list[str] = [title]
    story = screen.host.story if getattr(screen, "kind", "") == "title" else None
    if story is not None:  # the title screen paints its words itself: the story's title and line
        title = story.title
        content = [story.title, story.tagline or ""]
    doc = getattr(screen, "doc", None)
    # In play the choices (or Continue) sit in their own tray below the text, and the status line over it.
    tray = getattr(screen, "tray", None) if in_play else None
    for block in doc.blocks if doc is not None else ():
        if isinstance(block, TextBlock):
            content.append(block.text)
        elif in_play and isinstance(block, Control):
            content.append(control_words(block))
    if in_play:
        status = screen.runtime.status or ""
        if status and status not in content:
            content.append(status)
    for block in tray.blocks if tray is not None else ():
        if isinstance(block, TextBlock):
            content.append(block.text)
        elif isinstance(block, Control):
            content.append(control_words(block))  # the choices belong to what a node says
    focus = getattr(screen, "focus", None)
    return View(id(screen), title, tuple(text for text in content if text.strip()),
                control_words(focus) if isinstance(focus, Control) else "")


def _sentences(parts: list[str]) -> str:
    """Parts joined so that a voice pauses between them: each ends on a stop (。 after Japanese) unless it has one."""
    parts = [part.rstrip() for part in parts if part.strip()]
    if len(parts) == 1:
        return parts[0]
    return " ".join(part if part[-1] in ".!?。！？:：…" else part + ("。" if ord(part[-1]) >= 0x2E80 else ".")
                    for part in parts)


class Narrator:
    """Says what the top screen shows as it changes, repeats it on request, and falls silent at once."""

    def __init__(self, log_path: Optional[Path] = None) -> None:
        self._log_path = log_path
        self._speech: Optional[Speech] = None
        self._view: Optional[View] = None
        self._heard: dict[int, tuple[str, ...]] = {}  # per screen, the content already said in full
        self._on = False
        self._notices: list[str] = []  # the notices on screen last frame, each said once when it appears

    @property
    def speech(self) -> Speech:
        """The voice, found the first time it is needed (a game that never speaks never looks for one)."""
        if self._speech is None:
            self._speech = speech_for(self._log_path)
        return self._speech

    @property
    def problem(self) -> str:
        """"" while speech can be heard, else the name of what is missing ("espeak-ng", "pyttsx3")."""
        return self.speech.problem

    def follow(self, screen: Any, on: bool, language: str, notices: Sequence[str] = ()) -> str:
        """Say what changed on `screen` since the last frame, and any new notice (a toast); returns a notice
        for the player when speech cannot start."""
        was_on, self._on = self._on, on
        fresh = [text for text in notices if text not in self._notices]
        self._notices = list(notices)
        if not on:
            if was_on:
                self.speech.say(_("Self-voicing off."), language)
            self._view = None
            return ""
        if screen is None:
            return ""
        view = view_of(screen)
        words = self._changes(view, was_on)
        if words or fresh:
            self.speech.say(_sentences([*words, *fresh]), language)
        return "" if was_on else self.unavailable_notice()

    def _changes(self, view: View, was_on: bool) -> list[str]:
        """What is new on screen: all of it when it is new, else just the item the focus moved to."""
        before, self._view = self._view, view
        if not was_on:
            return [_("Self-voicing on."), *self.whole(view)]
        if before is not None and view.screen == before.screen and view.content == before.content:
            return [view.focus] if view.focus != before.focus and view.focus else []
        if self._heard.get(view.screen) != view.content:
            return self.whole(view)
        return [part for part in (view.title, view.focus) if part]  # come back as it was: its title, the focus

    def whole(self, view: View) -> list[str]:
        """Everything the screen says, its focused item last (in play that is already among the choices)."""
        if len(self._heard) > 64:  # screens come and go: only the recent ones can come back
            self._heard.clear()
        self._heard[view.screen] = view.content
        return [*view.content, *([view.focus] if view.focus and view.focus not in view.content else [])]

    def unavailable_notice(self) -> str:
        problem = self.problem
        return _("Self-voicing needs a speech engine, and none was found ({missing} is not installed). "
                 "The game plays the same without it.").format(missing=problem) if problem else ""

    def repeat(self, language: str) -> None:
        if self._view is not None:
            self.speech.say(_sentences(self.whole(self._view)), language)

    def silence(self) -> None:
        self.speech.stop()

    def close(self) -> None:
        if self._speech is not None:
            self._speech.close()
