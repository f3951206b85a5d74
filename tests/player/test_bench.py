"""The benchmarks keep working (they only report figures; nothing here checks a time)."""
from __future__ import annotations

from pathlib import Path

from game.bench import player as bench

FIXTURE_STORY = Path(__file__).parent / "fixtures" / "story"


def test_frame_benchmark_reports_every_scene_at_both_sizes():
    # The real window's code, under the dummy driver; each scene measured without waiting for its crossfade.
    lines = bench.bench_frames(story_dir=FIXTURE_STORY, count=6, settle=0.0)
    from game.content import SCENES

    assert "6 frames a case" in lines[0]
    for size in ("1280x720", "1920x1080"):
        for name in SCENES:
            for what in ("its own motion", "whole frames (as after input)", "all redrawn and sent"):
                assert any(line.startswith(f"  {size} play: {name} ") and what in line for line in lines), (size, name, what)
    assert any("worst p99" in line for line in lines)
    # Every scene draws its whole frames; a moving one its own motion too, each frame timed.
    cases = [line for line in lines if " play: " in line]
    assert all("(6 frames)" in line for line in cases if "whole frames" in line or "all redrawn" in line)
    assert any("its own motion" in line and "(6 frames)" in line for line in cases)


def test_run_benchmarks_keeps_going_when_a_section_fails(monkeypatch, capsys):
    monkeypatch.setattr(bench, "bench_chapter", lambda: ["memory: 1 MB"])
    monkeypatch.setattr(bench, "bench_cpu", lambda seconds: (_ for _ in ()).throw(RuntimeError("no display")))
    monkeypatch.setattr(bench, "bench_frames", lambda seconds: ["frames: fine"])
    monkeypatch.setattr(bench, "bench_cold_start", lambda runs: ["cold start: fine"])
    monkeypatch.setattr(bench, "bench_sound", lambda: ["sound: fine"])
    lines = bench.run_benchmarks(1.0)
    assert lines[0] == "memory: 1 MB" and "could not run: no display" in lines[1] and lines[-1] == "sound: fine"
    assert "cold start: fine" in capsys.readouterr().out


def test_choices_visible_benchmark_reads_the_real_play_screen():
    from game.bench.layout import bench_choices_visible

    lines = bench_choices_visible(FIXTURE_STORY)
    assert len(lines) == 2, lines  # 100% and 200%, and no node missed
    for line, size in zip(lines, ("100%", "200%")):
        assert f"text {size}: first choice fully visible without scrolling on 5 of 5 nodes" in line, line  # walk: 3, tea: 2


def test_a_story_with_errors_is_one_line_of_the_report(tmp_path, capsys):
    from game.bench import run_sections
    from game.bench.layout import bench_choices_visible

    (tmp_path / "story.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    lines = run_sections([lambda: bench.bench_frames(story_dir=tmp_path), lambda: bench_choices_visible(tmp_path)])
    assert lines == [f"frames: the story at {tmp_path} has errors; run main.py check",
                     f"choices-visible: the story at {tmp_path} has errors; run main.py check"]
    assert capsys.readouterr().out.splitlines() == lines
