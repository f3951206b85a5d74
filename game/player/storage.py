"""Where the game keeps its files (settings, progress, saves) and how it writes them safely."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DATA_DIR_ENV = "CURTAIN_LIGHT_DATA_DIR"
APP_NAME = "CurtainLight"


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
    try:
        raw = path.read_bytes()
        payload = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("kind") != kind:
        return None
    return payload
