"""Where the game keeps its files (settings, progress, saves) and how it writes them safely."""
from __future__ import annotations

import json
import os
import re
import struct
import time
from pathlib import Path
from typing import Any

from game.core.i18n.interface import _

DATA_DIR_ENV = "CURTAIN_LIGHT_DATA_DIR"
APP_NAME = "CurtainLight"
MAX_JSON_BYTES = 64 * 1024 * 1024  # far above any save the game writes (history is bounded)
MAX_PICTURE_SIDE = 4096  # a save's picture is 256×144; a declared size past this is not decoded
# The temp files atomic_write_bytes makes: ".<name>.<pid>.<12 hex>.tmp".
_TEMP_FILE = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$")
STALE_TEMP_SECONDS = 600


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder for this player's files: --data-dir, then the environment variable, then the platform's."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: a temp file in the same folder, fsync, then os.replace.

    A crash or power cut mid-write leaves the old file as it was, never half a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # A unique name beside the target (same file system, so os.replace is atomic); tempfile is not
    # used because importing it costs start-up time.
    temp_name = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    handle = os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(handle, "wb") as temp_file:
            temp_file.write(data)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_json(path: Path, payload: Any) -> None:
    atomic_write_bytes(path, (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def read_json_object(path: Path, kind: str) -> dict[str, Any] | None:
    """The file's object if it is ours and readable; None if it is missing, damaged or foreign."""
    return read_json_status(path, kind)[0]


def read_json_status(path: Path, kind: str) -> tuple[dict[str, Any] | None, str]:
    """The file's object and "ok"; or None and "missing" or "damaged" (unreadable, cut short, foreign).

    Nothing in a file can raise from here: JSON nested 100,000 deep, a 2 GB file, bytes that are
    not text are all just "damaged".
    """
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            return None, "damaged"
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, "missing"
    except OSError:
        return None, "damaged"
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError, MemoryError):
        return None, "damaged"
    if not isinstance(payload, dict) or payload.get("kind") != kind:
        return None, "damaged"
    return payload, "ok"


def keep_aside(path: Path, why: str) -> Path:
    """Rename a file beside itself (auto-room.damaged-1.json), so nothing is ever overwritten unasked.

    Raises OSError when it cannot be moved; the caller must then not write over it.
    """
    for number in range(1, 1000):
        spare = path.with_name(f"{path.stem}.{why}-{number}.json")
        if not spare.exists():
            os.replace(path, spare)
            return spare
    # 999 copies already: a name from the clock, never one that is taken.
    spare = path.with_name(f"{path.stem}.{why}-{time.strftime('%Y%m%d-%H%M%S')}-{os.urandom(3).hex()}.json")
    if spare.exists():
        raise FileExistsError(f"no free name to keep {path.name} aside")
    os.replace(path, spare)
    return spare


def remove_stale_temp_files(folder: Path) -> int:
    """Delete the temp files of writes that were cut short (the game was killed mid-save).

    Only our own names, and only those no running write can still own: older than ten minutes,
    or left by a process that is gone. Returns how many were removed.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP_FILE.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1))
        try:
            old = time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
        except OSError:
            continue
        if pid == os.getpid() or not (old or not _process_alive(pid)):
            continue
        try:
            os.unlink(entry.path)
            removed += 1
        except OSError:
            pass
    return removed


def _process_alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # no cheap check there: the age alone decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is not ours
    return True


def png_size(path: Path) -> tuple[int, int] | None:
    """The width and height a PNG file declares, read from its header without decoding it; None if not a PNG."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def picture_is_safe(path: Path) -> bool:
    """Whether a save's picture may be decoded: a PNG of a sensible declared size."""
    size = png_size(path)
    return size is not None and 0 < size[0] <= MAX_PICTURE_SIDE and 0 < size[1] <= MAX_PICTURE_SIDE


def set_aside_notice(path: Path, status: str, what: str) -> str | None:
    """Move a damaged settings or progress file aside whole, and the sentence that tells the player.

    The next write makes a new file; the damaged one stays beside it, so nothing is lost unasked.
    """
    if status != "damaged":
        return None
    try:
        spare = keep_aside(path, "damaged")
    except OSError:
        # TRANSLATORS: {what} is "your settings" or "the endings you found"
        return _("{file} cannot be read, and could not be moved aside; {what} start afresh for now").format(
            file=path.name, what=_(what))
    # TRANSLATORS: {what} is "your settings" or "the endings you found"
    return _("{file} could not be read, so {what} start afresh; the old file is kept as {spare}").format(
        file=path.name, what=_(what), spare=spare.name)
