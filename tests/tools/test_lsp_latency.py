"""The language server's keystroke benchmark runs over stdio and prints its figures (the 300 ms target is the benchmark's to judge)."""
from __future__ import annotations

import asyncio
import statistics

import pytest

from game.tools.lsp.bench import TARGET_SECONDS, measure


def test_the_keystroke_benchmark_measures_every_keystroke(capsys: pytest.CaptureFixture[str]) -> None:
    timings = asyncio.run(measure(keystrokes=4))
    assert len(timings) == 4 and all(seconds > 0 for seconds in timings)
    with capsys.disabled():
        print(f"\n  language server, game story: median {statistics.median(timings) * 1000:.0f} ms "
              f"over {len(timings)} keystrokes (target {TARGET_SECONDS * 1000:.0f} ms; python -m game.tools.lsp.bench for the full run)")
