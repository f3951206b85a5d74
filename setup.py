"""Packaging: the wheel carries the game's story and assets inside the package, so `pip install .` plays."""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# Folders and files copied into game/_bundled/ (see game/resources.py, which looks for them there).
BUNDLED = ("story", "assets", "LICENSE")


class BuildWithStory(build_py):
    """build_py, then a copy of story/ and assets/ into the built package (not for editable installs,
    which read them from the checkout itself)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "game" / "_bundled"
        shutil.rmtree(target, ignore_errors=True)
        for name in BUNDLED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildWithStory})
