"""The story mutation fuzzer: damage a story in many small ways and check that nothing breaks.

`python -m game.tools.fuzz --n 100000 --out fuzz-failures` (or `make fuzz FUZZ_N=100000`) takes
the game's story, and for each mutant applies one operator (byte flips, truncation, deleted and
duplicated lines, indentation shifts, type swaps, renamed and retargeted ids, random unicode)
to one of its files, checks it in process, and holds it to these properties: no traceback, no
"internal error" finding, every finding inside its file (line and column) and on one line, and every mutant that checks clean plays 200 random steps with save→JSON→load round trips,
History and undo, without an error. Checks over 1 s are counted and kept as figures (a busy
machine makes any check slow now and then), not failures. A failing mutant is written, whole, to the --out folder
with a note saying what failed, so it can be checked again by hand.
"""
from __future__ import annotations

import argparse
import json
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
from game.core.runtime import Mode, Runtime

ROOT = Path(__file__).resolve().parents[2]
CHECK_SECONDS = 1.0
PLAY_STEPS = 200
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
    """Random steps with save→load round trips, History and undo, in every chapter."""
    for chapter in story.chapters:
        if chapter.start not in story.nodes:
            continue
        runtime = Runtime(story, chapter.id, seed=rng.randrange(1, 1000))
        for step in range(PLAY_STEPS // max(1, len(story.chapters)) + 1):
            runtime.text, runtime.status, runtime.scene, runtime.history
            if runtime.mode is Mode.ENDED:
                break
            if runtime.mode is Mode.CONTINUE:
                runtime.advance()
            else:
                open_choices = [c.index for c in runtime.choices if c.enabled]
                runtime.choose(rng.choice(open_choices))
            if step % 7 == 0:
                runtime = Runtime.from_state(story, json.loads(json.dumps(runtime.to_state())))[0]
            if step % 11 == 0 and runtime.can_undo:
                runtime.undo()


def fuzz_one(source: Path, work: Path, rng: random.Random) -> tuple[str, str | None, float, bool]:
    """Make one mutant in `work`, hold it to the properties.

    Returns (operator, what failed or None, seconds to check, whether it checked clean and was played).
    """
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(source, work, symlinks=True)
    files = sorted(work.rglob("*.yaml"))
    target = rng.choice(files)
    name = rng.choice(sorted(OPERATORS))
    text = target.read_text(encoding="utf-8")
    target.write_text(OPERATORS[name](text, rng), encoding="utf-8", errors="surrogatepass")
    started = time.perf_counter()
    try:
        result = check_story(work, CATALOGUE)
    except Exception:
        return name, "check raised:\n" + traceback.format_exc(), time.perf_counter() - started, False
    seconds = time.perf_counter() - started
    internal = [str(d) for d in result.diagnostics if "internal error" in d.message]
    if internal:
        return name, "internal error finding: " + internal[0], seconds, False
    outside = _bad_positions(result, work)
    if outside:
        return name, "finding outside its file: " + outside[0], seconds, False
    multi = [str(d) for d in result.diagnostics if "\n" in str(d)]
    if multi:
        return name, "finding over several lines: " + multi[0], seconds, False
    if result.ok:
        try:
            _play(result.story, rng)
        except Exception:
            return name, "play raised:\n" + traceback.format_exc(), seconds, True
    return name, None, seconds, result.ok


def _keep(work: Path, keep: Path, note: str) -> None:
    """Write a mutant, whole, with a note of what it showed, for checking again by hand."""
    shutil.rmtree(keep, ignore_errors=True)
    shutil.copytree(work, keep, symlinks=True)
    (keep / "FAILURE.txt").write_text(note + "\n", encoding="utf-8")


def run(n: int, seed: int, out: Path | None, source: Path = ROOT / "story", quiet: bool = False) -> int:
    """Fuzz `n` mutants; print the figures; return how many failed."""
    rng = random.Random(seed)
    failures = 0
    times: list[float] = []
    per_operator: dict[str, int] = {}
    clean = slow = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="curtain-light-fuzz-") as temp:
        work = Path(temp) / "story"
        for number in range(n):
            name, failure, seconds, played = fuzz_one(source, work, rng)
            per_operator[name] = per_operator.get(name, 0) + 1
            times.append(seconds)
            clean += played
            if failure is None and seconds > CHECK_SECONDS:
                slow += 1  # a figure, not a failure: on a busy machine any check can be slow once
                failure_note = f"check took {seconds:.2f} s (the target is {CHECK_SECONDS:g} s)"
                if out is not None:
                    _keep(work, out / f"slow-{seed}-{number}-{name}", failure_note)
            if failure is not None:
                failures += 1
                if out is not None:
                    _keep(work, out / f"mutant-{seed}-{number}-{name}", failure)
                if not quiet:
                    print(f"mutant {number} ({name}): {failure.splitlines()[0]}", flush=True)
    times.sort()
    if not quiet:
        print(f"{n} mutants in {time.perf_counter() - started:.1f} s: {failures} failed, {clean} checked clean and were played; "
              f"check median {times[len(times) // 2] * 1000:.0f} ms, worst {times[-1]:.2f} s, {slow} over {CHECK_SECONDS:g} s; "
              + ", ".join(f"{k} {v}" for k, v in sorted(per_operator.items())))
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="how many mutants")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="where failing mutants are written")
    parser.add_argument("--story", type=Path, default=ROOT / "story")
    args = parser.parse_args(argv)
    return 1 if run(args.n, args.seed, args.out, args.story) else 0


if __name__ == "__main__":
    sys.exit(main())
