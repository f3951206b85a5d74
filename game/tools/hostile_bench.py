"""Hostile stories, each checked in a fresh process: prints the time and peak memory of every case.

Run `python -m game.tools.hostile_bench [--only NAME] [--timeout S]`; `--only save-growth` prints
the autosave's size and time after 1,000 and 5,000 choices of a self-loop with a 1 KB text. Each case is a story a
careless or hostile author could write (symlink loops, huge paragraphs, deep `{if}`, 100,000
nodes, broken links by the hundred, …); the targets are under 2 s each, and 100,000 valid nodes
checked in under 5 s and 400 MB. `repeated-loads` loads the game's story 1,500 times in one
process and prints its memory before and after, which must stay flat. Each case shows its wall-clock
seconds (the target's measure) and the check's CPU seconds (the fairer figure on a busy machine);
after 100k-nodes, the game's own start on that story: launched straight into its chapter
(`--chapter c`, which checks and loads the story before the first frame) until that first frame; and
`main.py check` on it, the whole command an author waits for: the check and then its source fit (every
line measured against its box with the player's fonts), shown against the same goal without failing the run.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_SECONDS = 2.0
BIG_SECONDS = 5.0
BIG_MEGABYTES = 400


def _manifest(folder: Path, chapters: str, variables: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(f"title: T\n{variables}chapters:\n{chapters}", encoding="utf-8")


def _one_chapter(folder: Path, nodes_yaml: str, variables: str = "", files: str = "[c.yaml]") -> None:
    _manifest(folder, f"  - {{id: c, title: C, start: a, files: {files}}}\n", variables)
    (folder / "c.yaml").write_text(nodes_yaml, encoding="utf-8")


def symlink_loop(folder: Path) -> None:
    _one_chapter(folder / "s", "", files="['c/*.yaml', '**/*.yaml']")
    chapter = folder / "s" / "c"
    chapter.mkdir()
    (chapter / "c.yaml").write_text("nodes:\n  a: {text: Hi., ending: {id: e, title: E}}\n", encoding="utf-8")
    os.symlink(chapter, chapter / "l1")
    os.symlink(chapter, chapter / "l2")


def big_paragraph(folder: Path) -> None:
    text = "{e} " * 1_900_000
    _one_chapter(folder / "s", f'nodes:\n  a:\n    text: "{text}"\n    ending: {{id: e, title: E}}\n',
                 "variables:\n  e: {type: int, initial: 1}\n")


def many_interpolations(folder: Path) -> None:
    text = "{v}" * 200_000
    _one_chapter(folder / "s", f'nodes:\n  a:\n    text: "{text}"\n    ending: {{id: e, title: E}}\n',
                 "variables:\n  v: {type: int, initial: 1}\n")


def deep_if(folder: Path) -> None:
    text = "{if true: " * 400 + "deep" + "}" * 400
    _one_chapter(folder / "s", f'nodes:\n  a:\n    text: "{text}"\n    ending: {{id: e, title: E}}\n')


def files_number(folder: Path) -> None:
    _manifest(folder / "s", "  - {id: c, title: C, start: a, files: 5}\n")


def _many_nodes(folder: Path, count: int, broken: int, files: int = 13) -> None:
    _manifest(folder / "s", "  - {id: c, title: C, start: n0, files: ['n/*.yaml']}\n")
    (folder / "s" / "n").mkdir()
    per_file = -(-count // files)
    for f in range(files):
        lines = ["nodes:"]
        for i in range(f * per_file, min(count, (f + 1) * per_file)):
            if i == count - 1:
                lines.append(f"  n{i}: {{text: The end of it., ending: {{id: e, title: E}}}}")
                continue
            target = f"m{i + 1}" if i < broken else f"n{i + 1}"
            lines.append(f"  n{i}:\n    text: Step {i} of the long walk, and the light on the curtain.\n"
                         f"    choices:\n      - {{text: On., to: {target}}}\n      - {{text: Back., to: n0}}")
        (folder / "s" / "n" / f"f{f:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def nodes_100k(folder: Path) -> None:
    _many_nodes(folder, 100_000, 0)


def nodes_100k_broken(folder: Path) -> None:
    _many_nodes(folder, 100_000, 200)


def files_10k(folder: Path) -> None:
    _many_nodes(folder, 10_000, 0, files=10_000)


def chapters_10k(folder: Path) -> None:
    lines = []
    for i in range(10_000):
        lines.append(f"  - {{id: c{i}, title: C{i}, start: a{i}, files: [c{i}.yaml]}}\n")
    _manifest(folder / "s", "".join(lines))
    for i in range(10_000):
        (folder / "s" / f"c{i}.yaml").write_text(f"nodes:\n  a{i}: {{text: Hi., ending: {{id: e, title: E}}}}\n", encoding="utf-8")


def escaped_quotes(folder: Path) -> None:
    """10,000 nodes whose text holds an escaped straight quote: each house-style finding is searched for."""
    _manifest(folder / "s", "  - {id: c, title: C, start: n0, files: ['n/*.yaml']}\n")
    (folder / "s" / "n").mkdir()
    lines = ["nodes:"]
    for i in range(10_000):
        if i == 9_999:
            lines.append(f"  n{i}: {{text: The end of it., ending: {{id: e, title: E}}}}")
            continue
        lines.append(f'  n{i}:\n    text: "She said \\"no\\" at step {i}."\n'
                     f"    choices:\n      - {{text: On., to: n{i + 1}}}\n      - {{text: Back., to: n0}}")
    (folder / "s" / "n" / "a.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


CASES: dict[str, tuple[Callable[[Path], None], float]] = {
    "symlink-loop": (symlink_loop, HOSTILE_SECONDS),
    "7.9-MB-paragraph": (big_paragraph, HOSTILE_SECONDS),
    "200k-interpolations": (many_interpolations, HOSTILE_SECONDS),
    "if-400-deep": (deep_if, HOSTILE_SECONDS),
    "files-a-number": (files_number, HOSTILE_SECONDS),
    "10k-escaped-quotes": (escaped_quotes, HOSTILE_SECONDS),
    "100k-nodes-200-broken": (nodes_100k_broken, HOSTILE_SECONDS * 3),
    "100k-nodes": (nodes_100k, BIG_SECONDS),
    "10k-node-files": (files_10k, BIG_SECONDS),
    "10k-chapters": (chapters_10k, BIG_SECONDS),
}

_CHECK = ("import sys, time; from game.core.checker import check_story; t = time.perf_counter(); c = time.process_time(); "
          "r = check_story(sys.argv[1]); print(f'{time.perf_counter() - t:.2f} {time.process_time() - c:.2f} ' + str(len(r.diagnostics)))")
# The game's start on a big story: `--chapter` makes it check and load the story before its first frame.
GAME_START_CASES = ("100k-nodes",)
_LOADS = ("import gc, resource, sys; from game.core.loader import load_story\n"
          "def rss():\n    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 1e6\n"
          "load_story(sys.argv[1]); gc.collect(); before = rss()\n"
          "for _ in range(int(sys.argv[2])): load_story(sys.argv[1])\n"
          "gc.collect(); print(f'{before:.1f} {rss():.1f}')")


def _run(code: str, args: list[str], timeout: float, source: Path) -> tuple[str, float, float]:
    """Run python code in a fresh process; its output, wall time and peak RSS in MB."""
    env = dict(os.environ, PYTHONPATH=str(source))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], cwd=source, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            return "timeout", time.perf_counter() - started, usage.ru_maxrss / 1024
        time.sleep(0.02)
    output = process.stdout.read().strip() if process.stdout else ""
    return output, time.perf_counter() - started, usage.ru_maxrss / 1024


def _game_start(story: Path, data: Path, timeout: float, source: Path) -> tuple[float | None, float]:
    """Seconds from launching the game straight into chapter `c` to its first frame, and the peak RSS in MB."""
    return _timed([str(source / "main.py"), "--story", str(story), "--data-dir", str(data),
                   "--chapter", "c", "--first-frame-exit", "--windowed", "--no-sound"], (0,), timeout, source)


def _author_check(story: Path, timeout: float, source: Path) -> tuple[float | None, float]:
    """Seconds of `main.py check STORY`, all an author waits for (the check, then its lines measured against
    their boxes), and the peak RSS in MB; it exits 1 when it finds an error, which is still a finished check."""
    return _timed([str(source / "main.py"), "check", str(story)], (0, 1), timeout, source)


def _timed(arguments: list[str], finished: tuple[int, ...], timeout: float, source: Path) -> tuple[float | None, float]:
    """Seconds a run of the game's Python takes to exit with one of the `finished` codes (None if it fails or
    hangs), and its peak RSS in MB."""
    env = dict(os.environ, PYTHONPATH=str(source), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *arguments], cwd=source, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            done = os.WIFEXITED(status) and os.WEXITSTATUS(status) in finished
            return (time.perf_counter() - started if done else None), usage.ru_maxrss / 1024
        if time.perf_counter() - started > timeout:
            process.kill()
            _, _, usage = os.wait4(process.pid, 0)
            return None, usage.ru_maxrss / 1024
        time.sleep(0.02)


_SAVES = ("import json, sys, tempfile, time; from pathlib import Path\n"
          "from game.core.loader import load_story; from game.core.runtime import Runtime\n"
          "from game.player.persist.storage import atomic_write_json\n"
          "story = load_story(sys.argv[1]).story; target = Path(tempfile.mkdtemp()) / 'auto-c.json'\n"
          "for n in (1000, 5000):\n"
          "    rt = Runtime(story, 'c', seed=1)\n"
          "    for _ in range(n): rt.choose(0)\n"
          "    times = []\n"
          "    for _ in range(21):\n"
          "        t = time.perf_counter(); atomic_write_json(target, {'kind': 'curtain-light-save', 'state': rt.to_state()})\n"
          "        times.append(time.perf_counter() - t)\n"
          "    print(n, target.stat().st_size, sorted(times)[10])")


def save_loop(folder: Path) -> None:
    text = ("The light on the curtain went on without you. " * 22)[:1000]
    _one_chapter(folder / "s", f'nodes:\n  a:\n    text: "{text}"\n    choices:\n      - {{text: Again., to: a}}\n'
                 "      - {text: Stop., to: z}\n  z: {text: Done., ending: {id: e, title: E}}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only this case (repeatable)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a case counts as a hang")
    parser.add_argument("--loads", type=int, default=1500, help="loads for repeated-loads")
    parser.add_argument("--source", type=Path, default=ROOT, help="the project checkout to measure")
    args = parser.parse_args(argv)
    failed = 0
    print(f"{'case':24} {'check s':>8} {'cpu s':>6} {'peak MB':>8}  target")
    with tempfile.TemporaryDirectory() as temp:
        for name, (make, target) in CASES.items():
            if args.only and name not in args.only:
                continue
            folder = Path(temp) / name
            make(folder)
            output, wall, peak = _run(_CHECK, [str(folder / "s")], args.timeout, args.source)
            figures = output.split() if output and output != "timeout" else []
            seconds = float(figures[0]) if figures else wall
            cpu = f"{float(figures[1]):.2f}" if len(figures) > 2 else "-"  # an older checkout prints no CPU time
            limit_mb = BIG_MEGABYTES if target == BIG_SECONDS else None
            ok = output != "timeout" and seconds < target and (limit_mb is None or peak < limit_mb)
            failed += not ok
            shown = "hang" if output == "timeout" else f"{seconds:.2f}"
            print(f"{name:24} {shown:>8} {cpu:>6} {peak:8.0f}  < {target:g} s" + (f", < {limit_mb} MB" if limit_mb else "")
                  + ("" if ok else "  MISSED"), flush=True)
            if name in GAME_START_CASES:
                started, peak = _game_start(folder / "s", Path(temp) / "data", args.timeout, args.source)
                shown = "hang" if started is None else f"{started:.2f}"
                print(f"{'  game start':24} {shown:>8} {'-':>6} {peak:8.0f}  to the chapter's first frame; "
                      f"well under the check's time plus a second", flush=True)
                waited, peak = _author_check(folder / "s", args.timeout, args.source)
                shown = "hang" if waited is None else f"{waited:.2f}"
                met = waited is not None and waited < target and peak < BIG_MEGABYTES
                print(f"{'  main.py check':24} {shown:>8} {'-':>6} {peak:8.0f}  the whole command, with its lines measured "
                      f"against their boxes; goal < {target:g} s, < {BIG_MEGABYTES} MB" + ("" if met else "  (over)"), flush=True)
        if not args.only or "save-growth" in args.only:
            save_loop(Path(temp) / "save-growth")
            output, _, _ = _run(_SAVES, [str(Path(temp) / "save-growth" / "s")], args.timeout * 5, args.source)
            for line in output.splitlines():
                choices, size, seconds = line.split()
                print(f"{'save after ' + choices + ' choices':24} {float(seconds) * 1000:6.1f} ms {int(size) / 1e6:6.2f} MB "
                      "(autosave time, save size)", flush=True)
        if not args.only or "repeated-loads" in args.only:
            output, wall, peak = _run(_LOADS, [str(args.source / "story"), str(args.loads)], args.timeout * 10, args.source)
            before, after = (float(x) for x in output.split()) if output != "timeout" else (0.0, peak)
            flat = output != "timeout" and after - before < 20
            failed += not flat
            print(f"{'repeated-loads':24} {wall:8.1f} {peak:8.0f}  RSS {before:.0f} -> {after:.0f} MB over {args.loads} loads"
                  + ("" if flat else "  MISSED"), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
