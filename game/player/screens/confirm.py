"""The confirm dialog: a question with two answers, and `confirm()` to ask it and act on yes."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from game.core.i18n.interface import N_, _
from game.player.messages import OpenScreen
from game.player.screens.base import DocumentScreen
from game.player.ui.document import Block, Button, Control, TextBlock

if TYPE_CHECKING:
    from game.player.host import Host


class ConfirmScreen(DocumentScreen):
    """A yes-or-no question; the answer goes back to whoever asked (True or False)."""

    kind = "confirm"
    panel = (340, 110, 600, 500)  # shrunk to its content, centred; room for the question at 200% text
    help_button = False  # a question: its answers are the only choices (H still opens help)

    def __init__(self, host: "Host", question: str, yes: str, no: str = N_("Cancel")) -> None:
        self.question, self.yes, self.no = question, yes, _(no)
        super().__init__(host)

    def build(self) -> list[Block]:
        return [
            TextBlock(self.question, role="ui", gap_after=16),
            Button("yes", self.yes, lambda: self.dismiss(True)),
            Button("no", self.no, lambda: self.dismiss(False)),
        ]

    def initial_focus(self, controls: list[Control]) -> Control:
        return controls[-1]

    def back(self) -> None:
        self.dismiss(False)


def confirm(host: "Host", question: str, yes: str, on_yes: Callable[[], None], *, no: str = N_("Cancel")) -> None:
    """Ask a question in the confirm dialog; `on_yes` runs only if the answer is yes."""
    def answered(result: object) -> None:
        if result:
            on_yes()

    host.post(OpenScreen("confirm", (question, yes, no), answered))
