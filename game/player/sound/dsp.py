"""Periodic signal-building blocks: every layer they make wraps around its loop without a seam."""
from __future__ import annotations

import math
from typing import Callable, Iterator, Optional

import numpy as np

# Everything here is built to be exactly periodic over the loop length: noise is shaped in the
# frequency domain (a circular filter), tones use whole numbers of cycles per loop and events
# that run past the end wrap around to the start. A looped buffer then has no seam to hide.
#
# Loops are synthesised while the game runs, so their working memory is part of what the game
# costs. Hence: full-length buffers are float32 (the loops end as 16-bit samples, and float32's
# 24-bit mantissa loses nothing audible), layers are added into one mix in place instead of
# through chains of temporaries, and element-wise work that needs float64 (phases, sums) is done
# a block at a time. The helpers that say "in place" change and return the buffer they are given.

DTYPE = np.float32
BLOCK = 1 << 15  # samples per block for the float64 element-wise work: small, and still fast


def blocks(n: int, size: int = BLOCK) -> Iterator[tuple[int, int]]:
    """(start, end) pairs covering range(n) a block at a time."""
    for start in range(0, n, size):
        yield start, min(n, start + size)


class Loop:
    """The frame a loop is built in: its length, sample rate and its own seeded random source."""

    def __init__(self, sample_rate: int, seconds: float, seed: int) -> None:
        self.sample_rate = int(sample_rate)
        self.n = max(2, int(round(seconds * self.sample_rate)))
        self.rng = np.random.default_rng(seed)
        self._freqs: Optional[np.ndarray] = None

    @property
    def duration(self) -> float:
        return self.n / self.sample_rate

    @property
    def freqs(self) -> np.ndarray:
        """The frequency of every rfft bin of the loop, in Hz."""
        if self._freqs is None:
            self._freqs = np.arange(self.n // 2 + 1, dtype=DTYPE)
            self._freqs *= DTYPE(self.sample_rate / self.n)
        return self._freqs

    def seconds(self, start: int, end: int) -> np.ndarray:
        """The times of samples start..end in seconds (float64: a block, never the whole loop)."""
        return np.arange(start, end, dtype=np.float64) / self.sample_rate

    def samples(self, seconds: float) -> int:
        return int(round(seconds * self.sample_rate))

    def zeros(self, channels: int = 1) -> np.ndarray:
        return np.zeros(self.n, DTYPE) if channels == 1 else np.zeros((self.n, channels), DTYPE)


# --- spectral shapes (magnitude responses over a frequency array) ---------------------------
# Each keeps the dtype of f. Steep shapes overflow to infinity near 0 Hz in float32, which is
# the right limit (a gain of exactly 0), so those overflows are silenced rather than avoided.

def lowpass(f: np.ndarray, cutoff: float, order: int = 2) -> np.ndarray:
    r = f / cutoff
    with np.errstate(over="ignore"):
        np.power(r, 2 * order, out=r)
    r += 1.0
    np.sqrt(r, out=r)
    return np.reciprocal(r, out=r)


def highpass(f: np.ndarray, cutoff: float, order: int = 2) -> np.ndarray:
    r = np.maximum(f, 1e-6)
    np.divide(cutoff, r, out=r)
    with np.errstate(over="ignore"):
        np.power(r, 2 * order, out=r)
    r += 1.0
    np.sqrt(r, out=r)
    return np.reciprocal(r, out=r)


def bandpass(f: np.ndarray, low: float, high: float, order: int = 2) -> np.ndarray:
    gain = highpass(f, low, order)
    gain *= lowpass(f, high, order)
    return gain


def resonance(f: np.ndarray, centre: float, q: float) -> np.ndarray:
    safe = np.maximum(f, 1e-6)
    r = safe / centre
    np.divide(centre, safe, out=safe)
    r -= safe
    r *= q
    with np.errstate(over="ignore"):
        np.square(r, out=r)
    r += 1.0
    np.sqrt(r, out=r)
    return np.reciprocal(r, out=r)


def pink(f: np.ndarray, floor: float = 20.0) -> np.ndarray:
    r = np.maximum(f, floor)
    np.sqrt(r, out=r)
    return np.reciprocal(r, out=r)


def brown(f: np.ndarray, floor: float = 20.0) -> np.ndarray:
    r = np.maximum(f, floor)
    return np.reciprocal(r, out=r)


# --- periodic signals ------------------------------------------------------------------------

def sum_squares(x: np.ndarray) -> float:
    """Sum of x² accumulated in float64, a block at a time (no full-size temporary)."""
    flat = x.reshape(-1)
    total = 0.0
    for start, end in blocks(flat.shape[0], BLOCK * 2):
        part = flat[start:end].astype(np.float64)
        total += float(np.dot(part, part))
    return total


def unit_rms(x: np.ndarray) -> np.ndarray:
    """Scale x to an RMS of 1, in place."""
    rms = math.sqrt(sum_squares(x) / max(1, x.size))
    if rms > 1e-12:
        x *= DTYPE(1.0 / rms) if x.dtype == DTYPE else 1.0 / rms
    return x


def mix_into(target: np.ndarray, layer: np.ndarray, gain: float = 1.0) -> np.ndarray:
    """target += gain * layer, scaling layer in place (it is used up) instead of copying it."""
    if gain != 1.0:
        layer *= gain
    target += layer
    return target


def _draw_normals(loop: Loop, into: np.ndarray) -> None:
    """Standard normals into a (float32) view, a block at a time: the same numbers as one big draw."""
    for start, end in blocks(into.shape[0], BLOCK * 2):
        into[start:end] = loop.rng.standard_normal(end - start)


def _irfft_into(spectrum: np.ndarray, n: int, out: np.ndarray) -> np.ndarray:
    """out[:] = irfft(spectrum, n), straight into out where numpy can (2.0 and later)."""
    try:
        np.fft.irfft(spectrum, n, out=out)
    except TypeError:  # numpy 1.x has no `out`: one temporary more
        out[:] = np.fft.irfft(spectrum, n)
    return out


def noise(loop: Loop, gain: np.ndarray, out: Optional[np.ndarray] = None) -> np.ndarray:
    """Coloured noise of unit RMS, shaped straight in the frequency domain so it is periodic.

    Written into `out` (a float32 buffer or column of the loop's length) when given.
    """
    m = loop.freqs.shape[0]
    spectrum = np.empty(m, np.complex64)
    _draw_normals(loop, spectrum.real)
    _draw_normals(loop, spectrum.imag)
    spectrum *= gain
    spectrum[0] = 0.0
    out = _irfft_into(spectrum, loop.n, np.empty(loop.n, DTYPE) if out is None else out)
    del spectrum
    return unit_rms(out)


def skip_noise(loop: Loop) -> None:
    """Move the random source on by exactly what noise() draws, without building the noise.

    For a layer that only ever uses one side of a noise_pair: the loop keeps its recorded sound.
    """
    m = loop.freqs.shape[0]
    for _ in range(2):
        for start, end in blocks(m, BLOCK * 2):
            loop.rng.standard_normal(end - start)


def noise_pair(loop: Loop, gain: np.ndarray, width: float = 0.5) -> np.ndarray:
    """Stereo noise whose sides correlate by 1 - width, so the image has some width."""
    out = np.empty((loop.n, 2), DTYPE)
    _noise_sides(loop, gain, width, out[:, 0], out[:, 1])
    return out


def _noise_sides(loop: Loop, gain: np.ndarray, width: float, left: np.ndarray, right: np.ndarray) -> None:
    rho = 1.0 - min(max(width, 0.0), 1.0)
    noise(loop, gain, left)
    # Two draws instead of shared-plus-own-per-side: the same correlation for a third less work.
    noise(loop, gain, right)
    right *= math.sqrt(1.0 - rho * rho)
    for start, end in blocks(loop.n):
        right[start:end] += rho * left[start:end]


def add_noise_pair(target: np.ndarray, loop: Loop, gain: np.ndarray, width: float = 0.5, level: float = 1.0,
                   envelope: "np.ndarray | Callable[[], np.ndarray] | None" = None) -> np.ndarray:
    """target += level * envelope * noise_pair(loop, gain, width), in place, a side at a time.

    `envelope` (a level per sample) may be a function, called once the noise is drawn, for an
    envelope that draws from the loop's random source after it: the draws keep their order.
    """
    left, right = np.empty(loop.n, DTYPE), np.empty(loop.n, DTYPE)
    _noise_sides(loop, gain, width, left, right)
    shape = envelope() if callable(envelope) else envelope
    for side, wave in ((0, left), (1, right)):
        if shape is not None:
            wave *= shape
        if level != 1.0:
            wave *= level
        target[:, side] += wave
    return target


def noise_side(loop: Loop, gain: np.ndarray) -> np.ndarray:
    """The left side of a noise_pair alone (the right one's draw is skipped, not built)."""
    left = noise(loop, gain)
    skip_noise(loop)
    return left


def filter_periodic(loop: Loop, x: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """Filter a loop circularly, in place, so what rings past the end rings into the start."""
    columns = [x] if x.ndim == 1 else [x[:, c] for c in range(x.shape[1])]
    for column in columns:
        # The forward transform from float64: numpy's float32 rfft works through a complex128
        # copy of the whole signal, twice the memory of this way.
        spectrum = np.fft.rfft(column.astype(np.float64)).astype(np.complex64)
        spectrum *= gain
        _irfft_into(spectrum, loop.n, column)
        del spectrum
    return x


def add_tone(target: np.ndarray, loop: Loop, freq: float, gain: float = 1.0, phase: float = 0.0) -> np.ndarray:
    """target += gain * tone(freq, phase), without a full-length temporary; returns target."""
    cycles = int(round(freq * loop.duration))
    if cycles <= 0 or freq >= 0.45 * loop.sample_rate:
        return target
    n = loop.n
    for start, end in blocks(n):
        # Integer phase arithmetic keeps long loops exact instead of drifting in float.
        k = np.arange(start, end, dtype=np.int64)
        k *= cycles
        k %= n
        wave = np.sin(2.0 * np.pi * k / n + phase)
        if gain != 1.0:
            wave *= gain
        target[start:end] += wave
    return target


def tone(loop: Loop, freq: float, phase: float = 0.0) -> np.ndarray:
    """A sine rounded to a whole number of cycles per loop; silent above the safe band."""
    return add_tone(loop.zeros(), loop, freq, 1.0, phase)


def harmonics(phase: np.ndarray, weights: list[float]) -> np.ndarray:
    """Sum of sin(k * phase) * weights[k-1], by the Chebyshev recurrence: one sine, no more."""
    out = np.zeros(phase.shape, DTYPE)
    if not weights:
        return out
    for start, end in blocks(phase.shape[0]):
        p = phase[start:end].astype(np.float64)
        twice_cos = 2.0 * np.cos(p)
        before = np.zeros_like(p)
        current = np.sin(p)
        acc = weights[0] * current
        for weight in weights[1:]:
            before, current = current, twice_cos * current - before
            acc += weight * current
        out[start:end] = acc
    return out


def slow_wave(loop: Loop, cycles: int, phase: float = 0.0) -> np.ndarray:
    out = np.empty(loop.n, DTYPE)
    for start, end in blocks(loop.n):
        out[start:end] = np.sin(2.0 * np.pi * cycles * np.arange(start, end, dtype=np.float64) / loop.n + phase)
    return out


def drift(loop: Loop, max_cycles: int) -> np.ndarray:
    """A smooth random wander in [-1, 1] made of the loop's slowest few periodic components."""
    m = loop.freqs.shape[0]
    k = np.arange(1, max_cycles + 1)
    spectrum = np.zeros(m, dtype=np.complex64)
    spectrum[1:max_cycles + 1] = (loop.rng.standard_normal(max_cycles)
                                  + 1j * loop.rng.standard_normal(max_cycles)) / k
    x = np.fft.irfft(spectrum, loop.n).astype(DTYPE, copy=False)
    del spectrum
    peak = float(np.max(np.abs(x)))
    if peak > 0:
        x /= peak
    return x


def glide_phase(loop: Loop, inst_freq: np.ndarray) -> np.ndarray:
    """Phase of a tone whose pitch moves, nudged to close a whole number of cycles per loop.

    Accumulated in float64 a block at a time and returned wrapped into [0, 2π): sines of it
    (and of its multiples) are the same, and float32 holds a wrapped phase precisely.
    """
    inst = np.asarray(inst_freq)
    n = inst.shape[0]
    total = 0.0
    for start, end in blocks(n):
        total += float(inst[start:end].astype(np.float64).sum()) / loop.sample_rate
    cycles = max(1, round(total))
    step = (cycles / total if total > 0 else 1.0) / loop.sample_rate
    out = np.empty(n, DTYPE)
    before = 0.0  # the phase (in cycles) reached before this block
    for start, end in blocks(n):
        per_sample = inst[start:end].astype(np.float64) * step
        running = np.cumsum(per_sample)
        running -= per_sample
        running += before
        before = float(running[-1] + per_sample[-1])
        np.mod(running, 1.0, out=running)
        out[start:end] = 2.0 * np.pi * running
    return out


def circular_offset(loop: Loop, centre_s: float, start: int = 0, end: Optional[int] = None) -> np.ndarray:
    """Seconds from a moment in the loop, measured the short way round, in [-T/2, T/2).

    For samples start..end (float64); call it a block at a time for whole loops.
    """
    t = loop.seconds(start, loop.n if end is None else end)
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


def add_panned(target: np.ndarray, mono: np.ndarray, position: float, gain: float = 1.0) -> np.ndarray:
    """target += pan(mono * gain, position), in place, without a stereo temporary."""
    angle = (min(max(position, -1.0), 1.0) + 1.0) * np.pi / 4.0
    for side, share in ((0, math.cos(angle)), (1, math.sin(angle))):
        target[:, side] += mono * (gain * share * math.sqrt(2.0))
    return target


def pan_moving(mono: np.ndarray, position: np.ndarray) -> np.ndarray:
    angle = (np.clip(position, -1.0, 1.0) + 1.0) * np.pi / 4.0
    return np.column_stack((mono * np.cos(angle), mono * np.sin(angle))) * math.sqrt(2.0)


def echoes(loop: Loop, stereo: np.ndarray, taps: list[tuple[float, float]]) -> np.ndarray:
    """A few early reflections, alternating sides, in place; they wrap round, so stay periodic.

    Every reflection is of the dry signal: even taps carry the left side into the right, odd
    taps the right into the left, so only the dry right side needs keeping while the right fills.
    """
    dry_right = stereo[:, 1].copy()
    scratch = np.empty(stereo.shape[0], stereo.dtype)
    for parity in (0, 1):
        for i, (delay_s, gain) in enumerate(taps):
            if i % 2 != parity:
                continue
            shift = loop.samples(delay_s) % stereo.shape[0]
            source = stereo[:, 0] if parity == 0 else dry_right
            dst = 1 if parity == 0 else 0
            np.multiply(source, gain, out=scratch)
            # np.roll(source, shift) without the copy: the tail wraps round to the start.
            if shift:
                stereo[shift:, dst] += scratch[:-shift]
                stereo[:shift, dst] += scratch[-shift:]
            else:
                stereo[:, dst] += scratch
    return stereo


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
    sample by sample, so it keeps the loop periodic. The float mix is read a block at a time
    (in float64), so the only new full-length buffer is the int16 result.
    """
    n = stereo.shape[0]
    mean = np.zeros(stereo.shape[1:], np.float64)
    for start, end in blocks(n):
        mean += stereo[start:end].sum(axis=0, dtype=np.float64)
    mean /= n
    squares = 0.0
    for start, end in blocks(n):
        part = stereo[start:end].astype(np.float64)
        part -= mean
        squares += float(np.vdot(part, part))
    rms = math.sqrt(squares / max(1, stereo.size))
    scale = 10.0 ** (rms_db / 20.0) / rms if rms > 1e-12 else 1.0
    limit = 10.0 ** (peak_db / 20.0)
    knee = 0.5 * limit
    out = np.empty(stereo.shape, np.int16)
    for start, end in blocks(n):
        x = stereo[start:end].astype(np.float64)
        x -= mean
        x *= scale
        over = np.abs(x) > knee
        if np.any(over):
            excess = np.abs(x[over]) - knee
            x[over] = np.sign(x[over]) * (knee + (limit - knee) * np.tanh(excess / (limit - knee)))
        x *= 32767.0
        out[start:end] = np.round(x)
    return out
