"""Loading the story off the main loop, and noticing when an author saves a story file (live reload)."""
from __future__ import annotations

import threading
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.core.loader import LoadResult

Signature = tuple[tuple[str, int, int, int], ...]
POLL_SECONDS = 0.3  # stats (and a small story's bytes), so cheap; an edit shows within a second even with a slow load
# A saved PO file (translations/LANG.po) reloads the story too, read again in the player's language.
STORY_SUFFIXES = (".yaml", ".yml", ".po")
CONTENT_CHECK_BYTES = 4 * 1024 * 1024  # the game's story and its Japanese are about 1.5 MB: read in a millisecond or two


def story_signature(story_dir: Path) -> Signature:
    """Every story file (its YAML and its translations' PO files) with its modification time and size,
    and for a story of up to 4 MB its CRC.

    Stats alone miss an edit that keeps the size and the time (a 1-second clock, a tool that
    restores times), so a story small enough to read in a few milliseconds is also read.
    """
    found: list[tuple[str, int, int, int]] = []
    total = 0
    for path in story_dir.rglob("*"):
        if path.suffix not in STORY_SUFFIXES or any(part.startswith(".") for part in path.relative_to(story_dir).parts):
            continue
        try:
            info = path.stat()
        except OSError:
            continue  # deleted between listing and stat: the next poll sees it
        total += info.st_size
        found.append((str(path), info.st_mtime_ns, info.st_size, 0))
    if total <= CONTENT_CHECK_BYTES:
        found = [(name, mtime, size, _crc(name)) for name, mtime, size, _ in found]
    return tuple(sorted(found))


def _crc(name: str) -> int:
    try:
        with open(name, "rb") as handle:
            return zlib.crc32(handle.read(CONTENT_CHECK_BYTES + 1))
    except OSError:
        return -1


class StoryLoader:
    """Runs the checker on a background thread, so a slow load never freezes the window.

    `poll(dt)` is called every frame; it stats the files every half second and hands back a
    finished LoadResult once, when there is one.
    """

    def __init__(self, story_dir: Path, *, watch: bool = True) -> None:
        self.story_dir = story_dir
        self.watch = watch
        self._signature: Signature | None = None
        self._since_poll = 0.0
        self._thread: threading.Thread | None = None
        self._result: LoadResult | None = None
        self._pending_again = False
        self._lock = threading.Lock()

    @property
    def loading(self) -> bool:
        return self._thread is not None

    def start(self, signature: Signature | None = None) -> None:
        """Begin a load now (at startup, on F5, or when a file changed)."""
        if self._thread is not None:
            self._pending_again = True  # a change during a load: load once more when this one ends
            return
        self._signature = signature if signature is not None else story_signature(self.story_dir)
        self._thread = threading.Thread(target=self._load, name="story-loader", daemon=True)
        self._thread.start()

    def accept_current_files(self) -> None:
        """Treat the files as they are now as already loaded (when the story was loaded elsewhere)."""
        self._signature = story_signature(self.story_dir)

    def _load(self) -> None:
        from game.content import CATALOGUE
        from game.core.checker import check_story

        try:
            result = check_story(self.story_dir, CATALOGUE)
        except Exception as error:  # A loader bug must reach the player as a message, not kill the game.
            from game.core.loader import LoadResult

            result = LoadResult(None, [])
            result.crash = f"{self.story_dir}: the story could not be read: {error}"  # type: ignore[attr-defined]
        with self._lock:
            self._result = result

    def poll(self, dt: float) -> "LoadResult | None":
        with self._lock:
            result, self._result = self._result, None
        if result is not None:
            self._thread = None
            if self._pending_again:
                self._pending_again = False
                self.start()
            return result
        if not self.watch or self._thread is not None:
            return None
        self._since_poll += dt
        if self._since_poll < POLL_SECONDS:
            return None
        self._since_poll = 0.0
        signature = story_signature(self.story_dir)
        if self._signature is not None and signature != self._signature:
            self.start(signature)
        return None

    def wait(self, timeout: float = 30.0) -> "LoadResult | None":
        """Block until the current load finishes (for tools and tests that need the story now)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.poll(0.0)


def describe_findings(result: "LoadResult", story_dir: Path) -> list[str]:
    """The errors of a load as `file:line: message`, with paths relative to the story folder."""
    crash = getattr(result, "crash", None)
    if crash:
        return [crash]
    lines: list[str] = []
    for diagnostic in result.diagnostics:
        if diagnostic.severity != "error":
            continue
        path = Path(diagnostic.path)
        try:
            shown = path.resolve().relative_to(story_dir.resolve().parent)
        except ValueError:
            shown = path
        lines.append(f"{shown}:{diagnostic.line}: {diagnostic.message} [{diagnostic.code}]")
    if not lines and result.story is None:
        lines.append(f"{story_dir}: the story could not be loaded")
    return lines

