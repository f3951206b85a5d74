"""`main.py bench`: generate synthetic stories and print load, explore, random-play and frame figures."""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from game.bench import run_sections, verdict as _verdict

LOAD_TARGET_SECONDS = 1.0
LOAD_TARGET_RATIO = 2.0
EXPLORE_TARGET = 100_000  # states per second
RANDOM_TARGET = 40_000  # choices per second

_WORDS = ("the light on the curtain went on without you while the kettle cooled and the street kept its own "
          "slow time somewhere a bicycle bell rang twice and the television slept in its corner with dust on "
          "the screen you counted the seams of white along the rail and thought of nothing in particular the "
          "washing machine turned over once more and the neighbour's door closed softly down the hall").split()
_MANIFEST_PAGES = """pages:
  content_note: {title: Before you play, text: "A generated story."}
  help: {title: Help, text: "Nothing to help with."}
  credits: {title: Credits, text: "Generated."}
"""


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))


def generate_story(folder: Path | str, nodes: int = 10_000, files: int = 50, seed: int = 0) -> Path:
    """Write a realistic synthetic story of one chapter: `nodes` nodes spread over `files` files.

    Every node has a title, a scene with parameters, two to four paragraphs (one with an
    interpolation or an {if}), and two or three choices with conditions and effects (or, for about
    one in eight, a `next`); about one node in forty is an ending. The first choice of each node
    is always open and leads forward, so there is no soft-lock and every playthrough can end;
    a few later choices lead back.
    """
    rng = random.Random(seed)
    root = Path(folder)
    (root / "gen").mkdir(parents=True, exist_ok=True)
    files = max(1, min(files, nodes))
    (root / "story.yaml").write_text(
        "title: Generated\nformat: 1\nchapters:\n"
        "  - id: gen\n    title: Generated\n    start: n0\n    files: [gen/*.yaml]\n"
        "    status: \"{if energy <= 1: Drained.|else: Awake, more or less.}\"\n"
        "    variables:\n"
        "      energy: {type: int, initial: 2, min: 0, max: 5}\n"
        "      shame: {type: int, initial: 3, min: 0, max: 5}\n"
        "      hour: {type: int, initial: 14, min: 0, max: 23}\n"
        "      mood: {type: enum, values: [flat, raw, calm], initial: flat}\n"
        "      met: {type: bool, initial: false}\n"
        "      name: {type: str, initial: Haru}\n"
        + _MANIFEST_PAGES, encoding="utf-8")
    per_file = -(-nodes // files)
    endings = {i for i in range(1, nodes) if rng.random() < 1 / 40} | {nodes - 1}
    for f in range(files):
        lines = ["nodes:"]
        for i in range(f * per_file, min(nodes, (f + 1) * per_file)):
            lines.extend(_node_lines(rng, i, nodes, i in endings))
        (root / "gen" / f"part_{f:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _node_lines(rng: random.Random, i: int, total: int, ending: bool) -> list[str]:
    out = [f"  n{i}:", f"    title: {_sentence(rng, 2, 4)[:-1]}"]
    scene = rng.choice(["dark_room", "night_street", "flat_8050"])
    if scene == "dark_room":
        out.append(f"    scene: {{name: dark_room, light: \"{{energy}}\", window: curtains, hour: {rng.randint(0, 23)}}}")
    elif scene == "night_street":
        out.append(f"    scene: {{name: night_street, hour: {rng.randint(0, 5)}, rain: {str(rng.random() < .3).lower()}}}")
    else:
        out.append("    scene: {name: flat_8050, hour: \"{hour}\", washing: running}")
    if rng.random() < 0.3:
        out.append(f"    ambience: {rng.choice(['room_tone', 'rain', 'traffic', 'fridge_hum'])}")
    out.append("    text: |")
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.5:
        paragraphs[0] += " It is {hour}:00, and {name} has {energy} left."
    else:
        back = f"n{rng.randrange(0, i)}" if i else "n0"
        paragraphs[-1] += f" {{if seen({back}): You remember the other room.|elif energy > 2: You feel able.|else: Not today.}}"
    for number, paragraph in enumerate(paragraphs):
        if number:
            out.append("")
        out.append(f"      {paragraph}")
    if ending:
        out.append(f"    ending: {{id: e{i}, title: {_sentence(rng, 2, 3)[:-1]}}}")
        return out
    if rng.random() < 0.12:
        out.append(f"    next: n{min(total - 1, i + rng.randint(1, 4))}")
        return out
    out.append("    choices:")
    for c in range(rng.randint(2, 3)):
        # The first choice is always open and leads forward, so every playthrough can end.
        back = c > 0 and i >= 10 and rng.random() < 0.08
        target = rng.randrange(i - 10, i) if back else min(total - 1, i + rng.randint(1, 8))
        out.append(f"      - text: \"{_sentence(rng, 3, 7)}\"")
        out.append(f"        to: n{target}")
        if c == 1:
            out.append(rng.choice(["        if: energy >= 2", "        if: not met", "        if: mood != 'raw'"]))
        if c == 2:
            out.append("        enabled: energy >= 3")
            out.append("        reason: \"Not with {energy} left.\"")
        effects = rng.choice(["energy -= 1", "[energy += 1, hour += 1]", "mood = 'calm'", "met = true",
                              "[shame += 1, mood = 'raw']", None])
        if effects:
            out.append(f"        set: {effects}")
    return out


def generate_branching_story(folder: Path | str, hubs: int = 40, size: int = 8, seed: int = 0) -> Path:
    """A small story with a large state space, for measuring exploration: `hubs` nodes, three counters 0..size-1.

    Each hub has three choices that move the counters and one gated choice; the state space is
    about hubs × size³ × 4 states.
    """
    rng = random.Random(seed)
    root = Path(folder)
    (root / "b").mkdir(parents=True, exist_ok=True)
    top = size - 1
    (root / "story.yaml").write_text(
        "title: Branching\nformat: 1\nchapters:\n"
        "  - id: branch\n    title: Branching\n    start: h0\n    files: [b/*.yaml]\n    variables:\n"
        f"      a: {{type: int, initial: 0, min: 0, max: {top}}}\n"
        f"      b: {{type: int, initial: 0, min: 0, max: {top}}}\n"
        f"      c: {{type: int, initial: 0, min: 0, max: {top}}}\n"
        "      lamp: {type: bool, initial: false}\n"
        "      door: {type: bool, initial: false}\n"
        + _MANIFEST_PAGES, encoding="utf-8")
    lines = ["nodes:"]
    effects = ["a += 1", "b += 1", "c += 1", "[a -= 1, b += 1]", "[b -= 1, c += 1]", "[c -= 1, a += 1]",
               "lamp = not lamp", "door = a > b", "[a += 1, lamp = true]"]
    for h in range(hubs):
        lines += [f"  h{h}:", f"    text: \"Room {h}: a {{a}}, b {{b}}, c {{c}}.\"", "    choices:"]
        for k in range(3):
            lines += [f"      - text: Way {k}.", f"        to: h{rng.randrange(hubs)}", f"        set: {rng.choice(effects)}"]
        lines += ["      - text: Leave.", "        to: out", f"        enabled: a + b + c >= {3 * top - 1} and lamp",
                  "        reason: Not yet."]
    lines += ["  out:", "    text: Out.", "    ending: {id: out, title: Out}"]
    (root / "b" / "hubs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def generate_counter_story(folder: Path | str, nodes: int = 2_000, width: int = 50, endings: int = 15, seed: int = 0) -> Path:
    """The shape an author's tester meets: `nodes` nodes in layers `width` wide, two unbounded counters.

    Every node but the endings has three options: one always open; one that, with p=0.4, a
    condition on a counter hides (`if:`); one that, with p=0.4, a condition greys out
    (`enabled:` with a reason). One option in ten goes back to an earlier layer, and the options
    add to the counters (`steps`, `doubts`: ints with no min or max), so without merging the
    counters' values the state space has no end. The last layer holds the `endings` endings.
    """
    rng = random.Random(seed)
    root = Path(folder)
    (root / "c").mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(
        "title: Counters\nformat: 1\nchapters:\n"
        "  - id: counters\n    title: Counters\n    start: n0\n    files: [c/*.yaml]\n    variables:\n"
        "      steps: {type: int, initial: 0}\n"
        "      doubts: {type: int, initial: 0}\n"
        + _MANIFEST_PAGES, encoding="utf-8")
    layers = -(-nodes // width)
    last = (layers - 1) * width
    ending_ids = set(range(last, min(nodes, last + endings)))

    def forward(layer: int) -> int:
        start = min((layer + 1) * width, last)
        return rng.randrange(start, min(nodes, start + width))

    def target(layer: int) -> int:
        if layer > 0 and rng.random() < 0.1:
            return rng.randrange(0, layer * width)  # a back-edge
        return forward(layer)

    def test() -> str:
        counter = rng.choice(["steps", "doubts"])
        return f"{counter} {rng.choice(['>=', '<', '=='])} {rng.randint(1, 3)}"

    lines = ["nodes:"]
    for i in range(nodes):
        lines += [f"  n{i}:", f"    text: \"Room {i}, after {{steps}} steps.\""]
        if i in ending_ids:
            lines.append(f"    ending: {{id: e{i - last}, title: Ending {i - last}}}")
            continue
        layer = i // width
        lines.append("    choices:")
        if layer == layers - 1:  # the last layer's other nodes lead to its endings
            picks = [rng.choice(sorted(ending_ids)) for _ in range(3)]
        else:
            picks = [forward(layer), target(layer), target(layer)]
        lines += ["      - text: On.", f"        to: n{picks[0]}", "        set: steps += 1"]
        lines += ["      - text: Aside.", f"        to: n{picks[1]}", "        set: doubts += 1"]
        if rng.random() < 0.4:
            lines.append(f"        if: {test()}")
        lines += ["      - text: Back.", f"        to: n{picks[2]}", "        set: [steps += 1, doubts += 1]"]
        if rng.random() < 0.4:
            lines += [f"        enabled: {test()}", "        reason: Not yet."]
    (root / "c" / "nodes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


# -- the benchmarks ---------------------------------------------------------------------------------

def bench_load(repeats: int = 3) -> dict[str, float]:
    """Load and check a generated 10,000-node, 50-file story; compare with a bare libyaml parse.

    Every run is timed inside its own fresh Python process, so neither side inherits the other's
    heap (a parse timed right after loads runs markedly slower). Times are medians of `repeats`
    runs, wall-clock and CPU time; the CPU figure does not count time lost to other programs.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_story(Path(tmp) / "story", nodes=10_000, files=50)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        loads = [_child("load", root) for _ in range(repeats)]
        parses = [_child("yaml", root) for _ in range(repeats)]
    load_wall = statistics.median(w for w, _ in loads)
    load_cpu = statistics.median(c for _, c in loads)
    yaml_wall = statistics.median(w for w, _ in parses)
    yaml_cpu = statistics.median(c for _, c in parses)
    return {"load": load_wall, "yaml": yaml_wall, "ratio": load_wall / yaml_wall if yaml_wall else float("inf"),
            "load_cpu": load_cpu, "yaml_cpu": yaml_cpu, "ratio_cpu": load_cpu / yaml_cpu if yaml_cpu else float("inf"),
            "megabytes": size / 1e6}


def _child(kind: str, root: Path) -> tuple[float, float]:
    """Run one timed measurement in a fresh interpreter; (wall seconds, CPU seconds)."""
    import subprocess

    project = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "game.bench.story", "--child", kind, str(root)], cwd=project,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} measurement failed: {done.stderr.strip()[-500:]}")
    wall, cpu = done.stdout.split()[-2:]
    return float(wall), float(cpu)


def _measure(kind: str, root: Path) -> tuple[float, float]:
    """The body of one child measurement: `load` (load+check) or `yaml` (bare libyaml parse)."""
    import yaml

    from game.content import CATALOGUE
    from game.core.checker import check_story

    paths = sorted(root.rglob("*.yaml"))
    if kind == "yaml":
        texts = [p.read_text(encoding="utf-8") for p in paths]  # reading is not parsing: outside the timing
        wall, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)
    else:
        for p in paths:
            p.read_bytes()  # the same warm file cache for both sides
        wall, cpu = time.perf_counter(), time.process_time()
        result = check_story(root, CATALOGUE)
        if not result.ok:
            raise RuntimeError("the generated story does not check: " + "; ".join(map(str, result.errors[:3])))
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_explore(hubs: int = 60, size: int = 10) -> dict[str, float]:
    """Explore a generated branching story (about 100,000 states) and measure states per second."""
    from game.core.loader import load_story
    from game.tools.explore import explore_chapter

    with tempfile.TemporaryDirectory() as tmp:
        story = load_story(generate_branching_story(Path(tmp) / "story", hubs, size)).story
        assert story is not None
        began = time.process_time()
        report = explore_chapter(story, "branch")
        cpu = time.process_time() - began
    return {"states": report.states, "seconds": report.seconds, "rate": report.states / report.seconds,
            "cpu": cpu, "rate_cpu": report.states / cpu if cpu else float("inf")}


COUNTERS_TARGET_SECONDS = 2.0
COUNTERS_TARGET_MEGABYTES = 300


def bench_explore_counters() -> dict[str, Any]:
    """Explore the 2,000-node counters story in a fresh process: states, time, peak memory, endings decided."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        root = generate_counter_story(Path(tmp) / "story")
        project = Path(__file__).resolve().parents[2]
        done = subprocess.run([sys.executable, "-m", "game.bench.story", "--child", "counters", str(root)], cwd=project,
                              capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"the counters measurement failed: {done.stderr.strip()[-500:]}")
    states, complete, reached, total, seconds, megabytes = done.stdout.split()[-6:]
    return {"states": int(states), "complete": complete == "1", "reached": int(reached), "endings": int(total),
            "seconds": float(seconds), "megabytes": float(megabytes)}


def _measure_counters(root: Path) -> str:
    import resource

    from game.core.loader import load_story
    from game.tools.explore import explore_chapter

    story = load_story(root).story
    assert story is not None
    report = explore_chapter(story, "counters")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return (f"{report.states} {int(report.complete)} {len(report.endings_reached)} {len(report.ending_titles)} "
            f"{report.seconds:.6f} {peak:.1f}")


def bench_random(nodes: int = 2_000, runs: int = 4_000) -> dict[str, float]:
    """Random playthroughs of a generated 2,000-node story: choices per second."""
    from game.core.loader import load_story
    from game.tools.explore import random_playthroughs

    with tempfile.TemporaryDirectory() as tmp:
        story = load_story(generate_story(Path(tmp) / "story", nodes=nodes, files=10)).story
        assert story is not None
        began = time.process_time()
        report = random_playthroughs(story, "gen", runs, seed=1)
        cpu = time.process_time() - began
    return {"runs": runs, "choices": report.choices, "seconds": report.seconds, "rate": report.choices_per_second,
            "cpu": cpu, "rate_cpu": report.choices / cpu if cpu else float("inf")}


def _median(action: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of `repeats` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _hostile_files() -> list[tuple[str, bytes]]:
    laughs = [b'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        laughs.append(f"a{level}: &a{level} [".encode() + b",".join([f"*a{level - 1}".encode()] * 9) + b"]")
    laughs.append(b"nodes: *a9")
    line = b"nodes:\n  start:\n    text: Hi.\n    ending: {id: e, title: E}\n# " + b"x" * 80 + b"\n"
    return [
        ("a 50 MB file", line * (50 * 1024 * 1024 // len(line))),
        ("an alias bomb (10^9 entries)", b"\n".join(laughs) + b"\n"),
        ("100,000 nested brackets", b"nodes: " + b"[" * 100_000 + b"]" * 100_000),
        ("1,200 nested block mappings", b"".join(b"  " * level + b"a:\n" for level in range(1200)) + b"  " * 1200 + b"x: 1\n"),
        ("!!python/object tags", b"nodes: !!python/object/apply:os.system ['echo hi']\n"),
        ("binary junk (10 kB)", bytes(range(256)) * 40),
        ("not UTF-8", b"nodes:\n  start:\n    text: \xff\xfe\n"),
        ("invalid YAML", b"nodes:\n  start: [\n"),
    ]


def bench_hostile() -> list[tuple[str, float, list[str]]]:
    """How long `check` takes to answer each kind of hostile file, and with which codes."""
    from game.core.checker import check_story

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "story"
        root.mkdir()
        (root / "story.yaml").write_text("title: T\nchapters:\n  - {id: c, title: C, start: start, files: [nodes.yaml]}\n")
        for name, content in _hostile_files():
            (root / "nodes.yaml").write_bytes(content)
            started = time.perf_counter()
            result = check_story(root)
            results.append((name, time.perf_counter() - started, sorted({d.code for d in result.errors})))
    return results


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--only", choices=["load", "hostile", "explore", "random", "frames", "choices-visible"],
                        help="run one benchmark")
    parser.add_argument("--profile", action="store_true", help="with load: print where loading spends its time (cProfile)")
    parser.add_argument("--window", action="store_true",
                        help="the game in a real window against bare pygame windows: CPU per screen, memory, "
                             "choice latency, frame times (needs a display)")
    parser.add_argument("--seconds", type=float, default=3.0,
                        help="the player's figures: how long each screen's CPU is measured (frames: 200 a second, two at most)")


def run_window(args: argparse.Namespace) -> int:
    import os

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print("bench --window needs a display (run it under Xvfb: tools/xvfb_smoke.sh does)", file=sys.stderr)
        return 2
    from game.bench.player import run_benchmarks

    run_benchmarks(args.seconds)
    return 0


def run(args: argparse.Namespace) -> int:
    if getattr(args, "window", False):
        return run_window(args)
    which = [args.only] if args.only else ["load", "hostile", "explore", "random", "frames", "choices-visible"]
    if "load" in which:
        f = bench_load()
        ok = f["load"] <= LOAD_TARGET_SECONDS and f["ratio"] <= LOAD_TARGET_RATIO
        print(f"load+check, 10,000 nodes in 50 files ({f['megabytes']:.1f} MB), median of 3:\n"
              f"  load+check {f['load']:.3f} s wall ({f['load_cpu']:.3f} s CPU); "
              f"bare libyaml parse {f['yaml']:.3f} s wall ({f['yaml_cpu']:.3f} s CPU)\n"
              f"  ratio {f['ratio']:.2f} wall ({f['ratio_cpu']:.2f} CPU); "
              f"target: ratio ≤ {LOAD_TARGET_RATIO:g} and under {LOAD_TARGET_SECONDS:g} s: {_verdict(ok)}")
        if getattr(args, "profile", False):
            _profile_load()
    if "hostile" in which:
        print("check on broken and hostile story files (seconds to the findings; target: a few seconds):")
        for name, seconds, codes in bench_hostile():
            print(f"  {name:<34} {seconds:7.3f} s  {', '.join(codes)}")
    if "explore" in which:
        f = bench_explore()
        print(f"explore, branching story: {f['states']:,.0f} states in {f['seconds']:.2f} s wall = {f['rate']:,.0f} states/s "
              f"({f['rate_cpu']:,.0f} per CPU second); target ≥ {EXPLORE_TARGET:,}: {_verdict(f['rate'] >= EXPLORE_TARGET)}")
        g = bench_explore_counters()
        ok = (g["complete"] and g["seconds"] < COUNTERS_TARGET_SECONDS and g["megabytes"] < COUNTERS_TARGET_MEGABYTES)
        decided = "every ending decided" if g["complete"] else "NOT every ending decided (stopped at the bound)"
        print(f"explore, 2,000 nodes 50 wide, two unbounded counters: {g['states']:,} states, "
              f"{'complete' if g['complete'] else 'incomplete'}, {g['reached']} of {g['endings']} endings reached, {decided}; "
              f"{g['seconds']:.2f} s, peak {g['megabytes']:.0f} MB (the whole process); "
              f"target complete, under {COUNTERS_TARGET_SECONDS:g} s and {COUNTERS_TARGET_MEGABYTES} MB: {_verdict(ok)}")
    if "random" in which:
        f = bench_random()
        print(f"random playthroughs, 2,000-node story: {f['runs']:,.0f} runs, {f['choices']:,.0f} choices in "
              f"{f['seconds']:.2f} s wall = {f['rate']:,.0f} choices/s ({f['rate_cpu']:,.0f} per CPU second); "
              f"target ≥ {RANDOM_TARGET:,}: {_verdict(f['rate'] >= RANDOM_TARGET)}")
    if "frames" in which:
        try:
            from game.bench.player import run_benchmarks  # the player's own figures, when it has them
        except ImportError:
            print("player benchmarks: not available")
        else:
            run_benchmarks(args.seconds)  # prints its own lines: in a real window on a display, else the dummy driver
    if "choices-visible" in which:
        from game.bench.layout import bench_choices_visible

        run_sections([bench_choices_visible])  # prints its own lines
    sys.stdout.flush()
    return 0


def _child_main(argv: list[str]) -> int:
    if argv[1] == "counters":
        print(_measure_counters(Path(argv[2])))
        return 0
    wall, cpu = _measure(argv[1], Path(argv[2]))
    print(f"{wall:.6f} {cpu:.6f}")
    return 0


def _profile_load() -> None:
    import cProfile
    import pstats

    from game.content import CATALOGUE
    from game.core.checker import check_story

    with tempfile.TemporaryDirectory() as tmp:
        root = generate_story(Path(tmp) / "story", nodes=10_000, files=50)
        profiler = cProfile.Profile()
        profiler.enable()
        check_story(root, CATALOGUE)
        profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        sys.exit(_child_main(sys.argv[1:]))
    parser = argparse.ArgumentParser(prog="python -m game.bench.story")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
