"""How long `main.py graph` takes on a big story: `python -m game.bench.graph [NODES]`.

Writes a synthetic story (game.bench.story.generate_story: titles, scenes, two or three choices
a node) into a temporary folder and times `graph` on it end to end, loading included: to .svg
(when Graphviz is installed), to .dot, and to the interactive --html page. Prints the figures.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0


def time_graph(root: Path, *argv: str) -> tuple[int, float]:
    from game.tools import graph

    parser = argparse.ArgumentParser()
    graph.add_arguments(parser)
    args = parser.parse_args([str(root), *argv])
    began = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = graph.run(args)
    return code, time.perf_counter() - began


def measure(nodes: int = 2_000) -> dict[str, float]:
    from game.bench.story import generate_story

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="curtain-light-graph-") as scratch:
        root = generate_story(Path(scratch) / "story", nodes=nodes, files=max(1, nodes // 200))
        out = Path(scratch) / "out"
        runs = [("dot", ["-o", str(out / "graph.dot")]), ("html", ["--html", str(out / "graph.html")])]
        if shutil.which("dot") and shutil.which("neato"):
            runs.insert(0, ("svg", ["-o", str(out / "graph.svg")]))
        for name, argv in runs:
            code, seconds = time_graph(root, *argv)
            if code != 0:
                raise RuntimeError(f"graph {' '.join(argv)} exited {code}")
            figures[name] = seconds
    return figures


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    nodes = int(argv[0]) if argv else 2_000
    figures = measure(nodes)
    print(f"graph on a synthetic story of {nodes} nodes, loading included (target {TARGET_SECONDS:.0f} s):")
    for name, seconds in figures.items():
        print(f"  {name:5} {seconds:5.1f} s  {'met' if seconds <= TARGET_SECONDS else 'NOT met'}")
    if "svg" not in figures:
        print("  svg   not measured: Graphviz is not installed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
