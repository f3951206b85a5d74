"""The ambience loops: each a seeded, seamless, quiet stereo recording-that-never-was of a place."""
from __future__ import annotations

from typing import Callable

import numpy as np

from game.player.sound.dsp import (
    Loop, add_noise_pair, add_panned, add_tone, bandpass, blocks, brown, circular_offset, damped_sine, drift, echoes,
    filter_periodic, finish, glide_phase, harmonics, highpass, hump, lowpass, mix_into, noise, noise_pair,
    noise_side, pan, pink, resonance, slow_wave, tone, unit_rms, wrap_add,
)

# Loudness targets are RMS dBFS before the player's own volume. They are not all equal on
# purpose: low hums read quieter to the ear than high chirps at the same RMS, and a room
# tone should sit just above silence while rain fills the room.
#
# Each loop is built into one stereo mix, layer by layer, in place (see dsp.py for why); the
# order of the random draws is the recipe, so a layer is always drawn where it always was.


def _scaled_by(wave: np.ndarray, depth: float, base: float = 1.0) -> np.ndarray:
    """base + depth * wave, in place: the shape of a slow swell in level."""
    wave *= depth
    wave += base
    return wave


# --- shared layers ------------------------------------------------------------------------

def _traffic_layer(loop: Loop, swells: int, rumble_cut: float, swell_cut: float) -> np.ndarray:
    """Distant road: a low rumble that never stops and a few cars that swell past and fade."""
    f = loop.freqs
    out = noise_pair(loop, brown(f, 20.0) * bandpass(f, 22.0, rumble_cut, 2), width=0.4)
    out *= _scaled_by(drift(loop, 4), 0.25)[:, None]
    if swells == 0:  # the cars come as events of their own (see plans.py)
        return out

    body = noise_pair(loop, pink(f) * bandpass(f, 80.0, swell_cut, 2), width=0.3)
    # Tyre hiss only reaches you while the car is nearest; it stands in for the brightening
    # a passing car has, without any game-like Doppler sweep. Only its left side is heard.
    hiss = noise_side(loop, pink(f) * bandpass(f, 350.0, swell_cut * 2.2, 2))
    spacing = loop.duration / max(swells, 1)
    root2 = np.sqrt(2.0)
    for i in range(swells):
        centre = (i + loop.rng.uniform(0.2, 0.8)) * spacing
        sigma = loop.rng.uniform(0.9, 1.5)
        amp = loop.rng.uniform(0.8, 1.25)
        direction = 1.0 if loop.rng.random() < 0.5 else -1.0
        for start, end in blocks(loop.n):
            d = circular_offset(loop, centre, start, end)
            # Approach a touch slower than the going away, as a car does.
            width = np.where(d < 0.0, sigma * 1.2, sigma * 0.9)
            env = np.exp(-0.5 * (d / width) ** 2)
            position = direction * 0.7 * np.tanh(d / sigma)
            angle = (np.clip(position, -1.0, 1.0) + 1.0) * np.pi / 4.0
            left, right = np.cos(angle) * root2, np.sin(angle) * root2
            car = body[start:end, 0] * env * (amp * 1.4 * 0.5) + hiss[start:end] * env ** 2 * (amp * 0.45 * 0.5)
            out[start:end, 0] += car * left
            out[start:end, 1] += car * right + body[start:end, 1] * env * (amp * 0.3)
    return out


def _chirp(loop: Loop, freq: float, pulses: int) -> np.ndarray:
    """One cricket chirp: a few short pulses of a pure high tone, each with soft edges."""
    sr = loop.sample_rate
    pulse_len = loop.rng.uniform(0.013, 0.019)
    gap = loop.rng.uniform(0.03, 0.038)
    length = int((gap * (pulses - 1) + pulse_len) * sr) + 2
    out = np.zeros(length)
    n_pulse = int(pulse_len * sr)
    t = np.arange(n_pulse) / sr
    shape = hump(n_pulse, 0.7)
    for k in range(pulses):
        start = int(k * gap * sr)
        # Each pulse sags very slightly in pitch and level, which keeps it from sounding synthetic.
        f = freq * (1.0 - 0.004 * k)
        level = 1.0 - 0.08 * k + loop.rng.uniform(-0.05, 0.05)
        out[start:start + n_pulse] += np.sin(2.0 * np.pi * f * t + loop.rng.uniform(0, 6.28)) * shape * level
    return out


def _crickets_layer(loop: Loop, voices: list[dict[str, float]]) -> np.ndarray:
    out = loop.zeros(2)
    f = loop.freqs
    for v in voices:
        voice = loop.zeros()
        t = loop.rng.uniform(0.0, v["period"])
        while t < loop.duration:
            # Now and then a cricket pauses, so the rhythm never settles into a metronome.
            if loop.rng.random() > 0.12:
                pulses = int(loop.rng.integers(int(v["pulses_min"]), int(v["pulses_max"]) + 1))
                freq = v["freq"] * (1.0 + loop.rng.normal(0.0, 0.003))
                wrap_add(voice, _chirp(loop, freq, pulses) * loop.rng.uniform(0.75, 1.0),
                         loop.samples(t))
            t += v["period"] * loop.rng.uniform(0.7, 1.45)
        # Farther voices lose their top end, the way air and foliage soften them.
        filter_periodic(loop, voice, lowpass(f, 9500.0 - 5000.0 * v["distance"], 2))
        add_panned(out, voice, v["pan"], v["level"])
        del voice
    return echoes(loop, out, [(0.021, 0.22), (0.047, 0.15), (0.089, 0.08)])


# --- the ambiences -------------------------------------------------------------------------

def room_tone(sample_rate: int) -> np.ndarray:
    """A shut room: the low air of the building and a faint 50 Hz mains hum."""
    loop = Loop(sample_rate, 8.0, seed=1001)
    f = loop.freqs
    mix = noise_pair(loop, brown(f, 25.0) * bandpass(f, 25.0, 180.0, 2), width=0.5)  # the building's body
    add_noise_pair(mix, loop, pink(f) * bandpass(f, 150.0, 2500.0, 1), width=0.8, level=0.22)  # air
    hum = loop.zeros()
    add_tone(hum, loop, 50.0, 0.7)
    add_tone(hum, loop, 100.0, 0.35, 0.4)
    add_tone(hum, loop, 150.0, 0.12, 1.1)
    hum *= _scaled_by(drift(loop, 3), 0.08)
    hum *= 0.4
    mix += hum[:, None]
    return finish(mix, rms_db=-37.0)


def fridge_hum(sample_rate: int) -> np.ndarray:
    """The fridge: a compressor hum that beats and swells slowly, and the odd tick of metal."""
    loop = Loop(sample_rate, 9.0, seed=1002)
    f = loop.freqs
    # The compressor's 100 Hz vibration and a slightly flat copy beat every three seconds.
    hum = loop.zeros()
    for freq, gain, phase in ((50.0, 0.45, 0.0), (100.0, 1.0, 0.0), (100.0 - 1.0 / 3.0, 0.28, 0.7),
                              (150.0, 0.3, 0.3), (200.0, 0.35, 1.3), (300.0, 0.12, 2.1), (400.0, 0.05, 0.2)):
        add_tone(hum, loop, freq, gain, phase)
    hum *= _scaled_by(slow_wave(loop, 1, 0.5), 0.18)
    mix = noise_pair(loop, brown(f, 30.0) * bandpass(f, 30.0, 260.0, 2), width=0.4)  # the body
    mix *= 0.7
    add_noise_pair(mix, loop, pink(f) * bandpass(f, 300.0, 2500.0, 2), width=0.6, level=0.18)  # the fan
    hum *= 0.8
    mix += hum[:, None]
    del hum
    # The metal's ticks are events at random moments (plans.py): at fixed places in a nine-second
    # loop they were a clock.
    return finish(mix, rms_db=-31.0)


def traffic(sample_rate: int) -> np.ndarray:
    """A road some streets away: constant rumble with cars that swell past now and then."""
    loop = Loop(sample_rate, 10.0, seed=1003)
    # The cars that pass are events the engine drops over this bed at random (plans.py), so
    # the same car never comes back every ten seconds.
    mix = _traffic_layer(loop, swells=0, rumble_cut=260.0, swell_cut=1300.0)
    return finish(mix, rms_db=-33.0)


def crickets(sample_rate: int) -> np.ndarray:
    """Summer night crickets: three voices near and far, chirping at their own uneven pace."""
    loop = Loop(sample_rate, 7.0, seed=1004)
    voices = [
        dict(freq=4650.0, pan=-0.35, level=1.0, period=0.62, pulses_min=3, pulses_max=4, distance=0.25),
        dict(freq=4150.0, pan=0.45, level=0.6, period=0.85, pulses_min=2, pulses_max=4, distance=0.5),
        dict(freq=5000.0, pan=0.1, level=0.3, period=0.5, pulses_min=3, pulses_max=5, distance=0.85),
    ]
    f = loop.freqs
    mix = unit_rms(_crickets_layer(loop, voices))
    add_noise_pair(mix, loop, pink(f) * bandpass(f, 60.0, 900.0, 2), width=0.7, level=0.3)  # air
    return finish(mix, rms_db=-36.0)


def rain(sample_rate: int) -> np.ndarray:
    """Steady rain outside the window: a soft wash, a low body and scattered droplet ticks."""
    loop = Loop(sample_rate, 8.0, seed=1005)
    f = loop.freqs
    mix = noise_pair(loop, pink(f) * highpass(f, 300.0, 1) * lowpass(f, 5000.0, 2), width=0.9)  # the wash
    add_noise_pair(mix, loop, brown(f, 40.0) * bandpass(f, 40.0, 500.0, 2), width=0.7, level=0.6)  # the body
    intensity = _scaled_by(drift(loop, 3), 0.12)
    mix *= intensity[:, None]

    # Drops are single-sample impulses shaped by one circular filter into short soft ticks.
    count = int(45 * loop.duration)
    where = loop.rng.integers(0, loop.n, count)
    # Mostly small drops with a few fuller ones, but no single drop far above the rest.
    amps = np.minimum(loop.rng.exponential(1.0, count), 3.0) * np.where(loop.rng.random(count) < 0.5, -1.0, 1.0)
    angle = (loop.rng.uniform(-0.9, 0.9, count) + 1.0) * np.pi / 4.0
    drops = loop.zeros(2)
    np.add.at(drops[:, 0], where, amps * np.cos(angle))
    np.add.at(drops[:, 1], where, amps * np.sin(angle))
    drops = unit_rms(filter_periodic(loop, drops, bandpass(f, 1200.0, 4500.0, 3)))
    drops *= intensity[:, None]
    del intensity
    mix_into(mix, drops, 0.35)
    del drops
    # The heavier drips from the sill are events at random moments (plans.py), not in the loop.
    return finish(mix, rms_db=-31.0)


def tv_hiss(sample_rate: int) -> np.ndarray:
    """A television through the wall: voices without words, muffled, over a faint hiss."""
    loop = Loop(sample_rate, 9.0, seed=1006)
    f = loop.freqs
    speakers = [118.0, 205.0]
    env = [loop.zeros(), loop.zeros()]
    pitch = [_scaled_by(drift(loop, 6), 0.06) * base for base in speakers]
    hiss_env = loop.zeros()

    # Syllables grouped into phrases with pauses between them, like speech heard without
    # its words; the speaker sometimes changes at a pause. The loop starts and ends in a
    # pause, so the voice is silent at the seam.
    t = 0.35
    who = 0
    done = False
    while not done:
        count = int(loop.rng.integers(3, 10))
        for i in range(count):
            dur = loop.rng.uniform(0.11, 0.26)
            if t + dur > loop.duration - 0.45:
                done = True
                break
            start, length = loop.samples(t), loop.samples(dur)
            shape = hump(length, 0.45)
            level = loop.rng.uniform(0.45, 1.0) * (1.0 - 0.35 * i / count)
            env[who][start:start + length] += shape * level
            pitch[who][start:start + length] *= 1.0 + loop.rng.uniform(0.03, 0.22) * shape
            if loop.rng.random() < 0.6:
                onset = loop.samples(loop.rng.uniform(0.03, 0.06))
                hiss_env[start:start + onset] += hump(onset) * level
            t += dur + loop.rng.uniform(0.015, 0.07)
        t += loop.rng.uniform(0.25, 0.8)
        if loop.rng.random() < 0.35:
            who = 1 - who

    voice = loop.zeros()
    for k, base in enumerate(speakers):
        phase = glide_phase(loop, pitch[k])
        pitch[k] = None  # type: ignore[call-overload]  # each buffer goes as soon as it is used
        count = int(1800.0 // (base * 1.3))
        source = harmonics(phase, [h ** -1.1 for h in range(1, count + 1)])
        del phase
        source *= env[k]
        env[k] = None  # type: ignore[call-overload]
        mix_into(voice, source, 1.0 if k == 0 else 0.8)
        del source
    consonants = noise(loop, bandpass(f, 1200.0, 3500.0, 2))
    consonants *= hiss_env
    del hiss_env
    # The wall: almost nothing above a kilohertz gets through, with a boxy mid resonance.
    wall = resonance(f, 450.0, 1.2)
    wall += 0.6
    wall *= highpass(f, 110.0, 2)
    wall *= lowpass(f, 750.0, 3)
    filter_periodic(loop, voice, wall)
    del wall
    mix_into(voice, filter_periodic(loop, consonants, lowpass(f, 1800.0, 2)), 0.25)
    del consonants
    unit_rms(voice)
    mix = np.empty((loop.n, 2), voice.dtype)
    mix[:, 0] = voice
    mix[:, 1] = voice
    del voice
    echoes(loop, mix, [(0.037, 0.3), (0.071, 0.2), (0.113, 0.12)])
    add_noise_pair(mix, loop, highpass(f, 2000.0, 2) * lowpass(f, 7000.0, 2), width=0.9, level=0.06)  # hiss
    add_noise_pair(mix, loop, brown(f, 25.0) * bandpass(f, 25.0, 200.0, 2), width=0.5, level=0.3)  # the room
    return finish(mix, rms_db=-33.0)


def washing_machine(sample_rate: int) -> np.ndarray:
    """A washing machine mid-wash: the drum turns, sloshes, rests and turns back, motor whining."""
    loop = Loop(sample_rate, 8.0, seed=1007)
    f = loop.freqs
    sr = loop.sample_rate
    n = loop.n

    # Two turning spells per loop with a rest across the seam, like the wash cycle's rhythm.
    speed = loop.zeros()
    for start, end in blocks(n):
        t = loop.seconds(start, end)
        for spell_start, spell_end in ((0.25, 3.75), (4.25, 7.75)):
            up = np.clip((t - spell_start) / 0.5, 0.0, 1.0)
            down = np.clip((spell_end - t) / 0.4, 0.0, 1.0)
            ramp = np.minimum(up, down)
            speed[start:end] += ramp * ramp * (3.0 - 2.0 * ramp)
    revs = np.cumsum(speed.astype(np.float64) * (0.85 / sr))

    mix = noise_pair(loop, pink(f) * bandpass(f, 120.0, 900.0, 2), width=0.5)  # the swish
    swish = loop.zeros()
    # Each time the laundry reaches the top it falls: the drops are where a turn is completed.
    drops: list[np.ndarray] = []
    for start, end in blocks(n):
        rotation = 0.55 + 0.45 * (0.5 + 0.5 * np.cos(2.0 * np.pi * revs[start:end]))
        swish[start:end] = speed[start:end] * rotation * 0.5
        ahead = min(n, end + 1)  # one sample of overlap, so a turn completed at a block edge counts
        found = np.nonzero(np.diff(np.floor(revs[start:ahead] + 0.3)) > 0)[0]
        drops.append(found + start)
    del revs
    mix *= swish[:, None]
    del swish

    # A splash of water and a soft thud at every fall.
    splash_env = loop.zeros()
    mono = loop.zeros()  # what is heard the same on both sides: thuds, the motor's whine, the mains
    attack, tail = loop.samples(0.07), loop.samples(0.6)
    shape = np.concatenate((np.linspace(0.0, 1.0, attack), np.exp(-np.arange(tail) / (0.22 * sr))))
    for at in np.concatenate(drops):
        # Light: the loop's sloshes come back every turn, so they stay under the heavy ones
        # that fall at random over it (plans.py, happenings.py).
        level = loop.rng.uniform(0.7, 1.0) * speed[at] * 0.5
        wrap_add(splash_env, shape * level, int(at))
        wrap_add(mono, damped_sine(sr, 65.0, 0.08, 0.3, attack_s=0.004) * (level * 0.8), int(at) + loop.samples(0.03))
    add_noise_pair(mix, loop, pink(f) * bandpass(f, 180.0, 1600.0, 2), width=0.5, envelope=splash_env)  # splash
    del splash_env

    inst = speed * 260.0
    inst += 140.0
    phase = glide_phase(loop, inst)
    del inst
    for start, end in blocks(n):
        p = phase[start:end].astype(np.float64)
        whine = (np.sin(p) + 0.4 * np.sin(2.0 * p) + 0.15 * np.sin(3.0 * p)) * speed[start:end] ** 1.5
        mono[start:end] += 0.16 * whine
    del phase
    add_tone(mono, loop, 100.0, 0.05 * 0.5)  # the mains
    add_tone(mono, loop, 50.0, 0.05 * 0.3)
    # Between spells the drum still drips and settles; dead silence there would sound switched off.
    add_noise_pair(mix, loop, brown(f, 40.0) * bandpass(f, 40.0, 400.0, 2), width=0.6, level=0.12)
    mix += mono[:, None]
    return finish(mix, rms_db=-33.0)


def night_town(sample_rate: int) -> np.ndarray:
    """A small town at night: traffic far off, a couple of crickets, the air moving."""
    loop = Loop(sample_rate, 10.0, seed=1008)
    f = loop.freqs
    mix = unit_rms(_traffic_layer(loop, swells=0, rumble_cut=170.0, swell_cut=800.0))  # the road; cars are events
    voices = [
        dict(freq=4400.0, pan=-0.6, level=1.0, period=0.95, pulses_min=2, pulses_max=3, distance=0.6),
        dict(freq=4900.0, pan=0.5, level=0.7, period=1.25, pulses_min=3, pulses_max=4, distance=0.8),
    ]
    mix_into(mix, unit_rms(_crickets_layer(loop, voices)), 0.45)  # bugs
    add_noise_pair(mix, loop, pink(f) * bandpass(f, 100.0, 1200.0, 1), width=0.9, level=0.25,
                   envelope=lambda: _scaled_by(drift(loop, 2), 0.4, 0.6))  # the breeze
    return finish(mix, rms_db=-36.0)


def store_hum(sample_rate: int) -> np.ndarray:
    """A convenience store at night: fluorescent tubes buzzing at 100 Hz and the fridge cabinets."""
    loop = Loop(sample_rate, 8.0, seed=1009)
    f = loop.freqs
    mix = loop.zeros(2)  # first the tubes' buzz
    # Two fixtures with their own harmonic recipes, so the buzz has some place and width.
    for side in (0, 1):
        for k in range(1, 15):
            weight = k ** -1.1 * loop.rng.uniform(0.6, 1.2) * (1.3 if k % 2 == 0 else 1.0)
            add_tone(mix[:, side], loop, 100.0 * k, weight, loop.rng.uniform(0.0, 6.28))
    filter_periodic(loop, mix, lowpass(f, 1600.0, 2))
    mix *= _scaled_by(drift(loop, 5), 0.06)[:, None]
    # The tubes' buzz is what the place is remembered by, so it sits above the fans.
    unit_rms(mix)
    mono = loop.zeros()
    add_tone(mono, loop, 50.0, 0.3 * 0.5)  # the compressor
    add_tone(mono, loop, 150.0, 0.3 * 0.4, 1.0)
    add_noise_pair(mix, loop, pink(f) * bandpass(f, 150.0, 3000.0, 2), width=0.7, level=0.7)  # the fans
    blade = tone(loop, 173.0)
    blade *= _scaled_by(drift(loop, 3), 0.3)
    mix_into(mono, blade, 0.06)
    del blade
    mix += mono[:, None]
    return finish(mix, rms_db=-33.0)


def clinic_air(sample_rate: int) -> np.ndarray:
    """A clinic waiting room: air conditioning breathing from a vent and a wall clock ticking."""
    loop = Loop(sample_rate, 8.0, seed=1010)
    f = loop.freqs
    sr = loop.sample_rate
    mix = noise_pair(loop, pink(f) * highpass(f, 200.0, 1) * lowpass(f, 6000.0, 2), width=0.7)  # the air
    breath = _scaled_by(slow_wave(loop, 1), 0.06)
    mix_into(breath, drift(loop, 4), 0.03)
    mix *= breath[:, None]
    del breath
    add_noise_pair(mix, loop, brown(f, 25.0) * bandpass(f, 25.0, 150.0, 2), width=0.5, level=0.6)  # rumble
    clock = loop.zeros(2)
    for i in range(int(round(loop.duration))):
        # Tick and tock differ a little, as real escapements do.
        base = 2600.0 if i % 2 == 0 else 2300.0
        click = (damped_sine(sr, base, 0.004, 0.03) + 0.3 * damped_sine(sr, base * 2.0, 0.002, 0.03)
                 + 0.4 * damped_sine(sr, 900.0, 0.006, 0.03))
        wrap_add(clock, pan(click * 5.0, 0.35), loop.samples(0.5 + i))
    mix_into(mix, echoes(loop, clock, [(0.019, 0.25), (0.043, 0.12)]))
    return finish(mix, rms_db=-34.0)


AMBIENCE_SYNTHS: dict[str, Callable[[int], np.ndarray]] = {
    "room_tone": room_tone,
    "fridge_hum": fridge_hum,
    "traffic": traffic,
    "crickets": crickets,
    "rain": rain,
    "tv_hiss": tv_hiss,
    "washing_machine": washing_machine,
    "night_town": night_town,
    "store_hum": store_hum,
    "clinic_air": clinic_air,
}
