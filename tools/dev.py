"""Set-up and run in one step on any platform: make the local venv, install, then play or test."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> Path:
    """Create .venv and install the project's dependencies when pyproject.toml has changed."""
    if sys.version_info < (3, 11):
        sys.exit(f"Curtain Light needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print("Creating the local environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("Installing what Curtain Light needs into .venv …", flush=True)
        subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "-e", f"{ROOT}[test]"])
        STAMP.write_text(wanted)
    return python


def ensure_freezer(python: Path) -> None:
    """PyInstaller in .venv, for `dist` only: the game and its tests never need it."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".installed-dist"
    if not stamp.exists() or stamp.read_text().strip() != wanted:
        print("Installing the freezer (PyInstaller) into .venv …", flush=True)
        subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "-e", f"{ROOT}[test,dist]"])
        stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("play", "test", "setup", "dist"):
        print("usage: python3 tools/dev.py play|test|setup|dist [arguments passed on]")
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_environment()
    if command == "setup":
        return 0
    if command == "dist":
        ensure_freezer(python)
        return subprocess.call([str(python), str(ROOT / "tools" / "dist.py"), *rest], cwd=ROOT)
    if command == "play":
        return subprocess.call([str(python), str(ROOT / "main.py"), *rest], cwd=ROOT)
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
