"""The synthesis worker: builds named ambiences, their events, UI effects and music with numpy and writes each as a 16-bit WAV file.

    python -m game.player.sound.worker NAME... [--all] --rate R --channels C --out DIR

The sound engine runs this as a process of its own, so numpy (about 20 MB once imported) and the
synthesis working memory never live in the game's process. Each name is printed on its own line
once its file is in place, so the engine can start playing it while the rest are still being built.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from game.player.sound import cache

# The exit status when nothing can be synthesised at all (no numpy): the engine stops asking.
NO_SYNTHESIS = 3
# A temp file older than this was left by a worker that was killed; nobody is still writing it.
_STALE_TEMP_SECONDS = 600.0


def synths() -> dict[str, Callable[[int], Any]]:
    """Every sound the worker can build: ambiences, their events, effects and music (no name is used twice)."""
    from game.player.sound.ambiences import AMBIENCE_SYNTHS
    from game.player.sound.effects import EFFECT_SYNTHS
    from game.player.sound.happenings import EVENT_SYNTHS
    from game.player.sound.music import MUSIC_SYNTHS

    return {**AMBIENCE_SYNTHS, **EVENT_SYNTHS, **EFFECT_SYNTHS, **MUSIC_SYNTHS}


def pcm_frames(stereo: Any, channels: int) -> memoryview:
    """int16 stereo as little-endian 16-bit frames of the given channel count (extra channels silent)."""
    import numpy as np

    if channels == 1:
        frames = np.round(stereo.mean(axis=1))[:, None]
    elif channels == 2:
        frames = stereo
    else:
        frames = np.zeros((stereo.shape[0], channels), dtype=np.int16)
        frames[:, :2] = stereo
    out = np.ascontiguousarray(frames, dtype="<i2")
    return memoryview(out).cast("B")


def wav_bytes(frames: memoryview, sample_rate: int, channels: int) -> bytes:
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(int(sample_rate))
        writer.writeframes(frames)
    return buffer.getvalue()


def write_sound(out: Path, name: str, stereo: Any, sample_rate: int, channels: int) -> Path:
    """Write one sound into the cache folder, whole or not at all (a game may be reading the folder)."""
    from game.player.persist.storage import atomic_write_bytes

    path = cache.sound_path(out, name)
    atomic_write_bytes(path, wav_bytes(pcm_frames(stereo, channels), sample_rate, channels))
    return path


def _remove_stale_temps(out: Path) -> None:
    now = time.time()
    for temp in out.glob(".*.tmp"):
        try:
            if now - temp.stat().st_mtime > _STALE_TEMP_SECONDS:
                temp.unlink()
        except OSError:
            pass


def _be_polite() -> None:
    """One core at lower priority, so the game's frame loop wins the CPU; a polite stop on SIGTERM."""
    # Before numpy is imported: a BLAS thread pool would take every core, and starting it costs
    # more than the few dot products it would speed up.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    if hasattr(os, "nice"):
        try:
            os.nice(10)
        except OSError:
            pass
    import signal

    # SystemExit unwinds through atomic_write_bytes, which removes its temp file.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


def main(argv: Optional[Sequence[str]] = None) -> int:
    # Imported here, not above: the game's process imports this module for NO_SYNTHESIS only.
    import argparse
    import traceback

    parser = argparse.ArgumentParser(prog="python -m game.player.sound.worker", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="ambiences or effects to build, in this order")
    parser.add_argument("--all", action="store_true", help="build every sound there is (after any NAMEs)")
    parser.add_argument("--rate", type=int, default=44100, help="sample rate in Hz")
    parser.add_argument("--channels", type=int, default=2, choices=range(1, 9), help="channels in each file")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write NAME.wav files into")
    args = parser.parse_args(argv)
    if not args.names and not args.all:
        parser.error("name at least one sound, or --all")
    _be_polite()
    try:
        known = synths()
    except ImportError:
        traceback.print_exc()
        return NO_SYNTHESIS
    names = list(dict.fromkeys([*args.names, *(known if args.all else ())]))
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError:
        traceback.print_exc()
        return 1
    _remove_stale_temps(args.out)
    failures = 0
    for name in names:
        try:
            stereo = known[name](args.rate)
            write_sound(args.out, name, stereo, args.rate, args.channels)
            del stereo
        except Exception:  # noqa: BLE001 - one broken sound must not stop the others
            print(f"could not build {name!r}:", file=sys.stderr)
            traceback.print_exc()
            failures += 1
            continue
        print(name, flush=True)
    cache.prune_other_versions(args.out)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
