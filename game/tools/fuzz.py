"""The story mutation fuzzer: damage a story in many small ways and check that nothing breaks.

`python -m game.tools.fuzz --n 100000 --jobs 2 --out fuzz-failures` (or `make fuzz FUZZ_N=100000`) takes
the game's story, and for each mutant applies one operator (byte flips, truncation, deleted and
duplicated lines, indentation shifts, type swaps, renamed and retargeted ids, random unicode)
to one of its files, checks it in process, and holds it to these properties: no traceback, no
"internal error" finding, every finding inside its file (line and column) and on one line, and every mutant that checks clean plays 200 random steps with save→JSON→load round trips,
History and undo, without an error. Each mutant is checked as the language server checks a story
being edited (files whose bytes did not change are kept from the last load); every
FROM_SCRATCH_EVERY-th is checked again from scratch, and the two must give the same findings. Checks over 1 s of CPU time are counted and kept as figures (a busy
machine makes any check slow now and then), not failures. A failing mutant is written, whole, to the --out folder
with a note saying what failed, so it can be checked again by hand.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

from game.content import CATALOGUE
from game.core.checker import check_story
from game.core.loader import LoadResult, loads_from_scratch, reuse_between_loads
from game.core.runtime import Mode, Runtime

ROOT = Path(__file__).resolve().parents[2]
CHECK_SECONDS = 1.0
PLAY_STEPS = 200
FROM_SCRATCH_EVERY = 8
_UNICODE = "\u2028\u2029\x85\x01\x7f\x1b\ufeff\u200b\ud7ff\uffff é語🙂\t\r"
_ID = re.compile(r"\b[a-z][a-z0-9_]{2,}\b")


def _lines(op: Callable[[list[str], random.Random], list[str]]) -> Callable[[str, random.Random], str]:
    def mutate(text: str, rng: random.Random) -> str:
        lines = text.split("\n")
        return "\n".join(op(lines, rng)) if lines else text
    return mutate


def _flip(text: str, rng: random.Random) -> str:
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return data.decode("utf-8", errors="replace")


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _delete_line(lines: list[str], rng: random.Random) -> list[str]:
    del lines[rng.randrange(len(lines))]
    return lines


def _duplicate_line(lines: list[str], rng: random.Random) -> list[str]:
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return lines


def _indent(lines: list[str], rng: random.Random) -> list[str]:
    at = rng.randrange(len(lines))
    lines[at] = lines[at][2:] if rng.random() < 0.5 and lines[at].startswith("  ") else "  " + lines[at]
    return lines


def _swap_type(text: str, rng: random.Random) -> str:
    values = list(re.finditer(r":\s+(\S[^\n]*)", text))
    if not values:
        return text
    match = rng.choice(values)
    new = rng.choice(["5", "true", "null", "[]", "{}", "2.5", "-1", "''", "[a, b]", "{x: 1}", "99999999999999999999999"])
    return text[: match.start(1)] + new + text[match.end(1):]


def _rename_id(text: str, rng: random.Random) -> str:
    names = sorted(set(_ID.findall(text)))
    if not names:
        return text
    name = rng.choice(names)
    return re.sub(rf"\b{re.escape(name)}\b", name + rng.choice(["_x", "2", "\n", ""]) if rng.random() < 0.8 else "", text, count=rng.randint(1, 3))


def _retarget(text: str, rng: random.Random) -> str:
    targets = list(re.finditer(r"\b(to|next|fallback|start):\s*(\w+)", text))
    names = sorted(set(_ID.findall(text)))
    if not targets or not names:
        return text
    match = rng.choice(targets)
    return text[: match.start(2)] + rng.choice(names) + text[match.end(2):]


def _unicode(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + "".join(rng.choice(_UNICODE) for _ in range(rng.randint(1, 3))) + text[at:]


OPERATORS: dict[str, Callable[[str, random.Random], str]] = {
    "flip": _flip, "truncate": _truncate, "delete-line": _lines(_delete_line),
    "duplicate-line": _lines(_duplicate_line), "indent": _lines(_indent), "swap-type": _swap_type,
    "rename-id": _rename_id, "retarget": _retarget, "unicode": _unicode,
}


def _bad_positions(result, folder: Path) -> list[str]:
    """Findings whose line or column lies outside their file."""
    bad = []
    for finding in result.diagnostics:
        path = Path(finding.path)
        path = path if path.is_absolute() else Path.cwd() / path
        try:
            lines = path.read_text(encoding="utf-8-sig").split("\n")
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable file is reported at 1:1
        if not 1 <= finding.line <= len(lines) or not 1 <= finding.col <= len(lines[finding.line - 1]) + 2:
            bad.append(str(finding))
    return bad


def _play(story, rng: random.Random) -> None:
    """Random steps with save→load round trips, History and undo, in every chapter.

    History is read after each round trip and at the end rather than at every step: reading it
    renders every page so far, so reading it each step made a playthrough quadratic in its length.
    """
    for chapter in story.chapters:
        if chapter.start not in story.nodes:
            continue
        runtime = Runtime(story, chapter.id, seed=rng.randrange(1, 1000))
        for step in range(PLAY_STEPS // max(1, len(story.chapters)) + 1):
            runtime.text, runtime.status, runtime.scene
            if runtime.mode is Mode.ENDED:
                break
            if runtime.mode is Mode.CONTINUE:
                runtime.advance()
            else:
                open_choices = [c.index for c in runtime.choices if c.enabled]
                runtime.choose(rng.choice(open_choices))
            if step % 7 == 0:
                runtime = Runtime.from_state(story, json.loads(json.dumps(runtime.to_state())))[0]
                runtime.history
            if step % 11 == 0 and runtime.can_undo:
                runtime.undo()
        runtime.text, runtime.history


class Mutants:
    """A working copy of a story in which one file at a time is damaged, checked and put back.

    The copy is made once; each mutant rewrites only its target file and restores it afterwards,
    instead of copying the whole story (its translations included) for every mutant.
    """

    def __init__(self, source: Path, work: Path) -> None:
        shutil.copytree(source, work, symlinks=True)
        self.work = work
        self.files = sorted(work.rglob("*.yaml"))
        self.originals = {path: path.read_text(encoding="utf-8") for path in self.files}

    def fuzz_one(self, rng: random.Random, from_scratch: bool = False) -> tuple[str, str | None, float, bool, Path]:
        """Damage one file and hold the mutant to the properties; the file stays damaged until `restore`.

        With `from_scratch` the mutant is also checked with nothing kept from earlier loads, and must
        give the same findings. Returns (operator, what failed or None, seconds to check, whether it
        checked clean and was played, the damaged file).
        """
        target = rng.choice(self.files)
        name = rng.choice(sorted(OPERATORS))
        target.write_text(OPERATORS[name](self.originals[target], rng), encoding="utf-8", errors="surrogatepass")
        return (name, *_hold(self.work, rng, from_scratch), target)

    def restore(self, target: Path) -> None:
        target.write_text(self.originals[target], encoding="utf-8")


def _hold(work: Path, rng: random.Random, from_scratch: bool = False) -> tuple[str | None, float, bool]:
    # The check's time is its CPU time: a long run goes at the lowest priority on a shared machine,
    # where the wall clock mostly measures the other work.
    started = time.process_time()
    try:
        result = check_story(work, CATALOGUE)
    except Exception:
        return "check raised:\n" + traceback.format_exc(), time.process_time() - started, False
    seconds = time.process_time() - started
    if from_scratch:
        differs = _differs_from_scratch(work, result)
        if differs:
            return differs, seconds, False
    internal = [str(d) for d in result.diagnostics if "internal error" in d.message]
    if internal:
        return "internal error finding: " + internal[0], seconds, False
    outside = _bad_positions(result, work)
    if outside:
        return "finding outside its file: " + outside[0], seconds, False
    multi = [str(d) for d in result.diagnostics if "\n" in str(d)]
    if multi:
        return "finding over several lines: " + multi[0], seconds, False
    if result.ok:
        try:
            _play(result.story, rng)
        except Exception:
            return "play raised:\n" + traceback.format_exc(), seconds, True
    return None, seconds, result.ok


def _differs_from_scratch(work: Path, kept: LoadResult) -> str | None:
    """What a check with nothing kept from earlier loads finds differently from `kept`, or None."""
    try:
        with loads_from_scratch():
            fresh = check_story(work, CATALOGUE)
    except Exception:
        return "check from scratch raised:\n" + traceback.format_exc()
    mine, theirs = [str(d) for d in kept.diagnostics], [str(d) for d in fresh.diagnostics]
    if mine == theirs and kept.ok == fresh.ok:
        return None
    only_kept = [d for d in mine if d not in theirs][:1] or ["(none)"]
    only_fresh = [d for d in theirs if d not in mine][:1] or ["(none)"]
    return (f"files kept from earlier loads changed the findings ({len(mine)} against {len(theirs)} from "
            f"scratch): only with kept files: {only_kept[0]}; only from scratch: {only_fresh[0]}")


def mutant_rng(seed: int, number: int) -> random.Random:
    """Each mutant's own generator, from the run's seed and its number, so a run split across jobs
    (or one mutant run again alone with --only) makes the same mutants."""
    return random.Random(f"curtain-light-fuzz:{seed}:{number}")


def _keep(work: Path, keep: Path, note: str) -> None:
    """Write a mutant, whole, with a note of what it showed, for checking again by hand."""
    shutil.rmtree(keep, ignore_errors=True)
    shutil.copytree(work, keep, symlinks=True)
    (keep / "FAILURE.txt").write_text(note + "\n", encoding="utf-8")


_worker: Mutants | None = None
_worker_settings: tuple[int, Path | None] = (1, None)


def _start_worker(source: Path, temp: str, seed: int, out: Path | None) -> None:
    global _worker, _worker_settings
    reuse_between_loads(True)
    _worker = Mutants(source, Path(tempfile.mkdtemp(dir=temp)) / "story")
    _worker_settings = (seed, out)


def _fuzz_number(number: int) -> tuple[int, str, str | None, float, bool]:
    """One mutant in this process's working copy; failing and slow ones are kept in --out."""
    assert _worker is not None
    seed, out = _worker_settings
    name, failure, seconds, played, target = _worker.fuzz_one(mutant_rng(seed, number),
                                                              from_scratch=number % FROM_SCRATCH_EVERY == 0)
    again = f"again: python -m game.tools.fuzz --seed {seed} --only {number}"
    try:
        if out is not None and failure is not None:
            _keep(_worker.work, out / f"mutant-{seed}-{number}-{name}", f"{failure}\n{again}")
        elif out is not None and seconds > CHECK_SECONDS:
            # a figure, not a failure: on a busy machine any check can be slow once
            _keep(_worker.work, out / f"slow-{seed}-{number}-{name}",
                  f"check took {seconds:.2f} s of CPU time (the target is {CHECK_SECONDS:g} s)\n{again}")
    finally:
        _worker.restore(target)
    return number, name, failure, seconds, played


class Figures:
    """The run's figures so far, printed every PROGRESS_EVERY mutants and at the end."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.count = self.failures = self.clean = self.slow = 0
        self.times: list[float] = []
        self.per_operator: dict[str, int] = {}

    def add(self, name: str, failure: str | None, seconds: float, played: bool) -> None:
        self.count += 1
        self.per_operator[name] = self.per_operator.get(name, 0) + 1
        self.times.append(seconds)
        self.clean += played
        self.failures += failure is not None
        self.slow += failure is None and seconds > CHECK_SECONDS

    def line(self) -> str:
        times = sorted(self.times) or [0.0]
        return (f"{self.count} mutants in {time.perf_counter() - self.started:.1f} s: {self.failures} failed, "
                f"{self.clean} checked clean and were played; check (CPU) median {times[len(times) // 2] * 1000:.0f} ms, "
                f"worst {times[-1]:.2f} s, {self.slow} over {CHECK_SECONDS:g} s")


PROGRESS_EVERY = 1000


def run(n: int, seed: int, out: Path | None, source: Path = ROOT / "story", quiet: bool = False,
        jobs: int = 1, only: list[int] | None = None, first: int = 0) -> int:
    """Fuzz mutants first…first+n-1 (or only the numbers given) over `jobs` processes; print the
    figures; return how many failed."""
    numbers = only if only is not None else range(first, first + n)
    figures = Figures()
    say = (lambda text: None) if quiet else (lambda text: print(text, flush=True))
    with tempfile.TemporaryDirectory(prefix="curtain-light-fuzz-") as temp:
        setup = (source, temp, seed, out)
        if jobs > 1:
            pool = multiprocessing.get_context("spawn").Pool(jobs, _start_worker, setup)
            results = pool.imap_unordered(_fuzz_number, numbers, chunksize=4)
        else:
            pool = None
            _start_worker(*setup)
            results = map(_fuzz_number, numbers)
        try:
            for number, name, failure, seconds, played in results:
                figures.add(name, failure, seconds, played)
                if failure is not None:
                    say(f"mutant {number} ({name}): {failure.splitlines()[0]}")
                if figures.count % PROGRESS_EVERY == 0:
                    say("progress: " + figures.line())
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
            else:
                reuse_between_loads(False)  # this process's loads go back to reading everything
    say(figures.line() + "; " + ", ".join(f"{k} {v}" for k, v in sorted(figures.per_operator.items())))
    return figures.failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="how many mutants")
    parser.add_argument("--first", type=int, default=0,
                        help="the first mutant's number (a long run can be made in parts: --first 0, 10000, …)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="processes to fuzz in (the mutants do not depend on it)")
    parser.add_argument("--only", type=int, nargs="+", help="run only these mutant numbers (to reproduce one)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="where failing mutants are written")
    parser.add_argument("--story", type=Path, default=ROOT / "story")
    args = parser.parse_args(argv)
    return 1 if run(args.n, args.seed, args.out, args.story, jobs=max(1, args.jobs), only=args.only,
                    first=max(0, args.first)) else 0


if __name__ == "__main__":
    sys.exit(main())
