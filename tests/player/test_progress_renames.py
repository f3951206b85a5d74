"""Endings found under an id the story has since renamed stay found, through the progress file."""
from __future__ import annotations

from pathlib import Path

from game.core.checker import check_story
from game.player.persist.saves import Progress, ProgressStore
from tests.conftest import ONE_CHAPTER, write_story

NODES = """\
nodes:
  start:
    text: Here.
    choices:
      - text: Stay.
        to: stay
      - text: Go.
        to: go
  stay:
    text: Stayed.
    ending: {id: staying_on, title: Staying on, renamed_from: [stayed, still_here]}
  go:
    text: Gone.
    ending: {id: gone, title: Gone}
"""


def test_an_ending_found_under_its_old_id_is_found_under_its_new_one(tmp_path: Path) -> None:
    result = check_story(write_story(tmp_path / "story", ONE_CHAPTER, {"nodes.yaml": NODES}))
    assert result.ok and not result.errors, [str(d) for d in result.diagnostics]
    store = ProgressStore(tmp_path / "data")
    (tmp_path / "data").mkdir()
    store.save(Progress({"main": {"still_here"}, "other": {"stayed"}}, {"main"}))

    progress = store.load()
    progress.follow_renamed_endings(result.story)

    assert progress.found("main") == {"still_here", "staying_on"}
    assert progress.found("other") == {"stayed"}  # another chapter's ids are its own
    assert "gone" not in progress.found("main")
