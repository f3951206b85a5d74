"""Files a story names, confined to its folder: glob expansion that survives link loops, and checks.

Python's own recursive glob follows symbolic links to folders without end (two links back to
their own folder give about 2^40 paths), so `**` is expanded here: each real folder is walked
once, folders whose real place is outside the story are not entered, and every match is
named by its real path so a file reached twice is loaded once.
"""
from __future__ import annotations

import fnmatch
import os
import re
import stat
from pathlib import Path

_MAGIC = re.compile(r"[*?\[]")


def leaves_folder(pattern: str) -> bool:
    """Whether a path or pattern as written escapes the story folder (absolute, or with `..`)."""
    path = Path(pattern)
    return path.is_absolute() or ".." in path.parts


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, with every link resolved, lies in the (resolved) story folder `root`."""
    try:
        path.resolve().relative_to(root)
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a link loop on older Pythons
        return False


def refusal(root: Path, path: Path) -> str | None:
    """Why a file the story names cannot be used (outside the folder, or not a plain file), or None."""
    try:
        info = path.stat()
    except (OSError, RuntimeError):
        return "missing"
    if not inside(root, path):
        return "outside"
    if not stat.S_ISREG(info.st_mode):
        return "not a file"
    return None


def expand(root: Path, pattern: str) -> tuple[list[Path], list[Path]]:
    """The regular files under `root` a glob pattern matches, and the matches that are links out.

    `root` must be resolved. Returns (files inside, in sorted order and each once; links whose
    target lies outside the story folder).
    """
    parts = [part for part in Path(pattern).parts if part not in ("", ".")]
    found: dict[Path, Path] = {}  # real path -> the path as matched
    outside: list[Path] = []
    real_folders: dict[Path, Path] = {}
    for match in _match(root, parts):
        try:
            if not match.is_file():  # follows links; FIFOs, devices and folders are not files
                continue
        except OSError:
            continue
        try:
            real = _real_path(match, real_folders)
            real.relative_to(root)
        except (ValueError, OSError, RuntimeError):  # outside the folder, or a link loop
            outside.append(match)
            continue
        found.setdefault(real, match)
    return sorted(found.values()), sorted(outside)


def _real_path(path: Path, real_folders: dict[Path, Path]) -> Path:
    """`path` with every link resolved; each folder is resolved once, so a folder of many files costs a look each."""
    if os.path.islink(path):
        return path.resolve(strict=True)
    folder = path.parent
    real = real_folders.get(folder)
    if real is None:
        real = real_folders[folder] = folder.resolve(strict=True)
    return real / path.name


def _match(folder: Path, parts: list[str]) -> list[Path]:
    if not parts:
        return [folder]
    head, rest = parts[0], parts[1:]
    if head == "**":
        results: list[Path] = []
        for sub in _folders_below(folder):
            results.extend(_match(sub, rest) if rest else [])
        return results
    if not _MAGIC.search(head):
        candidate = folder / head
        return _match(candidate, rest) if rest else ([candidate] if os.path.lexists(candidate) else [])
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    results = []
    for name in names:
        if name.startswith(".") and not head.startswith("."):
            continue  # as glob: a wildcard does not match a hidden name
        if fnmatch.fnmatchcase(name, head):
            results.extend(_match(folder / name, rest) if rest else [folder / name])
    return results


def _folders_below(folder: Path) -> list[Path]:
    """`folder` and every folder under it, each real folder once, none outside where the walk began."""
    try:
        base = folder.resolve()
    except (OSError, RuntimeError):
        return []
    found: list[Path] = []
    stack = [folder]
    seen: set[tuple[int, int]] = set()
    while stack:
        current = stack.pop()
        try:
            info = current.stat()
        except OSError:
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in seen or not stat.S_ISDIR(info.st_mode) or not inside(base, current):
            continue
        seen.add(identity)
        found.append(current)
        try:
            names = sorted(os.listdir(current), reverse=True)
        except OSError:
            continue
        stack.extend(current / name for name in names if not name.startswith("."))
    return sorted(found)


# A story's picture is read from its header before it is decoded: one declaring 45000×45000 pixels
# would take 8 GB to decode. Past this on a side it is refused (the scene area is 700×720).
MAX_PICTURE_SIDE = 4096
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# JPEG's frame headers (SOF0…SOF15) carry the size; C4, C8 and CC share the range but are not frames.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_SEGMENTS_READ = 64


def picture_size(path: Path) -> tuple[int, int] | None:
    """The width and height a PNG or JPEG file declares in its header, without decoding it; None if it is neither."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(24)
            if len(head) == 24 and head[:8] == _PNG_MAGIC and head[12:16] == b"IHDR":
                return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
            if head[:2] != b"\xff\xd8":
                return None
            handle.seek(2)
            for _ in range(_JPEG_SEGMENTS_READ):
                marker = handle.read(4)
                if len(marker) < 4 or marker[0] != 0xFF:
                    return None
                length = int.from_bytes(marker[2:4], "big")
                if marker[1] in _JPEG_FRAMES:
                    frame = handle.read(5)
                    return (int.from_bytes(frame[3:5], "big"), int.from_bytes(frame[1:3], "big")) if len(frame) == 5 else None
                handle.seek(length - 2, os.SEEK_CUR)
    except OSError:
        return None
    return None


def picture_refusal(path: Path) -> str | None:
    """Why a picture file may not be decoded (not a PNG or JPEG, or declaring too many pixels), or None."""
    size = picture_size(path)
    if size is None:
        return "it is not a PNG or JPEG picture"
    width, height = size
    if not (0 < width <= MAX_PICTURE_SIDE and 0 < height <= MAX_PICTURE_SIDE):
        return f"it declares {width}×{height} pixels; a story's picture may be at most {MAX_PICTURE_SIDE} on a side"
    return None
