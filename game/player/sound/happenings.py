"""The short sounds dropped over the ambience beds at random moments: cars, heavy sloshes, ticks, drips, a cricket."""
from __future__ import annotations

from typing import Callable

import numpy as np

from game.player.sound.dsp import (
    Loop, bandpass, blocks, brown, damped_sine, finish, noise, noise_pair, pan, pink,
)
from game.player.sound.ambiences import _chirp
from game.player.sound.plans import (
    CAR_SOUNDS, CRICKET_SOUNDS, DRIP_SOUNDS, FAR_CAR_SOUNDS, SLOSH_SOUNDS, TICK_SOUNDS,
)

# Each event is built like a loop (the same seeded frame and noise), then windowed to silence at
# both ends, so it can start and stop on any buffer without a click. Levels are RMS dBFS over
# the whole event, set so that the bed with its events at their planned rate measures what the
# ambience measured when its events were baked into the loop (the benchmark prints both).


def _edges(length: int, sample_rate: int, seconds: float = 0.05) -> np.ndarray:
    """1 in the middle, a raised-cosine fade in and out at the ends."""
    window = np.ones(length)
    n = min(length // 2, max(2, int(seconds * sample_rate)))
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))
    window[:n] = ramp
    window[-n:] = ramp[::-1]
    return window


def car(sample_rate: int, seed: int, direction: float, far: bool) -> np.ndarray:
    """A car some streets away swelling past and fading, crossing the image one way."""
    # Only as long as it is heard over the rumble: every second of it is 176 kB in the mixer.
    loop = Loop(sample_rate, 7.5 if far else 6.0, seed=seed)
    f = loop.freqs
    cut = loop.rng.uniform(650.0, 900.0) if far else loop.rng.uniform(1100.0, 1600.0)
    body = noise_pair(loop, pink(f) * bandpass(f, 70.0 if far else 80.0, cut, 2), width=0.3)
    hiss = noise(loop, pink(f) * bandpass(f, 350.0, cut * 2.2, 2))
    centre = loop.duration / 2.0 + loop.rng.uniform(-0.4, 0.4)
    sigma = loop.rng.uniform(1.1, 1.6) if far else loop.rng.uniform(0.8, 1.3)
    root2 = np.sqrt(2.0)
    out = np.zeros((loop.n, 2), np.float32)
    for start, end in blocks(loop.n):
        d = loop.seconds(start, end) - centre
        # Approach a touch slower than the going away, as a car does; no game-like Doppler sweep.
        width = np.where(d < 0.0, sigma * 1.2, sigma * 0.9)
        env = np.exp(-0.5 * (d / width) ** 2)
        position = direction * (0.5 if far else 0.7) * np.tanh(d / sigma)
        angle = (np.clip(position, -1.0, 1.0) + 1.0) * np.pi / 4.0
        left, right = np.cos(angle) * root2, np.sin(angle) * root2
        # Tyre hiss reaches you only while the car is nearest: the brightening of a car passing.
        sound = body[start:end, 0] * env * 0.7 + hiss[start:end] * env ** 2 * (0.1 if far else 0.22)
        out[start:end, 0] = sound * left
        out[start:end, 1] = sound * right + body[start:end, 1] * env * 0.3
    out *= _edges(loop.n, sample_rate, 0.4)[:, None]
    return finish(out, rms_db=-37.0 if far else -30.0, peak_db=-16.0)


def slosh(sample_rate: int, seed: int) -> np.ndarray:
    """A heavy slosh: a load of wet laundry falling in the drum, its water slapping and draining off."""
    loop = Loop(sample_rate, 1.6, seed=seed)
    f = loop.freqs
    sr = loop.sample_rate
    t = np.arange(loop.n) / sr
    rise = loop.rng.uniform(0.03, 0.06)
    onset = np.clip(t / rise, 0.0, 1.0) ** 2
    # The water: a broad splash that dies fast, and a darker wash that runs off after it.
    splash = noise_pair(loop, pink(f) * bandpass(f, 160.0, loop.rng.uniform(1300.0, 2000.0), 2), width=0.5)
    splash *= (onset * np.exp(-t / loop.rng.uniform(0.12, 0.2)))[:, None]
    wash = noise_pair(loop, brown(f, 40.0) * bandpass(f, 60.0, 600.0, 2), width=0.6)
    wash *= (onset * np.exp(-t / loop.rng.uniform(0.3, 0.45)) * 0.9)[:, None]
    # The mass: a low thud through the floor, heard the same on both sides.
    thud = damped_sine(sr, loop.rng.uniform(48.0, 62.0), 0.11, loop.duration, attack_s=0.008, glide=0.2)
    thud += 0.4 * damped_sine(sr, loop.rng.uniform(95.0, 120.0), 0.06, loop.duration, attack_s=0.006)
    delay = int(loop.rng.uniform(0.01, 0.03) * sr)
    mix = splash + wash
    mix[delay:] += (thud[: loop.n - delay] * 1.6)[:, None]
    # A few drips running off the paddles just after.
    for _ in range(int(loop.rng.integers(2, 5))):
        at = int(loop.rng.uniform(0.2, 0.9) * sr)
        drip = damped_sine(sr, loop.rng.uniform(500.0, 1100.0), 0.02, 0.12, attack_s=0.002, glide=0.2)
        mix[at:at + drip.shape[0]] += pan(drip * loop.rng.uniform(0.05, 0.12), loop.rng.uniform(-0.5, 0.5))
    mix *= _edges(loop.n, sr, 0.03)[:, None]
    return finish(mix.astype(np.float32), rms_db=-28.0, peak_db=-15.0)


def fridge_tick(sample_rate: int, seed: int) -> np.ndarray:
    """The fridge's metal ticking once or twice as it cools."""
    rng = np.random.default_rng(seed)
    sr = sample_rate
    out = np.zeros((int(0.6 * sr), 2))
    at = 0
    for _ in range(int(rng.integers(1, 3))):
        base = rng.uniform(1250.0, 1650.0)
        tick = (damped_sine(sr, base, 0.012, 0.08) + 0.5 * damped_sine(sr, base * 2.1, 0.006, 0.08)
                + 0.6 * damped_sine(sr, rng.uniform(120.0, 160.0), 0.03, 0.08))
        out[at:at + tick.shape[0]] += pan(tick * rng.uniform(0.7, 1.0), rng.uniform(-0.2, 0.2))
        at += int(rng.uniform(0.15, 0.35) * sr)
    return finish((out * _edges(out.shape[0], sr, 0.005)[:, None]).astype(np.float32), rms_db=-38.0)


def sill_drip(sample_rate: int, seed: int) -> np.ndarray:
    """A heavier drip from the window sill: a small falling plink, now and then a second one."""
    rng = np.random.default_rng(seed)
    sr = sample_rate
    out = np.zeros((int(0.4 * sr), 2))
    at = 0
    for _ in range(int(rng.integers(1, 3))):
        plink = damped_sine(sr, rng.uniform(1800.0, 3200.0), 0.018, 0.09, attack_s=0.001, glide=0.15)
        out[at:at + plink.shape[0]] += pan(plink * rng.uniform(0.6, 1.0), rng.uniform(-0.3, 0.3))
        at += int(rng.uniform(0.08, 0.25) * sr)
    return finish((out * _edges(out.shape[0], sr, 0.003)[:, None]).astype(np.float32), rms_db=-40.0)


def cricket_near(sample_rate: int, seed: int) -> np.ndarray:
    """A cricket nearer than the others, taking up its song for a few seconds and stopping again."""
    loop = Loop(sample_rate, 4.0, seed=seed)
    sr = loop.sample_rate
    freq = loop.rng.uniform(4300.0, 4800.0)
    period = loop.rng.uniform(0.45, 0.7)
    out = np.zeros(loop.n)
    t = loop.rng.uniform(0.05, 0.2)
    count = 0
    while t < loop.duration - 0.4:
        # It starts hesitantly and tails off: the first and last chirps are the shortest and softest.
        left = (loop.duration - 0.4 - t) / loop.duration
        swell = min(1.0, 0.5 + count * 0.2, 0.4 + 2.0 * left)
        chirp = _chirp(loop, freq * (1.0 + loop.rng.normal(0.0, 0.003)), int(loop.rng.integers(2, 5)))
        at = int(t * sr)
        out[at:at + chirp.shape[0]] += chirp[: loop.n - at] * swell
        t += period * loop.rng.uniform(0.8, 1.25)
        count += 1
    stereo = pan(out * _edges(loop.n, sr, 0.01), 0.0)
    return finish(stereo.astype(np.float32), rms_db=-37.0, peak_db=-18.0)


def _bound(make: Callable[..., np.ndarray], **kwargs: object) -> Callable[[int], np.ndarray]:
    def synth(sample_rate: int) -> np.ndarray:
        return make(sample_rate, **kwargs)
    synth.__doc__ = make.__doc__
    return synth


EVENT_SYNTHS: dict[str, Callable[[int], np.ndarray]] = {
    **{name: _bound(car, seed=3100 + k, direction=1.0 if k % 2 else -1.0, far=False)
       for k, name in enumerate(CAR_SOUNDS)},
    **{name: _bound(car, seed=3200 + k, direction=1.0 if k % 2 else -1.0, far=True)
       for k, name in enumerate(FAR_CAR_SOUNDS)},
    **{name: _bound(slosh, seed=3300 + k) for k, name in enumerate(SLOSH_SOUNDS)},
    **{name: _bound(fridge_tick, seed=3400 + k) for k, name in enumerate(TICK_SOUNDS)},
    **{name: _bound(sill_drip, seed=3500 + k) for k, name in enumerate(DRIP_SOUNDS)},
    **{name: _bound(cricket_near, seed=3600 + k) for k, name in enumerate(CRICKET_SOUNDS)},
}
