"""Build the game for players: a self-contained folder with one executable (PyInstaller), and its archive.

    python tools/dist.py [--out DIR]      (run by `make dist` / `python3 tools/dev.py dist`, inside .venv)

The folder is dist/CurtainLight-<version>-<platform>/ and the archive beside it is the same name with
.tar.gz (Linux) or .zip (Windows, macOS). Prints the two paths, then the sizes.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game import GAME_TITLE, __version__  # noqa: E402  (the checkout's own package, found above)
from game.resources import SOUND_WORKER_MODULE  # noqa: E402

EXECUTABLE = "curtain-light"
APP_ID = "curtain-light"
# What the game imports at run time, and so what the build carries licences for.
RUNTIME_DISTRIBUTIONS = ("pygame-ce", "PyYAML", "platformdirs", "jsonschema", "jsonschema-specifications",
                         "referencing", "rpds-py", "attrs", "fastjsonschema", "numpy")
# Installed in .venv for tests or the build itself, never needed by the game.
# fontTools only reads fonts' character maps for `check --lang`, which a player's build does without (7 MB).
# Left out for a fast start: the freezer runs a start-up hook for each of these that is bundled, and
# the hook imports it before the game's first line. pkg_resources (about 100 ms of every start) is only
# Babel's fallback for Pythons before 3.10; multiprocessing is never used: the sound worker is the
# executable started again with a flag (game/__main__.py).
NOT_BUNDLED = ("tkinter", "pytest", "_pytest", "hypothesis", "PyInstaller", "pip", "setuptools", "unittest.mock",
               "fontTools", "pkg_resources", "multiprocessing")
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


def platform_tag() -> str:
    """linux-x86_64, windows-x86_64, macos-arm64 …: the OS and the processor the build runs on."""
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def build_name() -> str:
    return f"CurtainLight-{__version__}-{platform_tag()}"


def archive_path(folder: Path) -> Path:
    return folder.with_name(folder.name + (".tar.gz" if sys.platform.startswith("linux") else ".zip"))


def executable_path(folder: Path) -> Path:
    return folder / (EXECUTABLE + (".exe" if sys.platform == "win32" else ""))


def desktop_entry() -> str:
    """The Linux menu entry. %k is this file's own path, so it starts the executable beside it wherever
    the folder was unpacked; install-desktop-entry.sh writes a copy with absolute paths into the menu."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={GAME_TITLE}\n"
        "Comment=A narrative game about hikikomori\n"
        f"Exec=sh -c '\"$(dirname \"$1\")/{EXECUTABLE}\"' sh %k\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Game;AdventureGame;\n"
        "Keywords=story;narrative;visual novel;\n"
    )


INSTALL_DESKTOP_ENTRY = f"""#!/bin/sh
# Add {GAME_TITLE} to this user's application menu (run it again after moving the folder).
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
APPS="${{XDG_DATA_HOME:-$HOME/.local/share}}/applications"
ICONS="${{XDG_DATA_HOME:-$HOME/.local/share}}/icons/hicolor/256x256/apps"
mkdir -p "$APPS" "$ICONS"
cp "$HERE/{APP_ID}.png" "$ICONS/{APP_ID}.png"
sed -e "s|^Exec=.*|Exec=\\"$HERE/{EXECUTABLE}\\"|" -e "s|^Icon=.*|Icon=$ICONS/{APP_ID}.png|" \\
    "$HERE/{APP_ID}.desktop" > "$APPS/{APP_ID}.desktop"
echo "{GAME_TITLE} is in the application menu ($APPS/{APP_ID}.desktop)."
"""


def players_readme() -> str:
    start = {"win32": f"Double-click {EXECUTABLE}.exe.",
             "darwin": f"Double-click {EXECUTABLE} (the first time: right-click it, Open, then Open)."}.get(
        sys.platform, f"Run ./{EXECUTABLE} in this folder, or sh install-desktop-entry.sh once to add the "
                      "game to your application menu.")
    return (
        f"{GAME_TITLE} {__version__}\n\n"
        f"To play: {start}\nNothing else needs to be installed.\n\n"
        "Saves and settings are kept in your user folder, not here, so a newer version finds them.\n"
        f"Controls and where the files live: {EXECUTABLE} --help, and docs/playing.md in the source.\n"
        f"Authors: the same executable checks and explores stories: {EXECUTABLE} check DIR, "
        f"{EXECUTABLE} explore DIR, {EXECUTABLE} --help for the rest.\n\n"
        "The game is MIT-licensed (LICENSE.txt); the fonts and the libraries inside keep their own\n"
        "licences, in _internal/assets/fonts/ and licenses/.\n"
    )


def draw_icon(path: Path, size: int = 256) -> None:
    """The game's icon, drawn like its title scene: a dark window, closed curtains, light at their edges."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    import pygame

    icon = pygame.Surface((size, size), pygame.SRCALPHA)
    unit = size / 16
    pygame.draw.rect(icon, (34, 30, 44), icon.get_rect(), border_radius=int(3 * unit))
    window = pygame.Rect(int(3 * unit), int(2.5 * unit), int(10 * unit), int(11 * unit))
    pygame.draw.rect(icon, (255, 226, 160), window)  # the daylight behind the curtains
    gap = int(0.6 * unit)
    for left in (window.left - gap, window.centerx + gap // 2):
        pygame.draw.rect(icon, (112, 58, 70), (left, window.top - gap, window.width // 2 + gap // 2,
                                              window.height + 2 * gap))
    pygame.draw.rect(icon, (80, 70, 90), (window.left - 2 * gap, window.top - 2 * gap, window.width + 4 * gap,
                                          gap))  # the curtain rail
    pygame.image.save(icon, str(path))


def copy_licences(target: Path) -> None:
    """The licence files of Python itself and of every library the build carries, one folder each."""
    target.mkdir(parents=True, exist_ok=True)
    for candidate in (Path(sys.base_prefix) / "LICENSE.txt", Path(sys.base_prefix) / "lib" /
                      f"python{sys.version_info.major}.{sys.version_info.minor}" / "LICENSE.txt"):
        if candidate.is_file():
            (target / "python").mkdir(exist_ok=True)
            shutil.copy2(candidate, target / "python" / "LICENSE.txt")
            break
    for name in RUNTIME_DISTRIBUTIONS:
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        for file in distribution.files or ():
            if _LICENCE_FILE.search(file.name):
                source = Path(str(distribution.locate_file(file)))
                if source.is_file():
                    (target / name).mkdir(exist_ok=True)
                    shutil.copy2(source, target / name / file.name)


def run_pyinstaller(work: Path) -> Path:
    """Freeze the game into work/dist/curtain-light/ (one folder: the executable and _internal/)."""
    entry = work / "entry.py"
    work.mkdir(parents=True, exist_ok=True)
    # The frozen program's first script: outside the package, so the freezer adds nothing of game/ to the path.
    entry.write_text('"""The frozen build\'s start: the same entry as the curtain-light command."""\n'
                     "import sys\n\nfrom game.__main__ import main\n\n"
                     'if __name__ == "__main__":\n    sys.exit(main())\n', encoding="utf-8")
    separator = os.pathsep
    command = [sys.executable, "-m", "PyInstaller", str(entry), "--name", EXECUTABLE, "--onedir", "--noconfirm",
               "--log-level", "WARN", "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
               "--specpath", str(work), "--paths", str(ROOT),
               # The command line imports each subcommand's module by name, so the freezer cannot see them.
               "--collect-submodules", "game", "--hidden-import", SOUND_WORKER_MODULE,
               # numpy.random's compiled modules import secrets, which the freezer cannot see inside them.
               "--hidden-import", "secrets",
               "--add-data", f"{ROOT / 'story'}{separator}story",
               "--add-data", f"{ROOT / 'assets'}{separator}assets",
               # BudouX's phrase model for Japanese line breaks; Babel with only the locale data the game reads.
               "--collect-data", "budoux", "--additional-hooks-dir", str(ROOT / "tools" / "freeze_hooks")]
    for module in NOT_BUNDLED:
        command += ["--exclude-module", module]
    if sys.platform == "win32":
        command += ["--hide-console", "hide-early"]  # no console when double-clicked; output in a terminal
    subprocess.run(command, check=True, cwd=work)
    return work / "dist" / EXECUTABLE


def make_archive(folder: Path) -> Path:
    """The folder as one archive with the folder itself at its top, executable bits kept."""
    archive = archive_path(folder)
    archive.unlink(missing_ok=True)
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(folder, arcname=folder.name)
    else:
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(folder.rglob("*")):
                bundle.write(path, Path(folder.name) / path.relative_to(folder))
    return archive


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def build(out: Path) -> tuple[Path, Path]:
    started = time.monotonic()
    frozen = run_pyinstaller(ROOT / "build" / "freeze")
    folder = out / build_name()
    shutil.rmtree(folder, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(frozen, folder, symlinks=True)
    shutil.copy2(ROOT / "LICENSE", folder / "LICENSE.txt")
    copy_licences(folder / "licenses")
    (folder / "README.txt").write_text(players_readme(), encoding="utf-8")
    if sys.platform.startswith("linux"):
        draw_icon(folder / f"{APP_ID}.png")
        (folder / f"{APP_ID}.desktop").write_text(desktop_entry(), encoding="utf-8")
        installer = folder / "install-desktop-entry.sh"
        installer.write_text(INSTALL_DESKTOP_ENTRY, encoding="utf-8")
        installer.chmod(0o755)
    archive = make_archive(folder)
    print(f"dist: built {folder} in {time.monotonic() - started:.0f} s")
    print(f"dist: archive {archive}")
    print(f"dist: unpacked {folder_bytes(folder) / 1e6:.1f} MB, archive {archive.stat().st_size / 1e6:.1f} MB")
    return folder, archive


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tools/dist.py", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the folder and archive go")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("tools/dist.py: PyInstaller is not installed here; run `make dist` (it installs it into .venv)",
              file=sys.stderr)
        return 2
    try:
        build(args.out.resolve())
    except subprocess.CalledProcessError as error:
        print(f"tools/dist.py: the freezer failed (exit {error.returncode}); its messages are above",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
