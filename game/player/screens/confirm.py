"""The confirm dialog: a question with two answers, and `confirm()` to ask it and act on yes."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from game.player.screens.base import DocumentScreen
from game.player.ui import Block, Button, Control, TextBlock

if TYPE_CHECKING:
    from game.player.app import App


class ConfirmScreen(DocumentScreen):
    """A yes-or-no question; the answer goes back to whoever asked (True or False)."""

    kind = "confirm"
    panel = (340, 200, 600, 320)
    help_button = False  # a question: its answers are the only choices (H still opens help)

    def __init__(self, app: "App", question: str, yes: str, no: str = "Cancel") -> None:
        self.question, self.yes, self.no = question, yes, no
        super().__init__(app)

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


def confirm(app: "App", question: str, yes: str, on_yes: Callable[[], None], *, no: str = "Cancel") -> None:
    def answered(result: object) -> None:
        if result:
            on_yes()

    app.screens.push(ConfirmScreen(app, question, yes, no), answered)
