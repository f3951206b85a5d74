"""Sound that never holds the window up: silence until the engine is ready, and the engine started off the main thread."""
from __future__ import annotations

import threading
from typing import Any

from game.player.guard import guarded


class NullAudio:
    """Silence, with the AudioEngine's methods: used when sound is unavailable or switched off."""

    def set_ambience(self, name: str | None) -> None: ...

    def set_volumes(self, master: float, ambience: float, effects: float, music: float | None = None) -> None: ...

    def set_music(self, name: str | None) -> None: ...

    def set_mono(self, mono: bool) -> None: ...

    def play_effect(self, name: str) -> None: ...

    def update(self, dt: float) -> None: ...

    def shutdown(self) -> None: ...


class AudioStarter:
    """Imports the sound engine (numpy and synthesis: slow) on a thread after the first frame is shown.

    The engine itself is then made on the main thread, where pygame's mixer expects to be opened.
    """

    def __init__(self) -> None:
        self._thread = threading.Thread(target=self._import, name="audio-import", daemon=True)
        self._engine_class: Any = None
        self._thread.start()

    def _import(self) -> None:
        # No numpy, no mixer: the game plays on in silence.
        with guarded("importing the sound engine"):
            from game.player.sound.engine import AudioEngine

            self._engine_class = AudioEngine

    def engine(self) -> Any | None:
        """The engine once its module is imported; None while importing; NullAudio if there is none."""
        if self._thread.is_alive():
            return None
        if self._engine_class is None:
            return NullAudio()
        with guarded("starting the sound"):  # its contract says it never raises; silence beats a crash
            return self._engine_class(enabled=True)
        return NullAudio()
