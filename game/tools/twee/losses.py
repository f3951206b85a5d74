"""The line an import writes into story.yaml saying how much of the Twee source it left out, and reading it back for `check`."""
from __future__ import annotations

import re
from pathlib import Path

LOSS_LINE = "Twee import: {} source constructs dropped (see the `# twee:` comments in nodes.yaml)."
_LOSS = re.compile(r"^# Twee import: (\d+) source constructs dropped", re.MULTILINE)


def import_losses(story_folder: Path) -> int | None:
    """How many source constructs the Twee import of this story dropped; None if it is not an import."""
    try:
        head = (story_folder / "story.yaml").read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return None
    found = _LOSS.search(head)
    return int(found.group(1)) if found else None
