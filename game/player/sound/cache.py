"""Where synthesised sounds are kept between runs: one folder per synthesis version, sample rate and channel count."""
from __future__ import annotations

import functools
import os
import re
import shutil
import zlib
from pathlib import Path

# Standard library only: the game's process reads this to find its sounds, and must not load numpy.

CACHE_DIR_ENV = "CURTAIN_LIGHT_CACHE_DIR"
APP_NAME = "CurtainLight"
_SOURCES = Path(__file__).resolve().parent
_VERSION_FOLDER = re.compile(r"^[0-9a-f]{16}-\d+hz-\d+ch$")


def base_dir() -> Path:
    """The game's cache folder: the environment variable when set (tests, portable installs), else the platform's."""
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    # appauthor=False as for the data folder (persist/storage.py), so Windows gets no doubled folder name.
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def follow_data_dir(explicit: str | os.PathLike[str] | None) -> None:
    """With a data folder chosen (--data-dir or CURTAIN_LIGHT_DATA_DIR), the sound cache goes inside it.

    Everything the game writes then follows the player's choice; CURTAIN_LIGHT_CACHE_DIR, when
    set, still names the cache folder itself. The worker process inherits the setting.
    """
    from game.player.persist.storage import DATA_DIR_ENV, resolve_data_dir

    if os.environ.get(CACHE_DIR_ENV) or not (explicit or os.environ.get(DATA_DIR_ENV)):
        return
    os.environ[CACHE_DIR_ENV] = str(resolve_data_dir(explicit) / "sound-cache")


@functools.cache
def synthesis_version() -> str:
    """A key that changes whenever the synthesis code does, so an old loop is never played for a new one.

    It is a hash of every source in this package (the recipes, the building blocks, the worker and
    the file format), so nobody has to remember to bump a number.
    """
    # Two zlib checksums, not hashlib: hashlib loads OpenSSL, a few MB of the game's memory for a
    # key that only has to notice a change, not resist an attacker.
    crc, adler = 0, 1
    try:
        sources = sorted(_SOURCES.glob("*.py"))
        if not sources:  # a frozen build carries no sources, only compiled code
            raise FileNotFoundError(_SOURCES)
        for path in sources:
            chunk = path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0"
            crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    except OSError:
        # Sources not readable as files (a frozen build, an unusual install): the game's version has to do.
        from game import __version__

        chunk = f"version {__version__}".encode("utf-8")
        crc, adler = zlib.crc32(chunk), zlib.adler32(chunk)
    return f"{crc:08x}{adler:08x}"


def folder(sample_rate: int, channels: int, base: Path | None = None) -> Path:
    """The folder for this synthesis version's sounds at a rate and channel count."""
    root = base_dir() if base is None else base
    return root / "ambience" / f"{synthesis_version()}-{int(sample_rate)}hz-{int(channels)}ch"


def sound_path(where: Path, name: str) -> Path:
    return where / f"{name}.wav"


def prune_other_versions(where: Path) -> None:
    """Remove the folders of older synthesis versions beside this one: they will never be played again.

    Only folders named like ours are touched, and other rates or channel counts of this version stay
    (another audio device may want them).
    """
    keep = f"{synthesis_version()}-"
    try:
        siblings = list(where.parent.iterdir())
    except OSError:
        return
    for sibling in siblings:
        if sibling.is_dir() and _VERSION_FOLDER.match(sibling.name) and not sibling.name.startswith(keep):
            shutil.rmtree(sibling, ignore_errors=True)
