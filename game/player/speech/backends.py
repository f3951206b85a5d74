"""The voices self-voicing speaks through: the platform's speech (pyttsx3), a log file of utterances, or none.

Each has `say(text, language)` (a new utterance cuts the one before it off), `stop()`, `close()`, and
`problem`: "" while it can speak, else why it cannot, in words a player can act on.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Optional, Protocol

log = logging.getLogger(__name__)

LOG_VARIABLE = "CURTAIN_LIGHT_SPEECH_LOG"  # a path: every utterance is written there instead of spoken
SILENCED_LINE = "[silenced]"  # what the log says when speech is stopped
_WRITE_SECONDS = 10.0  # an utterance not made by then is dropped (a stalled engine), and the next one tried
_QUIT = object()
_STOP = object()


class Speech(Protocol):
    problem: str

    def say(self, text: str, language: str) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class NoSpeech:
    """No voice: self-voicing says why, and the game plays on silently."""

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def say(self, text: str, language: str) -> None:
        return None

    def stop(self) -> None:
        return None

    def close(self) -> None:
        return None


class SpeechLog:
    """Writes each utterance as a line of a text file (for tests, and for authors checking what is said)."""

    problem = ""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: Optional[io.TextIOWrapper] = None

    def _write(self, line: str) -> None:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
        self._file.write(line + "\n")
        self._file.flush()  # a reader (a test, an author's `tail -f`) sees each line as it is said

    def say(self, text: str, language: str) -> None:
        self._write(" ".join(text.split()))

    def stop(self) -> None:
        self._write(SILENCED_LINE)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class PlatformSpeech:
    """The system's voice through pyttsx3 (eSpeak NG, SAPI, NSSpeechSynthesizer), on a thread of its own.

    pyttsx3 blocks while it speaks and its eSpeak driver cannot be cut off mid-sentence, so the
    thread only has it synthesise each utterance into a WAV file (milliseconds), and plays that
    file where it can be stopped at once: the game's mixer if it is open, else the system's player.
    The frame loop only ever puts text on a queue; the newest text waiting wins.
    """

    def __init__(self) -> None:
        self.problem = ""
        self._queue: "queue.Queue[Any]" = queue.Queue()
        self._thread: Optional[threading.Thread] = None
        self._player: Optional[_Player] = None
        self._folder: Optional[Path] = None

    def say(self, text: str, language: str) -> None:
        if self.problem:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="speech", daemon=True)
            self._thread.start()
        self._queue.put((text, language))

    def stop(self) -> None:
        self._queue.put(_STOP)
        player = self._player
        if player is not None:
            player.stop()  # at once, not after whatever the thread is synthesising now

    def close(self) -> None:
        self._queue.put(_QUIT)
        if self._thread is not None:
            self._thread.join(timeout=2.0)
        if self._player is not None:
            self._player.stop()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    def _work(self) -> None:
        try:
            if sys.platform == "win32":  # SAPI is COM: each thread that uses it must start COM for itself
                import comtypes

                comtypes.CoInitialize()
            import pyttsx3

            engine = pyttsx3.init()
        except Exception as error:  # noqa: BLE001 - no engine, no library, no voice: say so, play on
            log.info("speech: no engine: %s", error)
            self.problem = engine_problem(error)
            return
        self._folder = Path(tempfile.mkdtemp(prefix="curtain-light-speech-"))
        self._player = _Player()
        voices = _Voices(engine)
        written = threading.Event()
        engine.connect("finished-utterance", lambda **_details: written.set())
        number = 0
        while True:
            item = self._latest()
            if item is _QUIT:
                return
            self._player.stop()
            if item is _STOP:
                continue
            text, language = item
            number += 1
            path = self._folder / f"utterance-{number % 2}.wav"  # never the file that may still be playing
            try:
                voices.use(language)
                written.clear()
                # Its eSpeak driver prints each file's name when the file is written, which may be after
                # runAndWait returns: stdout is set aside (for these milliseconds) until it is.
                with contextlib.redirect_stdout(io.StringIO()):
                    engine.save_to_file(text, str(path))
                    engine.runAndWait()
                    ready = self._wait_until_written(written, path, str(engine) == "espeak")
                if ready and self._queue.empty():  # something newer came while this was made: say that instead
                    self._player.play(path)
            except Exception:  # noqa: BLE001 - one utterance that fails must not silence the rest
                log.debug("speech: could not say %r", text, exc_info=True)

    def _wait_until_written(self, written: threading.Event, path: Path, notified: bool) -> bool:
        """Whether the utterance's file is whole: eSpeak says so when it has written it (on a busy machine,
        after runAndWait has returned); the other drivers write it before runAndWait returns."""
        deadline = time.monotonic() + _WRITE_SECONDS
        while time.monotonic() < deadline and self._queue.empty():
            if written.is_set() or (not notified and path.exists()):
                return True
            time.sleep(0.005)
        return False

    def _latest(self) -> Any:
        """Wait for the next thing to do, and skip over all but the newest (focus moving fast)."""
        item = self._queue.get()
        while True:
            try:
                newer = self._queue.get_nowait()
            except queue.Empty:
                return item
            item = _QUIT if _QUIT in (item, newer) else newer


class _Voices:
    """Picks the engine's voice for a language (a Japanese voice for "ja" where it has one)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._language: Optional[str] = None
        self._default = engine.getProperty("voice")

    def use(self, language: str) -> None:
        if language == self._language:
            return
        self._language = language
        chosen = voice_for(self._engine.getProperty("voices"), language, self._default)
        self._engine.setProperty("voice", chosen or self._default)


def voice_for(voices: Any, language: str, preferred: Optional[str] = None) -> Optional[str]:
    """The voice for `language`: the system's own if it speaks it, else one made for exactly that
    language, else the first of its regional ones ("ja" also matches "ja_JP", "ja-JP"); None if none does."""
    def codes(voice: Any) -> list[str]:
        return [str(code).lower().replace("_", "-") for code in (getattr(voice, "languages", None) or ())]

    speaking = [voice for voice in voices or ()
                if any(code == language or code.startswith(language + "-") for code in codes(voice))]
    for voice in speaking:
        if voice.id == preferred:
            return voice.id
    exact = [voice for voice in speaking if language in codes(voice)]
    return (exact or speaking)[0].id if speaking else None


class _Player:
    """Plays a WAV file so that it can be cut off: on the game's mixer if it is open, else a system player."""

    def __init__(self) -> None:
        self._channel: Any = None
        self._process: Optional[subprocess.Popen[bytes]] = None
        self._lock = threading.Lock()

    def play(self, path: Path) -> None:
        with self._lock:
            import pygame

            if pygame.mixer.get_init():
                sound = pygame.mixer.Sound(file=str(path))
                # The highest channel: the sound engine reserves the low ones for itself.
                self._channel = pygame.mixer.Channel(pygame.mixer.get_num_channels() - 1)
                self._channel.play(sound)
                return
            command = _player_command(path)
            if command:
                self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL)
            elif sys.platform == "win32":
                import winsound

                winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)

    def stop(self) -> None:
        with self._lock:
            if self._channel is not None:
                self._channel.stop()
                self._channel = None
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
            self._process = None
            if sys.platform == "win32":
                import winsound

                winsound.PlaySound(None, 0)


def _player_command(path: Path) -> list[str]:
    for player, *options in (("afplay",), ("paplay",), ("aplay", "-q")):
        found = shutil.which(player)
        if found:
            return [found, *options, str(path)]
    return []


def missing_engine() -> str:
    """Why the platform's speech cannot start, found without starting it; "" when it looks ready."""
    import importlib.util

    if importlib.util.find_spec("pyttsx3") is None:
        return "pyttsx3"
    if sys.platform.startswith("linux"):
        import ctypes

        # The names pyttsx3's eSpeak driver loads; opening one is a millisecond (find_library runs ldconfig).
        for name in ("libespeak-ng.so.1", "/usr/local/lib/libespeak-ng.so.1", "libespeak.so.1"):
            try:
                ctypes.CDLL(name)
                return ""
            except OSError:
                continue
        return "espeak-ng"
    return ""


def engine_problem(error: BaseException) -> str:
    """What failed when the engine was started, as the missing part's name."""
    return "espeak-ng" if sys.platform.startswith("linux") and isinstance(error, (OSError, RuntimeError)) else "pyttsx3"


def speech_for(log_path: Optional[Path]) -> Speech:
    """The log file when one is asked for (--speech-log, or CURTAIN_LIGHT_SPEECH_LOG), else the platform's
    voice, else none (saying what is missing)."""
    if log_path is None and os.environ.get(LOG_VARIABLE):
        log_path = Path(os.environ[LOG_VARIABLE])
    if log_path is not None:
        return SpeechLog(log_path)
    missing = missing_engine()
    return NoSpeech(missing) if missing else PlatformSpeech()
