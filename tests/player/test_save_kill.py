"""Killed while saving: the save on disk is always whole, and the next start clears the leftovers."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.player.persist.saves import SaveStore
from tests.conftest import ROOT

WRITER = """
import sys
from pathlib import Path
from game.player.persist.saves import SaveStore
store = SaveStore(Path(sys.argv[1]))
number = 0
print("ready", flush=True)
while True:
    number += 1
    state = {"kind": "curtain-light-state", "version": 2, "chapter": "c", "node": "n", "vars": {"count": number},
             "history": [{"node": "n", "paragraphs": ["x" * 2000] * 20}]}
    store.write("auto-c", state, chapter_id="c", chapter_title="C", node_id="n", node_title="N",
                thumbnail_png=b"picture %d" % number)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_kills_in_the_middle_of_saves_never_leave_half_a_save(tmp_path: Path) -> None:
    rng = random.Random(4)
    last = 0
    for _ in range(12):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE,
                                  env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert writer.stdout is not None and writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.01, 0.15))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        reader = SaveStore.__new__(SaveStore)  # without the start-up clean-up: see what the kill left
        reader.folder = tmp_path / "saves"
        saved = reader.read("auto-c")
        if saved.status == "empty":
            continue
        assert saved.status == "ok", "a kill never leaves a torn save"
        count = saved.state["vars"]["count"]
        assert count >= 1 and json.loads(saved.path.read_text())["state"]["vars"]["count"] == count
        last = max(last, count)
    assert last > 0, "at least one save was finished between kills"
    for leftover in (tmp_path / "saves").glob(".*.tmp"):
        os.utime(leftover, (time.time() - 3600, time.time() - 3600))  # and their writers are gone
    SaveStore(tmp_path)  # the next start
    assert not list((tmp_path / "saves").glob(".*.tmp"))
