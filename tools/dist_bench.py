"""Figures for the build for players: its size unpacked and archived, and start to first frame, frozen vs source.

    python tools/dist_bench.py [FOLDER] [--runs N]     (FOLDER: the built dist/CurtainLight-… folder)

Start-up is timed from process start until the game has drawn its first frame and exited
(--first-frame-exit), with the dummy video driver, for the frozen executable and for the source build
(.venv's Python running main.py). The first start of each is reported on its own (files not yet in the
page cache for the frozen build just unpacked); then the two are started in turn, RUNS times each, so
that a machine growing busier slows both alike, and the ratio is of the two medians. Beside the wall
clock, the processor time the process used (user + system, where the OS reports it): another
process on the machine lengthens the wall clock but hardly that, so its ratio is the steadier check.
Targets: unpacked at most 150 MB, the frozen start at most 1.5 times the source start.
Prints figures; exits 0 either way.
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
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import dist  # noqa: E402  (tools/dist.py: the build's names and paths)

UNPACKED_TARGET_MB = 150.0
START_RATIO_TARGET = 1.5


class Start(NamedTuple):
    wall: float  # seconds from process start to exit after the first frame
    processor: float | None  # user + system seconds of the process; None where the OS does not say


def time_start(command: list[str], env: dict[str, str]) -> Start:
    with tempfile.TemporaryDirectory() as data:
        used_before = children_processor_time()
        started = time.perf_counter()
        done = subprocess.run([*command, "--first-frame-exit", "--no-sound", "--windowed", "--data-dir", data],
                              env=env, cwd=data, capture_output=True, text=True, timeout=120)
        elapsed = time.perf_counter() - started
        used_after = children_processor_time()
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed to start: {done.stderr.strip()[-800:]}")
    processor = None if used_before is None or used_after is None else used_after - used_before
    return Start(elapsed, processor)


def children_processor_time() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def alternating_starts(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, list[Start]]:
    """Each command `runs` times, taking turns, so load that comes and goes falls on all of them."""
    starts: dict[str, list[Start]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            starts[name].append(time_start(command, env))
    return starts


def milliseconds(starts: list[Start]) -> str:
    return " ".join(f"{start.wall * 1000:.0f}" for start in starts)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tools/dist_bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist" / dist.build_name())
    parser.add_argument("--runs", type=int, default=9, help="timed starts of each after the first")
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
    source_python = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    commands = {"frozen": [str(executable)], "source": [str(source_python), str(ROOT / "main.py")]}
    with tempfile.TemporaryDirectory() as home:
        env = dict(base, HOME=home)
        first = {name: time_start(command, env) for name, command in commands.items()}
        starts = alternating_starts(commands, env, args.runs)
    print(f"dist_bench: start to first frame, first run: frozen {first['frozen'].wall * 1000:.0f} ms, "
          f"source {first['source'].wall * 1000:.0f} ms")
    frozen = statistics.median(start.wall for start in starts["frozen"])
    source = statistics.median(start.wall for start in starts["source"])
    ratio = frozen / source
    print(f"dist_bench: start to first frame, median of {args.runs} taken in turn: frozen {frozen * 1000:.0f} ms, "
          f"source {source * 1000:.0f} ms, ratio {ratio:.2f} (target at most {START_RATIO_TARGET}): "
          f"{'met' if ratio <= START_RATIO_TARGET else 'NOT met'}")
    print(f"dist_bench: each start (ms), frozen: {milliseconds(starts['frozen'])}; "
          f"source: {milliseconds(starts['source'])}")
    frozen_cpu = [start.processor for start in starts["frozen"] if start.processor is not None]
    source_cpu = [start.processor for start in starts["source"] if start.processor is not None]
    if frozen_cpu and source_cpu:
        cpu_ratio = statistics.median(frozen_cpu) / statistics.median(source_cpu)
        print(f"dist_bench: processor time to first frame, median: frozen {statistics.median(frozen_cpu) * 1000:.0f}"
              f" ms, source {statistics.median(source_cpu) * 1000:.0f} ms, ratio {cpu_ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
