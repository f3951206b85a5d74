"""Periodic signal-building blocks: every layer they make wraps around its loop without a seam."""
from __future__ import annotations

import math
from typing import Optional

import numpy as np

# Everything here is built to be exactly periodic over the loop length: noise is shaped in the
# frequency domain (a circular filter), tones use whole numbers of cycles per loop and events
# that run past the end wrap around to the start. A looped buffer then has no seam to hide.


class Loop:
    """The frame a loop is built in: its length, sample rate and its own seeded random source."""

    def __init__(self, sample_rate: int, seconds: float, seed: int) -> None:
        self.sample_rate = int(sample_rate)
        self.n = max(2, int(round(seconds * self.sample_rate)))
        self.rng = np.random.default_rng(seed)
        self._freqs: Optional[np.ndarray] = None
        self._index: Optional[np.ndarray] = None

    @property
    def duration(self) -> float:
        return self.n / self.sample_rate

    @property
    def freqs(self) -> np.ndarray:
        if self._freqs is None:
            self._freqs = np.fft.rfftfreq(self.n, 1.0 / self.sample_rate)
        return self._freqs

    @property
    def index(self) -> np.ndarray:
        if self._index is None:
            self._index = np.arange(self.n, dtype=np.int64)
        return self._index

    def samples(self, seconds: float) -> int:
        return int(round(seconds * self.sample_rate))

    def zeros(self, channels: int = 1) -> np.ndarray:
        return np.zeros(self.n) if channels == 1 else np.zeros((self.n, channels))


# --- spectral shapes (magnitude responses over a frequency array) ---------------------------

def lowpass(f: np.ndarray, cutoff: float, order: int = 2) -> np.ndarray:
    return 1.0 / np.sqrt(1.0 + (f / cutoff) ** (2 * order))


def highpass(f: np.ndarray, cutoff: float, order: int = 2) -> np.ndarray:
    ratio = cutoff / np.maximum(f, 1e-6)
    return 1.0 / np.sqrt(1.0 + ratio ** (2 * order))


def bandpass(f: np.ndarray, low: float, high: float, order: int = 2) -> np.ndarray:
    return highpass(f, low, order) * lowpass(f, high, order)


def resonance(f: np.ndarray, centre: float, q: float) -> np.ndarray:
    safe = np.maximum(f, 1e-6)
    return 1.0 / np.sqrt(1.0 + (q * (safe / centre - centre / safe)) ** 2)


def pink(f: np.ndarray, floor: float = 20.0) -> np.ndarray:
    return 1.0 / np.sqrt(np.maximum(f, floor))


def brown(f: np.ndarray, floor: float = 20.0) -> np.ndarray:
    return 1.0 / np.maximum(f, floor)


# --- periodic signals ------------------------------------------------------------------------

def unit_rms(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(np.square(x))))
    return x / rms if rms > 1e-12 else x


def noise(loop: Loop, gain: np.ndarray) -> np.ndarray:
    """Coloured noise of unit RMS, shaped straight in the frequency domain so it is periodic."""
    m = loop.freqs.shape[0]
    spectrum = (loop.rng.standard_normal(m) + 1j * loop.rng.standard_normal(m)) * gain
    spectrum[0] = 0.0
    return unit_rms(np.fft.irfft(spectrum, loop.n))


def noise_pair(loop: Loop, gain: np.ndarray, width: float = 0.5) -> np.ndarray:
    """Stereo noise whose sides correlate by 1 - width, so the image has some width."""
    rho = 1.0 - min(max(width, 0.0), 1.0)
    left = noise(loop, gain)
    # Two draws instead of shared-plus-own-per-side: the same correlation for a third less work.
    right = rho * left + math.sqrt(1.0 - rho * rho) * noise(loop, gain)
    return np.column_stack((left, right))


def filter_periodic(loop: Loop, x: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """Filter a loop circularly, so what rings past the end rings into the start."""
    spectrum = np.fft.rfft(x, axis=0)
    spectrum *= gain if x.ndim == 1 else gain[:, None]
    return np.fft.irfft(spectrum, loop.n, axis=0)


def tone(loop: Loop, freq: float, phase: float = 0.0) -> np.ndarray:
    """A sine rounded to a whole number of cycles per loop; silent above the safe band."""
    cycles = int(round(freq * loop.duration))
    if cycles <= 0 or freq >= 0.45 * loop.sample_rate:
        return np.zeros(loop.n)
    # Integer phase arithmetic keeps long loops exact instead of drifting in float.
    return np.sin(2.0 * np.pi * ((loop.index * cycles) % loop.n) / loop.n + phase)


def harmonics(phase: np.ndarray, weights: list[float]) -> np.ndarray:
    """Sum of sin(k * phase) * weights[k-1], by the Chebyshev recurrence: one sine, no more."""
    twice_cos = 2.0 * np.cos(phase)
    before = np.zeros_like(phase)
    current = np.sin(phase)
    out = weights[0] * current if weights else np.zeros_like(phase)
    for weight in weights[1:]:
        before, current = current, twice_cos * current - before
        out += weight * current
    return out


def slow_wave(loop: Loop, cycles: int, phase: float = 0.0) -> np.ndarray:
    return np.sin(2.0 * np.pi * cycles * loop.index / loop.n + phase)


def drift(loop: Loop, max_cycles: int) -> np.ndarray:
    """A smooth random wander in [-1, 1] made of the loop's slowest few periodic components."""
    m = loop.freqs.shape[0]
    k = np.arange(1, max_cycles + 1)
    spectrum = np.zeros(m, dtype=complex)
    spectrum[1:max_cycles + 1] = (loop.rng.standard_normal(max_cycles)
                                  + 1j * loop.rng.standard_normal(max_cycles)) / k
    x = np.fft.irfft(spectrum, loop.n)
    peak = float(np.max(np.abs(x)))
    return x / peak if peak > 0 else x


def glide_phase(loop: Loop, inst_freq: np.ndarray) -> np.ndarray:
    """Phase of a tone whose pitch moves, nudged to close a whole number of cycles per loop."""
    per_sample = np.asarray(inst_freq, dtype=float) / loop.sample_rate
    total = float(per_sample.sum())
    cycles = max(1, round(total))
    if total > 0:
        per_sample = per_sample * (cycles / total)
    return 2.0 * np.pi * (np.cumsum(per_sample) - per_sample)


def circular_offset(loop: Loop, centre_s: float) -> np.ndarray:
    """Seconds from a moment in the loop, measured the short way round, in [-T/2, T/2)."""
    t = loop.index / loop.sample_rate
    half = loop.duration / 2.0
    return (t - centre_s + half) % loop.duration - half


def wrap_add(buf: np.ndarray, event: np.ndarray, start: int) -> None:
    """Add a short event into a loop; whatever runs past the end continues at the start."""
    n = buf.shape[0]
    length = event.shape[0]
    pos = 0
    start %= n
    while pos < length:
        at = (start + pos) % n
        take = min(length - pos, n - at)
        buf[at:at + take] += event[pos:pos + take]
        pos += take


def pan(mono: np.ndarray, position: float) -> np.ndarray:
    """Equal-power placement: -1 left, 0 centre, 1 right."""
    angle = (min(max(position, -1.0), 1.0) + 1.0) * np.pi / 4.0
    return np.column_stack((mono * math.cos(angle), mono * math.sin(angle))) * math.sqrt(2.0)


def pan_moving(mono: np.ndarray, position: np.ndarray) -> np.ndarray:
    angle = (np.clip(position, -1.0, 1.0) + 1.0) * np.pi / 4.0
    return np.column_stack((mono * np.cos(angle), mono * np.sin(angle))) * math.sqrt(2.0)


def echoes(loop: Loop, stereo: np.ndarray, taps: list[tuple[float, float]]) -> np.ndarray:
    """A few early reflections, alternating sides; np.roll keeps them periodic."""
    out = stereo.copy()
    for i, (delay_s, gain) in enumerate(taps):
        shift = loop.samples(delay_s)
        src, dst = (0, 1) if i % 2 == 0 else (1, 0)
        out[:, dst] += np.roll(stereo[:, src], shift) * gain
    return out


# --- short events --------------------------------------------------------------------------

def damped_sine(sample_rate: int, freq: float, decay_s: float, length_s: float,
                attack_s: float = 0.0005, glide: float = 0.0) -> np.ndarray:
    """A struck resonance; glide bends the pitch down by that fraction over the decay."""
    length = max(2, int(length_s * sample_rate))
    t = np.arange(length) / sample_rate
    inst = freq * (1.0 - glide * (1.0 - np.exp(-t / max(decay_s, 1e-4))))
    phase = 2.0 * np.pi * np.cumsum(inst) / sample_rate
    env = np.exp(-t / decay_s) * np.minimum(1.0, t / max(attack_s, 1.0 / sample_rate))
    return np.sin(phase) * env


def hump(length: int, power: float = 1.0) -> np.ndarray:
    """A smooth rise and fall with zero ends, so a gated event never clicks."""
    if length < 2:
        return np.zeros(max(length, 0))
    # Clipped because sin(pi) rounds to a hair below zero, and a fractional power of that is NaN.
    return np.clip(np.sin(np.pi * np.arange(length) / (length - 1)), 0.0, 1.0) ** (2.0 * power)


# --- output ----------------------------------------------------------------------------------

def finish(stereo: np.ndarray, rms_db: float, peak_db: float = -13.0) -> np.ndarray:
    """Level a float loop to a loudness and turn it into int16 without any peak passing peak_db.

    The limiter leaves everything below half the ceiling untouched (no added harmonics) and
    only rounds off the odd loud drop or tick above it, so nothing can startle; it works
    sample by sample, so it keeps the loop periodic.
    """
    x = stereo - stereo.mean(axis=0)
    rms = float(np.sqrt(np.mean(np.square(x))))
    if rms > 1e-12:
        x = x * (10.0 ** (rms_db / 20.0) / rms)
    limit = 10.0 ** (peak_db / 20.0)
    knee = 0.5 * limit
    over = np.abs(x) > knee
    if np.any(over):
        excess = np.abs(x[over]) - knee
        x[over] = np.sign(x[over]) * (knee + (limit - knee) * np.tanh(excess / (limit - knee)))
    return np.ascontiguousarray(np.round(x * 32767.0).astype(np.int16))
