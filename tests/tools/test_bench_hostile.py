"""The hostile-file benchmark answers every case with the right findings (its timings are printed, not tested)."""
from __future__ import annotations

from game.bench.story import bench_hostile


def test_each_hostile_file_gets_its_code() -> None:
    codes = {name: found for name, _, found in bench_hostile()}
    assert "CL002" in codes["a 50 MB file"]
    assert "CL004" in codes["an alias bomb (10^9 entries)"]
    assert "CL005" in codes["100,000 nested brackets"] and "CL005" in codes["1,200 nested block mappings"]
    assert "CL003" in codes["!!python/object tags"]
    assert "CL002" in codes["binary junk (10 kB)"] and "CL002" in codes["not UTF-8"]
    assert codes["invalid YAML"] == ["CL001"]
