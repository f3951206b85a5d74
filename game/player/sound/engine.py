"""The sound engine: synthesised ambience loops that crossfade, events over them, UI effects and a motif, or silence."""
from __future__ import annotations

import functools
import logging
import math
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

import pygame

from game.content import AMBIENCES, SILENCE
from game.player.sound import cache as sound_cache
from game.player.sound.layers import EventLayer, MusicPlayer, equal_power as _equal_power, unit as _unit
from game.player.sound.offline import synthesize_ambience  # noqa: F401 - for tools and tests
from game.player.sound.plans import EVENT_SOUNDS, MUSIC
from game.player.sound.shelf import SoundShelf
from game.player.sound.worker import NO_SYNTHESIS as _NO_SYNTHESIS
from game.player.sound.process import worker_options as _worker_options
from game.resources import sound_worker_command

# numpy is never imported here: the loops are synthesised by a worker process (sound/worker.py)
# into WAV files in the cache folder, and the mixer reads those. numpy costs the game's process
# about 20 MB once imported, and the synthesis itself 10-20 MB more at its peak; in a process
# of its own that memory goes back to the system the moment a loop is written.

log = logging.getLogger(__name__)

SAMPLE_RATE = 44100
FADE_SECONDS = 1.5
EFFECTS: tuple[str, ...] = ("select", "confirm", "page", "unavailable")
# Two channels crossfade; a third lets a new ambience start while an abandoned one is still
# being let go, instead of cutting it off mid-sound.
_AMBIENCE_SLOTS = 3
_EFFECT_SLOTS = 3    # a few, so quick key presses overlap instead of cutting each other off
_EVENT_SLOTS = 2  # a car still fading while a slosh falls; a third event waits for one of them
_MUSIC_SLOTS = 2  # the motif fading out and the motif starting again never share a channel
_QUICK_STOP_MS = 150  # a third ambience mid-crossfade is let go this fast, without a click
# Loaded ambiences kept: the one playing and the one before it (fading out, or faded), so going
# back and forth between two places never waits. Each is 1.2-1.8 MB of mixer samples, and loading
# one from the cache takes milliseconds on the sound thread: any other is loaded again when asked for.
KEPT_AMBIENCES = 2


def _worker_command(names: list[str], sample_rate: int, channels: int, out: Path) -> list[str]:
    """The command that synthesises the named sounds into out (tests put a stand-in here)."""
    return [*sound_worker_command(), *names,
            "--rate", str(sample_rate), "--channels", str(channels), "--out", str(out)]


def __getattr__(name: str) -> Any:
    # AMBIENCE_SYNTHS stays importable from here for tools and tests; it loads numpy only then.
    if name == "AMBIENCE_SYNTHS":
        from game.player.sound.offline import synths

        return synths()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


F = TypeVar("F", bound=Callable[..., Any])


def _quiet(method: F) -> F:
    """Sound must never take the game down: any mixer failure is logged and shrugged off."""
    @functools.wraps(method)
    def wrapper(self: "AudioEngine", *args: Any, **kwargs: Any) -> Any:
        if not self._available:
            return None
        try:
            return method(self, *args, **kwargs)
        except Exception:  # noqa: BLE001 - a broken audio device is not the player's problem
            log.debug("sound: %s failed", method.__name__, exc_info=True)
            return None
    return wrapper  # type: ignore[return-value]


class AudioEngine(SoundShelf):
    """Plays one ambience at a time with crossfades, plus UI effects; silent if it cannot play."""

    def __init__(self, enabled: bool = True) -> None:
        self._available = False
        self._owns_mixer = False
        self._rate = SAMPLE_RATE
        self._channels = 2
        self._mono = False  # every sound the same in both ears (Settings: Mono audio)
        self._master = 1.0
        self._ambience_volume = 1.0
        self._effects_volume = 1.0
        self._music_volume = 1.0
        self._events: Optional[EventLayer] = None  # made with the channels, once the mixer is open
        self._music: Optional[MusicPlayer] = None
        self._current: Optional[str] = None
        self._fade = 0.0
        self._current_slot: Optional[int] = None
        self._outgoing: Optional[str] = None
        self._out_fade = 0.0
        self._out_slot: Optional[int] = None
        self._ambience_channels: list[Any] = []
        self._effect_channels: list[Any] = []
        self._next_effect = 0
        SoundShelf.__init__(self)
        self._process: Optional[subprocess.Popen[str]] = None  # the synthesis worker, while one runs
        self._broken = False  # the worker cannot synthesise at all (no numpy, no Python to run)
        self._own_folder = False  # a temp folder of our own, because the cache folder cannot be written
        if not enabled:
            return
        try:
            self._open()
        except Exception as exc:  # noqa: BLE001 - no device, dummy driver quirks, odd formats
            log.info("sound is off: %s", exc)
            self._close_mixer()
            return
        self._available = True

    # --- read-only state ---------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._available

    @property
    def current_ambience(self) -> Optional[str]:
        """The ambience asked for last (fading in or playing), or None for silence."""
        return self._current

    @property
    def ambience_fade(self) -> float:
        """How far the current ambience has faded in, 0.0 to 1.0; it starts once synthesised."""
        return self._fade

    @property
    def outgoing_ambience(self) -> Optional[str]:
        """The ambience still fading out, if any."""
        return self._outgoing

    @property
    def outgoing_fade(self) -> float:
        return self._out_fade if self._outgoing is not None else 0.0

    @property
    def volumes(self) -> tuple[float, float, float]:
        return (self._master, self._ambience_volume, self._effects_volume)

    @property
    def music_volume(self) -> float:
        return self._music_volume

    @property
    def events(self) -> Optional[EventLayer]:
        """The events over the ambience (their log says what started when), once the mixer is open."""
        return self._events

    @property
    def music(self) -> Optional[MusicPlayer]:
        return self._music

    def wait_until_ready(self, name: Optional[str] = None, timeout: float = 10.0) -> bool:
        """Block until an ambience (the current one by default) or an effect is loaded or has failed.

        An ambience nobody asked for (not playing, not fading, not prewarmed) is never built,
        so for one of those this returns False at once unless it is still loaded from before.
        Meant for tests and tools; the game never waits for sound.
        """
        name = self._current if name is None else name
        if not self._available or name is None:
            return False
        deadline = time.monotonic() + timeout
        with self._ready:
            while not self._loaded(name) and name not in self._failed:
                if not self._wanted(name):
                    return False
                left = deadline - time.monotonic()
                if left <= 0 or self._stop.is_set():
                    return False
                self._ready.wait(min(left, 0.1))
            return self._loaded(name)

    # --- the contract ------------------------------------------------------------------------

    @_quiet
    def set_ambience(self, name: Optional[str]) -> None:
        target = None if name in (None, "", SILENCE) else name
        if target is not None and target not in AMBIENCES:
            log.info("sound: unknown ambience %r, playing silence", target)
            target = None
        if target == self._current:
            return
        if target is not None and target == self._outgoing:
            self._bring_back_outgoing()
            self._let_go_of_extras()
            return
        if self._outgoing is not None:
            self._stop_slot(self._out_slot)
            self._outgoing, self._out_slot, self._out_fade = None, None, 0.0
        if self._current_slot is not None:
            if self._fade > 0.0:
                self._outgoing, self._out_slot, self._out_fade = self._current, self._current_slot, self._fade
            else:
                self._stop_slot(self._current_slot)
        self._current, self._current_slot, self._fade = target, None, 0.0
        if target is not None:
            self._request(target)
            for event in self._events.sounds_for(target) if self._events is not None else ():
                self._request(event)  # after the bed: it is heard first, they come at random later
        self._apply_ambience_volumes()
        self._let_go_of_extras()

    @_quiet
    def set_volumes(self, master: float, ambience: float, effects: float, music: Optional[float] = None) -> None:
        self._master, self._ambience_volume, self._effects_volume = _unit(master), _unit(ambience), _unit(effects)
        if music is not None:
            self._music_volume = _unit(music)
        self._apply_ambience_volumes()

    @_quiet
    def set_music(self, name: Optional[str]) -> None:
        """The motif wanted now (title, endings), or None: it starts once ready and fades when let go."""
        target = name if name in MUSIC else None
        if self._music is None or target == self._music.wanted:
            return
        self._music.want(target)
        if target is not None:
            self._request(target)

    @_quiet
    def set_mono(self, mono: bool) -> None:
        """Mono or stereo, switched live: each sound is loaded again from files made with one channel (the two
        averaged, so nothing heard on one side only is lost), and events are no longer placed left or right."""
        if bool(mono) == self._mono:
            return
        self._mono = bool(mono)
        if self._events is not None:
            self._events.mono = self._mono
            self._events.stop()  # the next events come from the new files
        folder = self._cache_folder()
        with self._lock:
            self._folder = folder
            # A channel playing one of these keeps it until it stops; the new files replace them.
            self._sounds.clear()
            self._effects.clear()
            self._failed.clear()
        current = self._current
        self._stop_slot(self._out_slot)
        self._stop_slot(self._current_slot)
        self._current = self._outgoing = self._current_slot = self._out_slot = None
        self._fade = self._out_fade = 0.0
        for name in EFFECTS:
            self._request(name)
        self.set_ambience(current)  # its bed, then its events, from the new files
        if self._music is not None and self._music.wanted is not None:
            wanted = self._music.wanted
            self._music.stop()  # faded out, and heard again (from the new file) after its usual wait
            self._music.want(wanted)
            self._request(wanted)

    @property
    def mono(self) -> bool:
        return self._mono

    @_quiet
    def play_effect(self, name: str) -> None:
        sound = self._effects.get(name)
        volume = self._master * self._effects_volume
        if sound is None or volume <= 0.0 or not self._effect_channels:
            return
        channel = self._effect_channels[self._next_effect]
        self._next_effect = (self._next_effect + 1) % len(self._effect_channels)
        # The channel keeps its volume across play(), so setting it first avoids a loud first buffer.
        channel.set_volume(volume)
        channel.play(sound)

    @_quiet
    def update(self, dt: float) -> None:
        try:
            step = float(dt)
        except (TypeError, ValueError):
            step = 0.0
        if not (step > 0.0 and math.isfinite(step)):
            step = 0.0
        changed = False
        if self._current is not None and self._current_slot is None:
            changed = self._start_current()
        if self._current_slot is not None and self._fade < 1.0 and step:
            self._fade = min(1.0, self._fade + step / FADE_SECONDS)
            changed = True
        if self._outgoing is not None and step:
            self._out_fade = max(0.0, self._out_fade - step / FADE_SECONDS)
            if self._out_fade <= 0.0:
                self._ambience_channels[self._out_slot].stop()
                self._outgoing, self._out_slot = None, None
            changed = True
        if changed:
            self._apply_ambience_volumes()
        if self._events is not None and self._music is not None:
            playing = self._current if self._current_slot is not None else None
            self._events.update(step, playing, self._loaded_effect, self._ambience_level)
            self._music.update(step, self._loaded_effect, self._master * self._music_volume)
        self._let_go_of_extras()

    def shutdown(self) -> None:
        """Stop everything and let the mixer go; afterwards every method is a quiet no-op."""
        was_available = self._available
        self._available = False
        self._stop.set()
        process = self._stop_process()
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=3.0)
        if process is not None and process.poll() is None:
            try:
                process.kill()  # it did not take the polite hint
            except OSError:
                pass
        if was_available:
            try:
                for channel in self._ambience_channels + self._effect_channels:
                    channel.stop()
            except Exception:  # noqa: BLE001
                log.debug("sound: stopping channels failed", exc_info=True)
        self._close_mixer()
        self._events = self._music = None
        with self._lock:
            self._sounds.clear()
            self._effects.clear()
        self._current = self._outgoing = None
        self._current_slot = self._out_slot = None
        self._fade = self._out_fade = 0.0
        if self._own_folder:
            self._own_folder = False
            shutil.rmtree(self._folder, ignore_errors=True)

    # --- extras ------------------------------------------------------------------------------

    @_quiet
    def prewarm(self) -> None:
        """Synthesise (or load) every ambience in the background and keep them all, so any change starts at once.

        Holds every loop (about 15 MB of samples): for tools that switch a lot. The game itself
        does not call it; it loads what a scene asks for and keeps the last few.
        """
        with self._lock:
            self._pinned.update(AMBIENCES)
        for name in AMBIENCES:
            self._queue.put((1, next(self._order), name))
        self._ensure_worker()

    # --- inside ------------------------------------------------------------------------------

    def _open(self) -> None:
        if pygame.mixer.get_init() is None:
            pygame.mixer.init(frequency=SAMPLE_RATE, size=-16, channels=2, buffer=512)
            self._owns_mixer = True
        opened = pygame.mixer.get_init()
        if not opened:
            raise pygame.error("the mixer did not start")
        # The worker writes 16-bit files at the mixer's rate; SDL converts them to the mixer's sample format.
        self._rate, self._channels = int(opened[0]), int(opened[2])
        self._folder = self._cache_folder()
        needed = _AMBIENCE_SLOTS + _EFFECT_SLOTS + _EVENT_SLOTS + _MUSIC_SLOTS
        if pygame.mixer.get_num_channels() < needed + 4:
            pygame.mixer.set_num_channels(needed + 4)
        # Reserved channels are never handed out by Sound.play(), so nothing else can cut an ambience.
        pygame.mixer.set_reserved(needed)
        self._ambience_channels = [pygame.mixer.Channel(i) for i in range(_AMBIENCE_SLOTS)]
        self._effect_channels = [pygame.mixer.Channel(_AMBIENCE_SLOTS + i) for i in range(_EFFECT_SLOTS)]
        first = _AMBIENCE_SLOTS + _EFFECT_SLOTS
        self._events = EventLayer([pygame.mixer.Channel(first + i) for i in range(_EVENT_SLOTS)])
        first += _EVENT_SLOTS
        self._music = MusicPlayer([pygame.mixer.Channel(first + i) for i in range(_MUSIC_SLOTS)])
        for channel in self._ambience_channels:
            channel.set_volume(0.0)
        # Effects are tiny: read from the cache at once when they are there, else made in the
        # background together with the first ambience (the sound thread starts now, and gathers).
        missing = [name for name in EFFECTS if not self._load_cached(name)]
        for name in missing:
            self._queue.put((0, next(self._order), name))
        if missing:
            self._ensure_worker()

    def _cache_folder(self) -> Path:
        """This synthesis version's cache folder; a temp folder of our own if that cannot be written."""
        try:
            where = sound_cache.folder(self._rate, self._file_channels())
            where.mkdir(parents=True, exist_ok=True)
            if os.access(where, os.W_OK):
                return where
        except Exception:  # noqa: BLE001 - no home folder, read-only disk, odd platformdirs
            log.debug("sound: the cache folder cannot be used", exc_info=True)
        self._own_folder = True
        return Path(tempfile.mkdtemp(prefix="curtain-light-sound-"))

    def _file_channels(self) -> int:
        """Channels in the files the worker writes: SDL spreads stereo over more speakers, and mono over both."""
        return 1 if self._mono or self._channels == 1 else 2

    def _close_mixer(self) -> None:
        if self._owns_mixer:
            self._owns_mixer = False
            try:
                pygame.mixer.quit()
            except Exception:  # noqa: BLE001
                log.debug("sound: closing the mixer failed", exc_info=True)

    def _stop_slot(self, slot: Optional[int]) -> None:
        if slot is not None:
            self._ambience_channels[slot].fadeout(_QUICK_STOP_MS)

    def _bring_back_outgoing(self) -> None:
        """Asked for the ambience that is fading out: turn it round instead of starting over."""
        back, back_slot, back_fade = self._outgoing, self._out_slot, self._out_fade
        if self._current_slot is not None and self._fade > 0.0:
            self._outgoing, self._out_slot, self._out_fade = self._current, self._current_slot, self._fade
        else:
            self._stop_slot(self._current_slot)
            self._outgoing, self._out_slot, self._out_fade = None, None, 0.0
        self._current, self._current_slot, self._fade = back, back_slot, back_fade
        self._apply_ambience_volumes()

    def _start_current(self) -> bool:
        with self._lock:
            sound = self._sounds.get(self._current) if self._current is not None else None
            if sound is not None:
                self._sounds.move_to_end(self._current)
        if sound is None:
            return False
        free = [i for i in range(len(self._ambience_channels)) if i != self._out_slot]
        idle = [i for i in free if not self._ambience_channels[i].get_busy()]
        slot = (idle or free)[0]
        channel = self._ambience_channels[slot]
        channel.set_volume(0.0)
        channel.play(sound, loops=-1)
        self._current_slot, self._fade = slot, 0.0
        return True

    def _apply_ambience_volumes(self) -> None:
        level = self._master * self._ambience_volume
        if self._current_slot is not None:
            self._ambience_channels[self._current_slot].set_volume(level * _equal_power(self._fade))
        if self._out_slot is not None:
            self._ambience_channels[self._out_slot].set_volume(level * _equal_power(self._out_fade))
        if self._events is not None:
            self._events.apply(self._ambience_level)

    def _ambience_level(self, name: str) -> float:
        """What an ambience (and so each of its events) is heard at now: 0 once it has gone."""
        if name == self._current and self._current_slot is not None:
            fade = self._fade
        elif name == self._outgoing and self._out_slot is not None:
            fade = self._out_fade
        else:
            return 0.0
        return self._master * self._ambience_volume * _equal_power(fade)

    def _wanted(self, name: str) -> bool:
        """Whether a sound is worth building or keeping: an effect, a loop that plays, fades out, or was
        prewarmed, one of those loops' events, or the motif while it is wanted."""
        if name in EFFECTS or name == self._current or name == self._outgoing or name in self._pinned:
            return True
        if name in EVENT_SOUNDS and self._events is not None:
            return name in self._events.sounds_for(self._current) or name in self._events.sounds_for(self._outgoing)
        return name in MUSIC and self._music is not None and name == self._music.wanted

    def _let_go_of_extras(self) -> None:
        """Keep at most KEPT_AMBIENCES loaded, dropping the least recently asked-for first.

        Only the frame loop calls this, so what it is about to start can never vanish under it;
        a channel still playing a dropped sound keeps its own reference until it stops.
        """
        with self._lock:
            # Events and the motif are loaded only while wanted: the cars alone are 9 MB of samples.
            for name in [name for name in self._effects if name not in EFFECTS and not self._wanted(name)]:
                if not (self._music is not None and self._music.playing and name in MUSIC):
                    del self._effects[name]
            if len(self._sounds) <= KEPT_AMBIENCES:
                return
            for name in [name for name in self._sounds if not self._wanted(name)]:
                if len(self._sounds) <= KEPT_AMBIENCES:
                    break
                del self._sounds[name]

    def _synthesise(self, names: list[str]) -> None:
        """Have the worker process build the sounds into the cache, loading each as soon as it is written."""
        if not names or self._stop.is_set():
            return
        if self._broken:
            self._give_up(names)
            return
        done: set[str] = set()
        channels, folder = self._file_channels(), self._folder
        try:
            # The worker's complaints go to a file, not a pipe, so a long traceback can never block it.
            with tempfile.TemporaryFile() as errors:
                process = subprocess.Popen(
                    _worker_command(names, self._rate, channels, folder), stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE, stderr=errors, text=True, **_worker_options())
                with self._lock:
                    self._process = process
                if self._stop.is_set():
                    self._stop_process()
                assert process.stdout is not None
                with process.stdout:
                    for line in process.stdout:
                        name = line.strip()
                        if name in names and name not in done and self._load_cached(name):
                            done.add(name)
                code = process.wait()
                if code != 0 and not self._stop.is_set():
                    errors.seek(0)
                    log.debug("sound: the synthesis worker ended with %s: %s", code,
                              errors.read()[-4000:].decode("utf-8", "replace"))
                    if code == _NO_SYNTHESIS:
                        self._broken = True
        except Exception:  # noqa: BLE001 - no Python to run, no process allowed: silence from now on
            log.debug("sound: the synthesis worker could not run", exc_info=True)
            self._broken = True
        finally:
            with self._lock:
                self._process = None
        if not self._stop.is_set() and folder == self._folder:  # after a mono switch they are asked for anew
            self._give_up([name for name in names if name not in done])

    def _stop_process(self) -> Optional["subprocess.Popen[str]"]:
        """Ask a running worker to stop (it removes its half-written file); returns it, if any."""
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            try:
                process.terminate()
            except OSError:
                pass
        return process
