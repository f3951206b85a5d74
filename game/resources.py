"""Where the game's own files are, from a source checkout, an installed package or a frozen build."""
from __future__ import annotations

import sys
from pathlib import Path

# Standard library only, and nothing from `game`: the command line, the player and the build script all
# ask this module where things are, before anything else is imported.

_PACKAGE_DIR = Path(__file__).resolve().parent
# The folder a frozen or installed build keeps the story and assets in, inside the package.
BUNDLED_FOLDER = "_bundled"
# The frozen executable runs the sound worker when started with this as its first argument.
SOUND_WORKER_FLAG = "--sound-worker"
SOUND_WORKER_MODULE = "game.player.sound.worker"


def is_frozen() -> bool:
    """Running from a self-contained build (PyInstaller sets sys.frozen), not from Python itself."""
    return bool(getattr(sys, "frozen", False))


def _frozen_root() -> Path:
    """A PyInstaller build's data folder (`_internal` beside the executable), wherever it was unpacked."""
    found = getattr(sys, "_MEIPASS", None)
    return Path(found) if found else Path(sys.executable).resolve().parent


def source_root() -> Path | None:
    """The checkout holding this package when it is run from source (story/ beside game/), else None."""
    root = _PACKAGE_DIR.parent
    if not is_frozen() and (root / "story" / "story.yaml").is_file() and (root / "pyproject.toml").is_file():
        return root
    return None


def data_root() -> Path:
    """The folder holding story/ and assets/: the checkout, the frozen build's data folder, or the package's copy."""
    if is_frozen():
        return _frozen_root()
    return source_root() or _PACKAGE_DIR / BUNDLED_FOLDER


def story_dir() -> Path:
    """The game's own story folder."""
    return data_root() / "story"


def assets_dir() -> Path:
    return data_root() / "assets"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def is_source_checkout() -> bool:
    return source_root() is not None


def live_reload_by_default() -> bool:
    """Authors working in a checkout get live reload; players of a build or an installed package do not."""
    return is_source_checkout()


def sound_worker_command() -> list[str]:
    """How to start the sound worker: the frozen executable itself with a flag, or Python with -m."""
    if is_frozen():
        return [sys.executable, SOUND_WORKER_FLAG]
    return [sys.executable, "-m", SOUND_WORKER_MODULE]


def import_root() -> Path:
    """The folder a child Python process needs on its path to import the game package."""
    return _PACKAGE_DIR.parent
