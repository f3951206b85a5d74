"""What plays over each ambience at random moments, and the music: names and timings only, no numpy."""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional

# Standard library only: the game's process reads this to schedule sounds, and must not load numpy.
#
# A short loop is cheap to build, small on disk and in the mixer, but its events come back at the
# same moments every turn and the ear learns them within a minute. So the loops carry only what
# is steady (a rumble, the drum's turning, the air), and what stands out (a car, a heavy slosh, a
# tick of metal) is a short sound of its own, one of a few variants, started by the engine at
# random moments, placed at random in the stereo image and at a random level. Nothing repeats in
# step with the loop, and nothing costs more at play time than starting a channel now and then.


class EventPlan(NamedTuple):
    """Sounds the engine drops over an ambience: which, how far apart (seconds), how loud, where."""

    sounds: tuple[str, ...]
    gap: tuple[float, float]  # the wait before the next one, drawn uniformly from this range
    level: float  # gain against the bed (1.0: as synthesised)
    pan: tuple[float, float] = (-0.5, 0.5)  # equal-power placement, -1 left to 1 right
    first: tuple[float, float] = (1.0, 4.0)  # the wait before the first one, once the bed plays


def _variants(stem: str, count: int) -> tuple[str, ...]:
    return tuple(f"{stem}_{k}" for k in range(1, count + 1))


CAR_SOUNDS = _variants("car_near", 4)
FAR_CAR_SOUNDS = _variants("car_far", 3)
SLOSH_SOUNDS = _variants("slosh", 5)
TICK_SOUNDS = _variants("fridge_tick", 3)
DRIP_SOUNDS = _variants("sill_drip", 4)
CRICKET_SOUNDS = _variants("cricket_near", 4)

EVENT_PLANS: dict[str, EventPlan] = {
    "traffic": EventPlan(CAR_SOUNDS, gap=(2.5, 11.0), level=1.0, pan=(-0.35, 0.35), first=(0.5, 3.0)),
    "night_town": EventPlan(FAR_CAR_SOUNDS, gap=(7.0, 26.0), level=0.8, pan=(-0.6, 0.6), first=(3.0, 9.0)),
    # The drum's own turning carries light sloshes in its loop; these heavy ones fall where they will.
    "washing_machine": EventPlan(SLOSH_SOUNDS, gap=(1.1, 4.8), level=1.0, pan=(-0.25, 0.25), first=(0.6, 2.0)),
    "fridge_hum": EventPlan(TICK_SOUNDS, gap=(6.0, 28.0), level=1.0, pan=(-0.3, 0.3), first=(2.0, 8.0)),
    # A nearer cricket joins in now and then and stops, over the three in the seven-second loop.
    "crickets": EventPlan(CRICKET_SOUNDS, gap=(3.0, 14.0), level=1.0, pan=(-0.8, 0.8), first=(1.0, 5.0)),
    "rain": EventPlan(DRIP_SOUNDS, gap=(0.4, 3.2), level=0.6, pan=(-0.7, 0.7), first=(0.3, 1.5)),
}

EVENT_SOUNDS: tuple[str, ...] = tuple(dict.fromkeys(name for plan in EVENT_PLANS.values() for name in plan.sounds))

# The one musical motif, for the title screen and the endings; heard once, then again after a long rest.
MOTIF = "motif"
MUSIC: tuple[str, ...] = (MOTIF,)
MUSIC_REST = (55.0, 95.0)  # seconds of silence before it is heard again, while it is still wanted
MUSIC_FIRST = (0.8, 1.6)  # a breath before it starts, so it never lands on a key press
MUSIC_FADE_SECONDS = 2.5  # how gently it goes when the screen moves on


class EventScheduler:
    """Decides, frame by frame, when the next event over one ambience falls, which one, where and how loud.

    `rng` is a random.Random: the engine's is unseeded (every evening sounds different), the
    tests' and the benchmark's are seeded, so what they measure is what was heard.
    """

    def __init__(self, plan: EventPlan, rng: Any) -> None:
        self.plan = plan
        self._rng = rng
        self._wait = rng.uniform(*plan.first)
        self._last: Optional[str] = None

    def advance(self, dt: float, ready: Callable[[str], bool]) -> Optional[tuple[str, float, float]]:
        """After dt seconds: (sound, pan, gain) if one is due now and `ready` says it can play, else None.

        One that is due but not loaded yet is let go, not saved up: events never bunch together.
        """
        self._wait -= dt
        if self._wait > 0.0:
            return None
        plan, rng = self.plan, self._rng
        self._wait += rng.uniform(*plan.gap)
        self._wait = max(self._wait, plan.gap[0] * 0.5)  # after a long frame, still no burst
        choices = [name for name in plan.sounds if ready(name)]
        if not choices:
            return None
        # Never the same variant twice running, which is what the ear would catch first.
        fresh = [name for name in choices if name != self._last] or choices
        name = rng.choice(fresh)
        self._last = name
        return name, rng.uniform(*plan.pan), plan.level * rng.uniform(0.65, 1.0)
