"""No dead code comes back: vulture finds nothing unused in game/ (what tests use counts; tests/vulture_whitelist.py lists the rest)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytest.importorskip("vulture")


def test_vulture_finds_no_dead_code() -> None:
    done = subprocess.run([sys.executable, "-m", "vulture", "game", "tests", "tests/vulture_whitelist.py",
                           "--min-confidence", "60", "--exclude", "tests/player/fixtures"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    found = [line for line in done.stdout.splitlines() if line.startswith("game")]
    assert not found, "unused code (delete it, or say in tests/vulture_whitelist.py why it is used):\n" + "\n".join(found)
