"""The sound engine: synthesised ambience loops that crossfade, and short UI effects, or silence."""
from __future__ import annotations

import functools
import itertools
import logging
import math
import os
import queue
import sys
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Optional, TypeVar

import pygame

from game.core.registry import AMBIENCES, SILENCE

try:
    import numpy
    from game.player.sound.ambiences import AMBIENCE_SYNTHS as _BUILT_SYNTHS
    from game.player.sound.effects import EFFECT_SYNTHS as _EFFECT_SYNTHS
except ImportError:  # without numpy there is nothing to synthesise with: the game stays silent
    numpy = None  # type: ignore[assignment]
    _BUILT_SYNTHS = {}
    _EFFECT_SYNTHS = {}

log = logging.getLogger(__name__)

SAMPLE_RATE = 44100
FADE_SECONDS = 1.5
EFFECTS: tuple[str, ...] = ("select", "confirm", "page", "unavailable")
# Two channels crossfade; a third lets a new ambience start while an abandoned one is still
# being let go, instead of cutting it off mid-sound.
_AMBIENCE_SLOTS = 3
_EFFECT_SLOTS = 3    # a few, so quick key presses overlap instead of cutting each other off
_QUICK_STOP_MS = 150  # a third ambience mid-crossfade is let go this fast, without a click
_PREWARM_PAUSE = 0.05  # breathing room between background syntheses, for the frame loop
# Loaded ambiences kept: the one playing and the one before it (fading out, or faded), so going
# back and forth between two places never waits. Each is 1.2-1.8 MB of mixer samples, and building
# one takes a tenth of a second on the synthesis thread: any other is made again when asked for.
KEPT_AMBIENCES = 2


def _needs_numpy(name: str) -> Callable[[int], Any]:
    def synth(sample_rate: int) -> Any:
        raise RuntimeError(f"numpy is needed to synthesise the ambience {name!r}")
    return synth


AMBIENCE_SYNTHS: dict[str, Callable[[int], "numpy.ndarray"]] = (
    dict(_BUILT_SYNTHS) if numpy is not None else {name: _needs_numpy(name) for name in AMBIENCES}
)

# synthesize_ambience's last few loops, for tools and tests that ask for the same one twice.
# The engine does not use it: it keeps only the mixer's copy of what it plays (see _work).
_cache: dict[tuple[str, int], Any] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 2


def _cached_ambience(name: str, sample_rate: int) -> "numpy.ndarray":
    """The named loop, from the small cache when it was asked for lately, else synthesised."""
    if name not in AMBIENCE_SYNTHS:
        raise ValueError(f"unknown ambience {name!r}; known: {', '.join(AMBIENCE_SYNTHS)}")
    key = (name, int(sample_rate))
    with _cache_lock:
        found = _cache.pop(key, None)
        if found is not None:
            _cache[key] = found  # most recent last
    if found is None:
        # Synthesised outside the lock: two threads may both build it, which is only wasted time.
        found = AMBIENCE_SYNTHS[name](int(sample_rate))
        found.setflags(write=False)
        with _cache_lock:
            found = _cache.setdefault(key, found)
            while len(_cache) > _CACHE_SIZE:
                del _cache[next(iter(_cache))]
    return found


def synthesize_ambience(name: str, sample_rate: int = SAMPLE_RATE) -> "numpy.ndarray":
    """The named ambience as an int16 (n, 2) seamless loop of 6–10 s, at the given rate."""
    return _cached_ambience(name, sample_rate).copy()


def _mixer_samples(stereo: "numpy.ndarray", size: int, channels: int) -> Optional["numpy.ndarray"]:
    """Our int16 stereo as a C-contiguous array in the sample format and channel count the mixer opened.

    The usual case (16-bit signed stereo) is the array itself: no copy at all.
    """
    if channels == 1:
        frames = stereo.mean(axis=1).astype(numpy.int16)[:, None]
    elif channels == 2:
        frames = stereo
    elif channels > 2:
        frames = numpy.zeros((stereo.shape[0], channels), dtype=numpy.int16)
        frames[:, :2] = stereo
    else:
        return None
    if size == -16:
        out = frames.astype(numpy.int16, copy=False)
    elif size == 16:
        out = (frames.astype(numpy.int32) + 32768).astype(numpy.uint16)
    elif size == -8:
        out = (frames >> 8).astype(numpy.int8)
    elif size == 8:
        out = ((frames.astype(numpy.int32) >> 8) + 128).astype(numpy.uint8)
    elif size in (32, -32):
        # pygame only opens 32-bit as float, and reports it as -32 because float samples are signed.
        out = frames.astype(numpy.float32)
        out /= 32768.0
    else:
        return None
    return numpy.ascontiguousarray(out)


def _to_mixer_format(stereo: "numpy.ndarray", size: int, channels: int) -> Optional[bytes]:
    """Our int16 stereo in whatever sample format and channel count the mixer really opened."""
    out = _mixer_samples(stereo, size, channels)
    return None if out is None else out.tobytes()


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


def _lower_thread_priority() -> None:
    """On Linux a thread has its own niceness: let the frame loop win when the CPU is busy."""
    if not sys.platform.startswith("linux") or not hasattr(os, "setpriority"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except OSError:
        pass


def _equal_power(level: float) -> float:
    # A crossfade of two unrelated sounds keeps its loudness when the gains follow sine/cosine.
    return math.sin(max(0.0, min(1.0, level)) * math.pi / 2.0)


def _unit(value: float) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, min(1.0, value)) if math.isfinite(value) else 0.0


class AudioEngine:
    """Plays one ambience at a time with crossfades, plus UI effects; silent if it cannot play."""

    def __init__(self, enabled: bool = True) -> None:
        self._available = False
        self._owns_mixer = False
        self._rate = SAMPLE_RATE
        self._size = -16
        self._channels = 2
        self._master = 1.0
        self._ambience_volume = 1.0
        self._effects_volume = 1.0
        self._current: Optional[str] = None
        self._fade = 0.0
        self._current_slot: Optional[int] = None
        self._outgoing: Optional[str] = None
        self._out_fade = 0.0
        self._out_slot: Optional[int] = None
        self._ambience_channels: list[Any] = []
        self._effect_channels: list[Any] = []
        self._next_effect = 0
        self._effects: dict[str, Any] = {}
        # Written by the synthesis thread, read by the frame loop: guarded by _lock. Least
        # recently asked-for first; only the frame loop lets go of any (see _let_go_of_extras).
        self._sounds: OrderedDict[str, Any] = OrderedDict()
        self._failed: set[str] = set()
        self._pinned: set[str] = set()  # everything, once prewarm() is asked for
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._queue: "queue.PriorityQueue[tuple[int, int, str]]" = queue.PriorityQueue()
        self._order = itertools.count()
        self._stop = threading.Event()
        self._worker: Optional[threading.Thread] = None
        if not enabled or numpy is None:
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

    def is_ready(self, name: str) -> bool:
        """Whether the ambience is synthesised and loaded, so it would start on the next update."""
        with self._lock:
            return name in self._sounds

    @property
    def loaded_ambiences(self) -> tuple[str, ...]:
        """The ambiences synthesised and held by the mixer now, least recently asked-for first."""
        with self._lock:
            return tuple(self._sounds)

    def wait_until_ready(self, name: Optional[str] = None, timeout: float = 10.0) -> bool:
        """Block until an ambience (the current one by default) is loaded or has failed.

        An ambience nobody asked for (not playing, not fading, not prewarmed) is never built,
        so for one of those this returns False at once unless it is still loaded from before.
        Meant for tests and tools; the game never waits for sound.
        """
        name = self._current if name is None else name
        if not self._available or name is None:
            return False
        deadline = time.monotonic() + timeout
        with self._ready:
            while name not in self._sounds and name not in self._failed:
                if not self._wanted(name):
                    return False
                left = deadline - time.monotonic()
                if left <= 0 or self._stop.is_set():
                    return False
                self._ready.wait(min(left, 0.1))
            return name in self._sounds

    # --- the contract ------------------------------------------------------------------------

    @_quiet
    def set_ambience(self, name: Optional[str]) -> None:
        target = None if name in (None, "", SILENCE) else name
        if target is not None and target not in AMBIENCE_SYNTHS:
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
        self._apply_ambience_volumes()
        self._let_go_of_extras()

    @_quiet
    def set_volumes(self, master: float, ambience: float, effects: float) -> None:
        self._master, self._ambience_volume, self._effects_volume = _unit(master), _unit(ambience), _unit(effects)
        self._apply_ambience_volumes()

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
        self._let_go_of_extras()

    def shutdown(self) -> None:
        """Stop everything and let the mixer go; afterwards every method is a quiet no-op."""
        was_available = self._available
        self._available = False
        self._stop.set()
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=3.0)
        if was_available:
            try:
                for channel in self._ambience_channels + self._effect_channels:
                    channel.stop()
            except Exception:  # noqa: BLE001
                log.debug("sound: stopping channels failed", exc_info=True)
        self._close_mixer()
        with self._lock:
            self._sounds.clear()
        self._effects.clear()
        self._current = self._outgoing = None
        self._current_slot = self._out_slot = None
        self._fade = self._out_fade = 0.0

    # --- extras ------------------------------------------------------------------------------

    @_quiet
    def prewarm(self) -> None:
        """Synthesise every ambience in the background and keep them all, so any change starts at once.

        Holds every loop (about 15 MB of samples): for tools that switch a lot. The game itself
        does not call it; it builds what a scene asks for and keeps the last few.
        """
        with self._lock:
            self._pinned.update(AMBIENCE_SYNTHS)
        for name in AMBIENCE_SYNTHS:
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
        self._rate, self._size, self._channels = int(opened[0]), int(opened[1]), int(opened[2])
        probe = _mixer_samples(numpy.zeros((4, 2), dtype=numpy.int16), self._size, self._channels)
        if probe is None:
            raise pygame.error(f"unsupported mixer format {opened}")
        needed = _AMBIENCE_SLOTS + _EFFECT_SLOTS
        if pygame.mixer.get_num_channels() < needed + 4:
            pygame.mixer.set_num_channels(needed + 4)
        # Reserved channels are never handed out by Sound.play(), so nothing else can cut an ambience.
        pygame.mixer.set_reserved(needed)
        self._ambience_channels = [pygame.mixer.Channel(i) for i in range(_AMBIENCE_SLOTS)]
        self._effect_channels = [pygame.mixer.Channel(_AMBIENCE_SLOTS + i) for i in range(_EFFECT_SLOTS)]
        for channel in self._ambience_channels:
            channel.set_volume(0.0)
        # Effects are tiny (a few milliseconds of work in all), so they are ready from the start.
        for name in EFFECTS:
            synth = _EFFECT_SYNTHS.get(name)
            if synth is not None:
                self._effects[name] = self._make_sound(synth(self._rate))

    def _close_mixer(self) -> None:
        if self._owns_mixer:
            self._owns_mixer = False
            try:
                pygame.mixer.quit()
            except Exception:  # noqa: BLE001
                log.debug("sound: closing the mixer failed", exc_info=True)

    def _make_sound(self, stereo: "numpy.ndarray") -> Any:
        data = _mixer_samples(stereo, self._size, self._channels)
        if data is None:
            raise pygame.error("unsupported mixer format")
        # The mixer copies the samples into its own buffer; no bytes copy in between.
        return pygame.mixer.Sound(buffer=data)

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

    def _request(self, name: str) -> None:
        with self._lock:
            if name in self._sounds:
                self._sounds.move_to_end(name)
                return
            if name in self._failed:
                return
        self._queue.put((0, next(self._order), name))
        self._ensure_worker()

    def _wanted(self, name: str) -> bool:
        """Whether a loop is worth building or keeping: it plays, fades out, or was prewarmed."""
        return name == self._current or name == self._outgoing or name in self._pinned

    def _let_go_of_extras(self) -> None:
        """Keep at most KEPT_AMBIENCES loaded, dropping the least recently asked-for first.

        Only the frame loop calls this, so what it is about to start can never vanish under it;
        a channel still playing a dropped sound keeps its own reference until it stops.
        """
        with self._lock:
            if len(self._sounds) <= KEPT_AMBIENCES:
                return
            for name in [name for name in self._sounds if not self._wanted(name)]:
                if len(self._sounds) <= KEPT_AMBIENCES:
                    break
                del self._sounds[name]

    def _ensure_worker(self) -> None:
        if self._worker is None and not self._stop.is_set():
            self._worker = threading.Thread(target=self._work, name="ambience-synth", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        """The synthesis thread: builds what is asked for, most urgent first, never raising."""
        _lower_thread_priority()
        while not self._stop.is_set():
            try:
                priority, _, name = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            with self._lock:
                # A scene already left behind before its turn came is not built at all.
                if name in self._sounds or name in self._failed or not self._wanted(name):
                    continue
            sound = None
            try:
                stereo = AMBIENCE_SYNTHS[name](self._rate)
                if self._stop.is_set():
                    break
                # Only the mixer's copy is kept: the int16 loop goes as soon as the sound exists.
                sound = self._make_sound(stereo)
                del stereo
            except Exception:  # noqa: BLE001 - one broken ambience must not silence the rest
                log.debug("sound: could not build %s", name, exc_info=True)
            with self._ready:
                if sound is None:
                    self._failed.add(name)
                else:
                    self._sounds[name] = sound
                self._ready.notify_all()
            if priority > 0:
                self._stop.wait(_PREWARM_PAUSE)
