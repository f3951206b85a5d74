"""Figures for the build for players: its size unpacked and archived, and start to first frame, frozen vs source.

    python tools/dist_bench.py [FOLDER] [--runs N]     (FOLDER: the built dist/CurtainLight-… folder)

Start-up is timed from process start until the game has drawn its first frame and exited
(--first-frame-exit), with the dummy video driver, for the frozen executable and for the source build
(.venv's Python running main.py). The first run of each is reported on its own (files not yet in the
page cache for the frozen build just unpacked), then the median of the rest. Targets: unpacked at most
150 MB, the frozen start at most 1.5 times the source start. Prints figures; exits 0 either way.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import dist  # noqa: E402  (tools/dist.py: the build's names and paths)

UNPACKED_TARGET_MB = 150.0
START_RATIO_TARGET = 1.5


def time_start(command: list[str], env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory() as data:
        started = time.perf_counter()
        done = subprocess.run([*command, "--first-frame-exit", "--no-sound", "--windowed", "--data-dir", data],
                              env=env, cwd=data, capture_output=True, text=True, timeout=120)
        elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed to start: {done.stderr.strip()[-800:]}")
    return elapsed


def start_times(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    first = time_start(command, env)
    rest = [time_start(command, env) for _ in range(runs)]
    return first, statistics.median(rest)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tools/dist_bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist" / dist.build_name())
    parser.add_argument("--runs", type=int, default=5, help="timed starts of each after the first")
    args = parser.parse_args(argv)
    folder: Path = args.folder.resolve()
    executable = dist.executable_path(folder)
    if not executable.is_file():
        print(f"dist_bench: no build at {folder}; make it with `make dist`", file=sys.stderr)
        return 2
    unpacked = dist.folder_bytes(folder) / 1e6
    archive = dist.archive_path(folder)
    print(f"dist_bench: unpacked {unpacked:.1f} MB (target at most {UNPACKED_TARGET_MB:.0f} MB): "
          f"{'met' if unpacked <= UNPACKED_TARGET_MB else 'NOT met'}")
    if archive.is_file():
        print(f"dist_bench: archive {archive.name} {archive.stat().st_size / 1e6:.1f} MB")
    base = {"PATH": "/usr/local/bin:/usr/bin:/bin", "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    with tempfile.TemporaryDirectory() as home:
        env = dict(base, HOME=home)
        frozen_first, frozen = start_times([str(executable)], env, args.runs)
        source_python = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        source_first, source = start_times([str(source_python), str(ROOT / "main.py")], env, args.runs)
    ratio = frozen / source
    print(f"dist_bench: start to first frame, first run: frozen {frozen_first * 1000:.0f} ms, "
          f"source {source_first * 1000:.0f} ms")
    print(f"dist_bench: start to first frame, median of {args.runs}: frozen {frozen * 1000:.0f} ms, "
          f"source {source * 1000:.0f} ms, ratio {ratio:.2f} (target at most {START_RATIO_TARGET}): "
          f"{'met' if ratio <= START_RATIO_TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
