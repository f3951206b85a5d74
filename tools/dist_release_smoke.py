"""The build's smoke test on every OS (the release workflow): unpack the archive elsewhere and run it bare.

    python tools/dist_release_smoke.py [ARCHIVE]      (default: this platform's archive in dist/)

The archive is unpacked into a fresh folder, and its executable is run with a fresh home folder and no
Python on PATH or PYTHONPATH: --version, `check` and `explore` on the story it carries, the sound
worker, and the game itself up to its first frame (dummy video driver: hosted runners may have no
desktop). Linux is played in full, with real input in a real window, by tools/dist_smoke.py in .ci/run.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import dist  # noqa: E402  (tools/dist.py: the build's names)
from game import GAME_TITLE, __version__  # noqa: E402


def unpack(archive: Path, into: Path) -> Path:
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive) as tar:
            tar.extractall(into, filter="tar")
    else:
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(into)
        for path in into.rglob("*"):  # zip keeps no executable bit where the OS has one
            if path.is_file() and path.name == dist.EXECUTABLE:
                path.chmod(0o755)
    return into / archive.name.removesuffix(".tar.gz").removesuffix(".zip")


def bare_env(home: Path) -> dict[str, str]:
    """A player's environment: a home folder and the system's PATH, without any Python of ours."""
    system_path = os.pathsep.join(part for part in os.environ.get("PATH", "").split(os.pathsep)
                                  if part and ".venv" not in part and "ython" not in part)
    env = {"PATH": system_path, "HOME": str(home), "USERPROFILE": str(home), "APPDATA": str(home / "AppData"),
           "LOCALAPPDATA": str(home / "LocalAppData"), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    for name in ("SYSTEMROOT", "SystemRoot", "WINDIR", "TEMP", "TMP", "TMPDIR"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def run(executable: Path, args: list[str], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run([str(executable), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    if done.returncode != 0 or "Traceback" in output:
        raise SystemExit(f"dist_release_smoke: `{executable.name} {' '.join(args)}` failed "
                         f"(exit {done.returncode}):\n{output[-3000:]}")
    print(f"dist_release_smoke: ok: {executable.name} {' '.join(args)}")
    return output


def main(argv: list[str]) -> int:
    archive = Path(argv[0]) if argv else dist.archive_path(ROOT / "dist" / dist.build_name())
    if not archive.is_file():
        print(f"dist_release_smoke: there is no archive at {archive}; build it with `make dist`", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="curtain-light-smoke-"))
    try:
        folder = unpack(archive, work / "unpacked")
        executable = dist.executable_path(folder)
        home = work / "home"
        home.mkdir()
        env = bare_env(home)
        assert run(executable, ["--version"], env, home).strip() == f"{GAME_TITLE} {__version__}"
        assert "0 errors" in run(executable, ["check"], env, home)
        run(executable, ["explore", "--random", "20", "--seed", "1"], env, home)
        sounds = work / "sounds"
        run(executable, ["--sound-worker", "select", "room_tone", "--rate", "22050", "--channels", "2",
                         "--out", str(sounds)], env, home)
        if not all((sounds / f"{name}.wav").stat().st_size > 1000 for name in ("select", "room_tone")):
            raise SystemExit("dist_release_smoke: the sound worker wrote no sound")
        run(executable, ["--first-frame-exit", "--windowed"], env, home)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"dist_release_smoke: {archive.name} runs on its own")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
