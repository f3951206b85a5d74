"""The game's one musical motif: a few soft piano-like notes for the title screen and the endings."""
from __future__ import annotations

from typing import Callable

import numpy as np

from game.player.sound.dsp import finish, lowpass
from game.player.sound.plans import MOTIF

# Six notes over a quiet left hand, in D major: up from A to F sharp, a breath, and back down to
# D, where it rests. Nothing resolves with a flourish; it sounds more like someone trying a few
# keys of an old upright in the next room than a theme. A felt-hammer piano voice: mostly the
# fundamental, a soft attack, upper partials that die first, and the slow beat of two strings.

# (seconds, MIDI note, velocity): the times are a little uneven on purpose, as a hand plays them.
_NOTES: tuple[tuple[float, int, float], ...] = (
    (0.00, 50, 0.30),   # D3
    (0.05, 69, 0.55),   # A4
    (0.98, 74, 0.60),   # D5
    (1.90, 76, 0.55),   # E5
    (2.70, 55, 0.24),   # G3
    (2.86, 78, 0.62),   # F#5, held
    (4.55, 76, 0.45),   # E5
    (4.60, 57, 0.22),   # A3
    (5.62, 74, 0.50),   # D5, where it rests
    (5.66, 62, 0.22),   # D4
    (5.70, 66, 0.18),   # F#4
)
_RING_SECONDS = 4.2  # what the last notes ring out for after they are struck


def _frequency(note: int) -> float:
    return 440.0 * 2.0 ** ((note - 69) / 12.0)


def _piano_note(sample_rate: int, freq: float, velocity: float, length: int) -> np.ndarray:
    longest = 2.2 * (440.0 / max(freq, 110.0)) ** 0.35
    # Only as long as it is heard (50 dB down on its longest partial), in float32: this runs
    # in the worker before the title can be scored, so it should take well under a second.
    length = min(length, int(5.8 * longest * sample_rate))
    t = np.arange(length, dtype=np.float32) / np.float32(sample_rate)
    out = np.zeros(length, np.float32)
    # A soft felt hammer: slow-ish attack; louder notes are only slightly brighter.
    attack = np.minimum(1.0, t / 0.009)
    for k in range(1, 7):
        # A touch of string stiffness: partials run a little sharp of whole multiples.
        partial = k * freq * np.sqrt(1.0 + 0.0004 * k * k)
        if partial > 0.4 * sample_rate:
            break
        amp = k ** -(2.2 - 0.6 * velocity)
        decay = longest / (k ** 0.8)
        out += np.float32(amp) * np.sin(np.float32(2.0 * np.pi * partial) * t + np.float32(k)) * np.exp(-t / decay)
    # Two strings a hair apart would beat slowly: the same shimmer, for one string's work.
    out *= 1.0 + 0.12 * np.sin(np.float32(2.0 * np.pi * 0.45) * t)
    return out * attack * velocity


def _room(stereo: np.ndarray, sample_rate: int, rng: np.random.Generator) -> np.ndarray:
    """A small room's tail: the dry sound convolved with short decaying noise, darker than the notes."""
    n = stereo.shape[0]
    length = int(1.1 * sample_rate)
    t = np.arange(length) / sample_rate
    size = 1 << int(np.ceil(np.log2(n + length)))
    f = np.fft.rfftfreq(size, 1.0 / sample_rate)
    dark = lowpass(f, 2500.0, 2)
    wet = np.zeros_like(stereo)
    for side in (0, 1):
        response = rng.standard_normal(length) * np.exp(-t / 0.28) * np.minimum(1.0, t / 0.012)
        response /= np.sqrt(np.sum(response ** 2))
        spectrum = np.fft.rfft(stereo[:, side], size) * np.fft.rfft(response, size) * dark
        wet[:, side] = np.fft.irfft(spectrum, size)[:n]
    return stereo + 0.45 * wet


def motif(sample_rate: int) -> np.ndarray:
    """The motif, about ten seconds with its ring, quiet, as an int16 stereo sound that plays once."""
    sr = sample_rate
    rng = np.random.default_rng(4001)
    last = max(at for at, _, _ in _NOTES)
    n = int((last + _RING_SECONDS) * sr)
    out = np.zeros((n, 2))
    for at, note, velocity in _NOTES:
        start = int(at * sr)
        voice = _piano_note(sr, _frequency(note), velocity, n - start)
        end = start + voice.shape[0]
        # Low notes a little left, high ones a little right, as they sit on a keyboard.
        position = max(-1.0, min(1.0, (note - 64) / 40.0))
        angle = (position + 1.0) * np.pi / 4.0
        out[start:end, 0] += voice * np.cos(angle)
        out[start:end, 1] += voice * np.sin(angle)
    out = _room(out, sr, rng)
    fade = int(1.5 * sr)
    out[-fade:] *= np.linspace(1.0, 0.0, fade)[:, None] ** 2  # the ring ends in silence, never cut
    return finish(out.astype(np.float32), rms_db=-31.0, peak_db=-16.0)


MUSIC_SYNTHS: dict[str, Callable[[int], np.ndarray]] = {MOTIF: motif}
