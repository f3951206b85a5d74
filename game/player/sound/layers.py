"""What the sound engine plays besides its loops: events over the ambience at random moments, and the motif."""
from __future__ import annotations

import math
import random
from collections import deque
from typing import Any, Callable, Optional

from game.player.sound.plans import (
    EVENT_PLANS, MUSIC_FADE_SECONDS, MUSIC_FIRST, MUSIC_REST, EventScheduler,
)

# No numpy here either: these run in the game's process, on the frame loop, and only ever start a
# channel or set its volume. Nothing they do costs more than a few microseconds a frame.

_QUICK_STOP_MS = 150
Lookup = Callable[[str], Any]  # a loaded pygame Sound by name, or None while it is still being built


def equal_power(level: float) -> float:
    # A crossfade of two unrelated sounds keeps its loudness when the gains follow sine/cosine.
    return math.sin(max(0.0, min(1.0, level)) * math.pi / 2.0)


def unit(value: float) -> float:
    """A volume in [0, 1]; anything that is not a finite number is silence."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, min(1.0, value)) if math.isfinite(value) else 0.0


class EventLayer:
    """Starts the current ambience's events on channels of their own, and keeps each in step with its ambience's fade."""

    def __init__(self, channels: list[Any], rng: Optional[random.Random] = None) -> None:
        self._channels = channels
        self._rng = rng or random.Random()
        self._owner: Optional[str] = None
        self._scheduler: Optional[EventScheduler] = None
        # Per channel: (the ambience it belongs to, left gain, right gain), or None when free.
        self._playing: list[Optional[tuple[str, float, float]]] = [None] * len(channels)
        self._ends = [0.0] * len(channels)  # when each channel's event is over, by this layer's clock
        self._clock = 0.0
        self.mono = False  # every event in the middle, the same in both ears
        self.log: deque[tuple[float, str, float, float]] = deque(maxlen=256)  # (time, name, left, right)

    def sounds_for(self, ambience: Optional[str]) -> tuple[str, ...]:
        plan = EVENT_PLANS.get(ambience or "")
        return plan.sounds if plan is not None else ()

    def update(self, dt: float, ambience: Optional[str], lookup: Lookup, level: Callable[[str], float]) -> None:
        """One frame: `ambience` is the one whose bed is playing now (None while none is); `level` its gain."""
        self._clock += dt
        if ambience != self._owner:
            self._owner = ambience
            plan = EVENT_PLANS.get(ambience or "")
            self._scheduler = EventScheduler(plan, self._rng) if plan is not None else None
        if self._scheduler is not None and ambience is not None and dt > 0.0:
            due = self._scheduler.advance(dt, lambda name: lookup(name) is not None)
            if due is not None:
                self._start(ambience, lookup(due[0]), *due)
        self.apply(level)

    def apply(self, level: Callable[[str], float]) -> None:
        """Each playing event at its ambience's level now; one whose ambience is gone is let go."""
        for index, state in enumerate(self._playing):
            if state is None:
                continue
            channel = self._channels[index]
            owner, left, right = state
            gain = level(owner)
            if not channel.get_busy():
                self._playing[index] = None
            elif gain <= 0.0:
                channel.fadeout(_QUICK_STOP_MS)
                self._playing[index] = None
            else:
                channel.set_volume(left * gain, right * gain)

    def stop(self) -> None:
        for index, state in enumerate(self._playing):
            if state is not None:
                self._channels[index].fadeout(_QUICK_STOP_MS)
                self._playing[index] = None

    def _start(self, ambience: str, sound: Any, name: str, position: float, gain: float) -> None:
        # A channel is free once its event has run its length, even if the device says it is busy:
        # a stalled or dummy device must not silence every event after the first two.
        free = [i for i, state in enumerate(self._playing)
                if state is None or not self._channels[i].get_busy() or self._clock > self._ends[i]]
        if sound is None or not free:
            return  # two events still sounding: this one is skipped rather than cutting one off
        index = free[0]
        angle = ((0.0 if self.mono else max(-1.0, min(1.0, position))) + 1.0) * math.pi / 4.0
        # Equal-power placement, capped at 1 per side (a channel cannot go louder than its sound).
        left = gain * min(1.0, math.cos(angle) * math.sqrt(2.0))
        right = gain * min(1.0, math.sin(angle) * math.sqrt(2.0))
        channel = self._channels[index]
        channel.set_volume(0.0, 0.0)  # the right level follows in apply(), before any buffer is mixed
        channel.play(sound)
        self._playing[index] = (ambience, left, right)
        self._ends[index] = self._clock + float(sound.get_length()) + 0.25
        self.log.append((self._clock, name, left, right))


class MusicPlayer:
    """The motif: heard a moment after it is wanted, then again after a long rest, faded out when no longer wanted."""

    def __init__(self, channels: list[Any], rng: Optional[random.Random] = None) -> None:
        self._channels = channels  # two, so a motif fading out is never cut off by the next start
        self._rng = rng or random.Random()
        self._next = 0
        self._active: Optional[int] = None
        self._wait: Optional[float] = None
        self._clock = 0.0
        self.wanted: Optional[str] = None
        self.log: deque[tuple[float, str]] = deque(maxlen=64)  # (time, name) of every start

    @property
    def playing(self) -> bool:
        return self._active is not None and bool(self._channels[self._active].get_busy())

    def want(self, name: Optional[str]) -> None:
        if name == self.wanted:
            return
        self.wanted = name
        self._fade_out()
        self._wait = self._rng.uniform(*MUSIC_FIRST) if name is not None else None

    def update(self, dt: float, lookup: Lookup, volume: float) -> None:
        self._clock += dt
        if self.wanted is not None and self._wait is not None:
            self._wait -= dt
            sound = lookup(self.wanted) if self._wait <= 0.0 else None
            if sound is not None:  # not built yet: it starts the frame it is ready
                channel = self._channels[self._next]
                self._active, self._next = self._next, (self._next + 1) % len(self._channels)
                channel.set_volume(volume)
                channel.play(sound)
                self.log.append((self._clock, self.wanted))
                self._wait = float(sound.get_length()) + self._rng.uniform(*MUSIC_REST)
        if self._active is not None:
            self._channels[self._active].set_volume(volume)

    def stop(self) -> None:
        self.wanted, self._wait = None, None
        self._fade_out()

    def _fade_out(self) -> None:
        if self._active is not None:
            self._channels[self._active].fadeout(int(MUSIC_FADE_SECONDS * 1000))
            self._active = None
