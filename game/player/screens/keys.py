"""The controls page (from every menu): each action with its keys and mouse; pick one and press a key to rebind it."""
from __future__ import annotations

from game.core.i18n.interface import N_, _
from game.player.input.events import KeyPress
from game.player.input.keymap import ACTIONS, FIXED, display_name
from game.player.messages import ChangeSettings, PlaySound
from game.player.screens.base import DocumentScreen
from game.player.display.theme import SMALL_SIZE
from game.player.ui.document import Block, Button, Gap, TextBlock


class KeysScreen(DocumentScreen):
    """Every action of the one key table (game/player/input/keymap.py) as the player has bound it."""

    kind = "keys"
    title = N_("Controls")

    waiting_for: str | None = None  # the action whose new key the next key press is

    def build(self) -> list[Block]:
        keymap = self.host.keymap
        if self.waiting_for is not None:
            what = _action(self.waiting_for)
            intro = _("Press the key for “{action}”. Esc leaves it as it is.").format(action=what)
        else:
            intro = _("Choose an action, then press the key you want for it. Esc always goes back.")
        blocks: list[Block] = [TextBlock(intro, role="ui", size=SMALL_SIZE, colour="quiet", gap_after=12)]
        # The choice keys last: they are the least often moved, and nine of them would push the rest down.
        order = sorted((name for name in ACTIONS if name not in FIXED), key=lambda name: name.startswith("choice_"))
        for action in FIXED:
            what = _action(action)
            keys = ", ".join(display_name(key) for key in keymap.keys_for(action))
            # TRANSLATORS: a key on the controls page that cannot be moved, so every screen can always be left
            line = _("{keys}: {what} (always this key)").format(keys=keys, what=what)
            blocks.append(TextBlock(line, role="ui", size=SMALL_SIZE, gap_after=10))
        for action in order:
            what = _action(action)
            keys = ", ".join(display_name(key) for key in keymap.keys_for(action))
            mouse = ACTIONS[action][2]
            way = _("{keys}; mouse: {mouse}").format(keys=keys, mouse=_(mouse)) if mouse else keys
            blocks.append(Button(f"key:{action}", what[:1].upper() + what[1:], lambda action=action: self.wait_for(action),
                                 detail=way, gap_after=4))
        blocks.append(Gap(8))
        blocks.append(Button("reset", _("Reset all keys to defaults"), self.reset, enabled=bool(self.host.settings.keys),
                             reason=_("Every key is as it came.")))
        blocks.append(Button("back", _("Back"), self.back))
        return blocks

    @property
    def captures_keys(self) -> bool:  # type: ignore[override]
        return self.waiting_for is not None

    def wait_for(self, action: str) -> None:
        self.waiting_for = action
        self.rebuild()

    def handle_key(self, event: KeyPress) -> bool:
        action = self.waiting_for
        if action is None:
            return super().handle_key(event)
        if event.chord.split("+")[-1].split(" ")[-1] in ("shift", "ctrl", "alt", "meta", "gui"):
            return False  # a modifier on its own: wait for the key it goes with
        self.waiting_for = None
        if not event.means("back"):
            self.host.post(ChangeSettings({"keys": self.host.keymap.rebound(action, event.chord)}))
            self.host.post(PlaySound("confirm"))
        self.rebuild()
        return True

    def reset(self) -> None:
        self.host.post(ChangeSettings({"keys": {}}))
        self.rebuild()


def _action(action: str) -> str:
    """What an action does, in the player's language (the nine choice keys share one sentence)."""
    if action.startswith("choice_"):
        # TRANSLATORS: a key that picks a choice by its number, on the Keys screen
        return _("pick choice {n}").format(n=action.removeprefix("choice_"))
    return _(ACTIONS[action][0])
