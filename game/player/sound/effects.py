"""The short UI sounds: a soft click, a low chime, a paper whisper and a muted tap."""
from __future__ import annotations

from typing import Callable

import numpy as np

from game.player.sound.dsp import bandpass, damped_sine, lowpass, pan, pan_moving

# Effects are heard on every key press, so they are quieter and rounder than the usual UI
# blip: no sharp attacks, no bright top end, nothing that says "error" with a buzzer.


def _filtered_noise(rng: np.random.Generator, length: int, gain_fn: Callable[[np.ndarray], np.ndarray],
                    sample_rate: int) -> np.ndarray:
    f = np.fft.rfftfreq(length, 1.0 / sample_rate)
    spectrum = np.fft.rfft(rng.standard_normal(length)) * gain_fn(f)
    x = np.fft.irfft(spectrum, length)
    return x / max(float(np.sqrt(np.mean(x * x))), 1e-12)


def _to_int16(stereo: np.ndarray, sample_rate: int, peak_db: float) -> np.ndarray:
    fade = min(stereo.shape[0] // 4, max(2, int(0.004 * sample_rate)))
    stereo = stereo.copy()
    # A few milliseconds of fade at the very end, so no effect stops with a click.
    stereo[-fade:] *= np.linspace(1.0, 0.0, fade)[:, None]
    peak = float(np.max(np.abs(stereo)))
    if peak > 0:
        stereo *= 10.0 ** (peak_db / 20.0) / peak
    return np.ascontiguousarray(np.round(stereo * 32767.0).astype(np.int16))


def select(sample_rate: int) -> np.ndarray:
    """A soft wooden click for moving between choices."""
    sr = sample_rate
    x = (0.7 * damped_sine(sr, 1250.0, 0.006, 0.06, attack_s=0.0008)
         + 0.3 * damped_sine(sr, 2300.0, 0.003, 0.06, attack_s=0.0008)
         + 0.25 * damped_sine(sr, 420.0, 0.01, 0.06, attack_s=0.001))
    return _to_int16(pan(x, 0.0), sr, peak_db=-20.0)


def confirm(sample_rate: int) -> np.ndarray:
    """A soft low chime: D then A a fifth above, struck gently, ringing out."""
    sr = sample_rate
    length = int(1.4 * sr)
    out = np.zeros((length, 2))
    # Mostly fundamental with quiet, slightly stretched upper partials: a felt mallet on a bar.
    partials = ((1.0, 1.0, 0.45), (2.0, 0.22, 0.25), (3.01, 0.07, 0.12), (4.2, 0.03, 0.07))
    for freq, start_s, level, side in ((293.66, 0.0, 1.0, -0.2), (440.0, 0.085, 0.6, 0.2)):
        note = sum(amp * damped_sine(sr, freq * ratio, decay, 1.4 - start_s, attack_s=0.006)
                   for ratio, amp, decay in partials)
        start = int(start_s * sr)
        out[start:start + note.shape[0]] += pan(note * level, side)[: length - start]
    return _to_int16(out, sr, peak_db=-15.0)


def page(sample_rate: int) -> np.ndarray:
    """A page turning: a short whisper of paper that crosses from left to right."""
    sr = sample_rate
    rng = np.random.default_rng(2003)
    length = int(0.3 * sr)
    hiss = _filtered_noise(rng, length, lambda f: bandpass(f, 900.0, 5500.0, 3), sr)
    # The crinkle: the paper's texture comes through as a fast, uneven flutter in level.
    flutter = np.abs(_filtered_noise(rng, length, lambda f: lowpass(f, 80.0, 2), sr))
    flutter = 0.55 + 0.45 * flutter / max(float(flutter.max()), 1e-12)
    t = np.arange(length) / sr
    rise = np.clip(t / 0.07, 0.0, 1.0)
    env = np.sin(rise * np.pi / 2.0) ** 2 * np.exp(-np.maximum(t - 0.07, 0.0) / 0.06)
    position = np.linspace(-0.3, 0.3, length)
    return _to_int16(pan_moving(hiss * env * flutter, position), sr, peak_db=-20.0)


def unavailable(sample_rate: int) -> np.ndarray:
    """A muted, dull tap, like a finger on a closed box: this choice is not open now."""
    sr = sample_rate
    rng = np.random.default_rng(2004)
    length = int(0.16 * sr)
    thock = damped_sine(sr, 190.0, 0.035, 0.16, attack_s=0.0025, glide=0.35)
    t = np.arange(length) / sr
    knock = _filtered_noise(rng, length, lambda f: lowpass(f, 600.0, 2), sr) * np.exp(-t / 0.008)
    knock *= np.minimum(1.0, t / 0.002)
    return _to_int16(pan(thock + 0.15 * knock, 0.0), sr, peak_db=-17.0)


EFFECT_SYNTHS: dict[str, Callable[[int], np.ndarray]] = {
    "select": select,
    "confirm": confirm,
    "page": page,
    "unavailable": unavailable,
}
