"""What each key does: one table from action names to keys, read once at the input boundary.

Screens match actions ("back", "undo", "choice_3") and never a key code. The README's controls
table and the help page's controls come from this table (a test holds the README to it), and a
player can bind other keys in Settings (saved with the settings, as action -> key names).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from game.core.i18n.interface import N_

# action -> (what it does; its keys; the mouse's way, for the controls table). Key names are pygame's
# (`pygame.key.name`), with modifiers before a "+": "ctrl+z", "shift+tab", "alt+return".
ACTIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    **{f"choice_{n}": (f"pick choice {n}", (str(n), f"[{n}]"), N_("click it")) for n in range(1, 10)},
    "activate": (N_("continue, or use the focused button"), ("return", "enter", "space"),
                 N_("click a button; anywhere else to continue")),
    "back": (N_("the pause menu while playing; back in menus"), ("escape",), N_("the Menu button; Back")),
    "undo": (N_("undo the last choice"), ("backspace", "ctrl+z"), N_("the Undo button above the text")),
    "down": (N_("move down"), ("down",), N_("point at it")),
    "up": (N_("move up"), ("up",), N_("point at it")),
    "next": (N_("the next button"), ("tab",), ""),
    "previous": (N_("the previous button"), ("shift+tab",), ""),
    "less": (N_("a setting: less"), ("left",), N_("“–”")),
    "more": (N_("a setting: more"), ("right",), N_("“+”")),
    "page_down": (N_("scroll a page down"), ("page down",), N_("the wheel")),
    "page_up": (N_("scroll a page up"), ("page up",), N_("the wheel")),
    "top": (N_("scroll to the top"), ("home",), N_("the wheel")),
    "bottom": (N_("scroll to the end"), ("end",), N_("the wheel")),
    "help": (N_("help and support, on any screen"), ("h", "f1"), N_("Help and support, on every menu")),
    "fullscreen": (N_("full screen"), ("f11", "alt+return"), N_("Settings, then Full screen")),
    "voice": (N_("self-voicing on or off"), ("v",), N_("Settings, then Self-voicing")),
    "silence": (N_("stop speaking now (self-voicing)"), ("s",), ""),
    "repeat": (N_("say the current text again (self-voicing)"), ("r",), ""),
    "reload": (N_("reload the story (authors)"), ("f5",), ""),
}
# Keys a player cannot take for another action: the way back out of every screen stays where it is.
FIXED = ("back",)
MODIFIERS = ("shift", "ctrl", "alt")
# What a held key repeats: moving and scrolling. Choosing, continuing, activating, undoing and the rest
# happen once per press, so a held key or a slow frame never takes a choice nobody saw.
REPEATING = frozenset({"down", "up", "next", "previous", "less", "more", "page_down", "page_up", "top", "bottom"})


@dataclass(frozen=True)
class Chord:
    """One key with the modifiers it needs."""

    key: str
    modifiers: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> "Chord":
        *mods, key = text.lower().split("+")
        unknown = [mod for mod in mods if mod not in MODIFIERS]
        if unknown or not key:
            raise ValueError(f"not a key: {text!r}")
        return cls(key, frozenset(mods))

    def __str__(self) -> str:
        return "+".join([*sorted(self.modifiers), self.key])


class Keymap:
    """The table in force: the defaults with a player's own bindings over them."""

    def __init__(self, overrides: Mapping[str, Sequence[str]] | None = None) -> None:
        self.bindings: dict[str, tuple[Chord, ...]] = {}
        for action, (_what, keys, _mouse) in ACTIONS.items():
            chosen = (overrides or {}).get(action)
            if action in FIXED or not chosen:
                chosen = keys
            try:
                self.bindings[action] = tuple(Chord.parse(key) for key in chosen)
            except ValueError:  # a hand-edited settings file: the default keys, rather than none
                self.bindings[action] = tuple(Chord.parse(key) for key in keys)
        self._by_key: dict[str, list[tuple[Chord, str]]] = {}
        for action, chords in self.bindings.items():
            for chord in chords:
                self._by_key.setdefault(chord.key, []).append((chord, action))

    def actions(self, key: str, held: Iterable[str], *, repeat: bool = False) -> tuple[str, ...]:
        """The actions of a key pressed with these modifiers held, the most specific binding first.

        A binding needs all its modifiers; Ctrl or Alt held make another key, Shift only where a
        binding asks for it (Shift+Tab), so Shift+1 still picks the first choice. A `repeat` (the
        key held down) keeps only the actions that repeat.
        """
        if repeat:
            return tuple(action for action in self.actions(key, held) if action in REPEATING)
        down = frozenset(held)
        matching = [
            (chord, action) for chord, action in self._by_key.get(key.lower(), ())
            if chord.modifiers <= down and not ({"ctrl", "alt"} & down) - chord.modifiers
        ]
        if not matching:
            return ()
        most = max(len(chord.modifiers) for chord, _action in matching)
        return tuple(action for chord, action in matching if len(chord.modifiers) == most)

    def keys_for(self, action: str) -> list[str]:
        return [str(chord) for chord in self.bindings[action]]

    def rebound(self, action: str, key: str) -> dict[str, list[str]]:
        """The overrides after binding `key` (alone) to `action`, taking it from any other action."""
        if action in FIXED:
            raise ValueError(f"{action} keeps its key")
        chord = str(Chord.parse(key))
        overrides = {name: self.keys_for(name) for name in ACTIONS if name not in FIXED}
        for name, keys in overrides.items():
            overrides[name] = [item for item in keys if item != chord]
        overrides[action] = [chord]
        defaults = {name: [str(Chord.parse(key)) for key in ACTIONS[name][1]] for name in overrides}
        return {name: keys for name, keys in overrides.items() if keys != defaults[name]}


def display_name(chord: str) -> str:
    """A key as the help page and the README write it: "Ctrl+Z", "PageDown", "1"."""
    names = {"escape": "Esc", "return": "Enter", "enter": "keypad Enter", "page down": "PageDown",
             "page up": "PageUp", "backspace": "Backspace", "space": "Space", "tab": "Tab"}
    *mods, key = chord.split("+")
    if key.startswith("[") and key.endswith("]"):
        shown = f"keypad {key[1:-1]}"
    else:
        function_key = key[:1] == "f" and key[1:].isdigit()
        shown = names.get(key, key.upper() if len(key) == 1 or function_key else key.capitalize())
    return "+".join([*(mod.capitalize() for mod in mods), shown])


def controls(keymap: Keymap) -> list[tuple[str, str, str]]:
    """(what it does, its keys, the mouse's way) for every action, the nine choice keys as one row."""
    rows = []
    for action, (what, _keys, mouse) in ACTIONS.items():
        if action.startswith("choice_"):
            if action == "choice_1":
                keys = [keymap.keys_for(f"choice_{n}") for n in range(1, 10)]
                shown = N_("1–9 (and the keypad's)") if keys == [[str(n), f"[{n}]"] for n in range(1, 10)] \
                    else ", ".join(display_name(key) for bound in keys for key in bound)
                rows.append((N_("pick a choice"), shown, mouse))
            continue
        rows.append((what, ", ".join(display_name(key) for key in keymap.keys_for(action)), mouse))
    return rows


def controls_table(keymap: Keymap) -> str:
    """The controls as a Markdown table: the README's, generated from this table."""
    lines = ["| | keyboard | mouse |", "|---|---|---|"]
    lines.extend(f"| {what} | {keys} | {mouse} |" for what, keys, mouse in controls(keymap))
    return "\n".join(lines) + "\n"
