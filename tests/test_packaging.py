"""The builds for players: the wheel carries the story, the installed copy plays from anywhere, the archive's extras work."""
from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import dist  # noqa: E402  (tools/dist.py)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True, timeout=300)
    (found,) = out.glob("curtain_light-*.whl")
    return found


def test_the_wheel_carries_the_story_the_fonts_the_licence_and_the_command(wheel):
    with zipfile.ZipFile(wheel) as bundle:
        names = set(bundle.namelist())
        entry_points = next(bundle.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    story_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "story").rglob("*.yaml")}
    assert {f"game/_bundled/{name}" for name in story_files} <= names
    assert "game/_bundled/assets/fonts/NotoSerif-Regular.ttf" in names
    assert "game/_bundled/assets/fonts/OFL.txt" in names and "game/_bundled/LICENSE" in names
    assert "curtain-light = game.__main__:main" in entry_points


def test_the_installed_package_checks_and_opens_its_own_story_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "--target", str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    env = dict(os.environ, PYTHONPATH=str(target), CURTAIN_LIGHT_DATA_DIR=str(tmp_path / "data"))
    where = subprocess.run([sys.executable, "-c", "from game import resources; print(resources.story_dir())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()) == target / "game" / "_bundled" / "story"
    checked = subprocess.run([sys.executable, "-m", "game", "check"], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors" in checked.stdout and "4 chapters" in checked.stdout
    command = next((target / "bin").glob("curtain-light*"))  # the script pip writes for [project.scripts]
    version = subprocess.run([str(command), "--version"], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("Curtain Light "), version.stderr
    opened = subprocess.run([sys.executable, "-m", "game", "--first-frame-exit", "--no-sound", "--windowed"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert opened.returncode == 0, opened.stderr
    assert "Traceback" not in opened.stderr


def test_the_menu_entry_starts_the_executable_beside_it_wherever_the_folder_is(tmp_path):
    folder = tmp_path / "unpacked here"
    folder.mkdir()
    marker = tmp_path / "started"
    executable = folder / dist.EXECUTABLE
    executable.write_text(f"#!/bin/sh\necho started > '{marker}'\n")
    executable.chmod(0o755)
    entry = folder / f"{dist.APP_ID}.desktop"
    entry.write_text(dist.desktop_entry())
    lines = dict(line.split("=", 1) for line in entry.read_text().splitlines() if "=" in line)
    assert lines["Type"] == "Application" and lines["Icon"] == dist.APP_ID
    # What a desktop does with Exec: %k becomes the entry's own path, and the rest runs as a command line.
    command = lines["Exec"].replace("%k", f"'{entry}'")
    subprocess.run(["sh", "-c", command], check=True, timeout=30)
    assert marker.read_text().strip() == "started"


def test_installing_the_menu_entry_writes_absolute_paths_and_the_icon(tmp_path):
    folder = tmp_path / "CurtainLight"
    folder.mkdir()
    dist.draw_icon(folder / f"{dist.APP_ID}.png")
    (folder / f"{dist.APP_ID}.desktop").write_text(dist.desktop_entry())
    (folder / "install-desktop-entry.sh").write_text(dist.INSTALL_DESKTOP_ENTRY)
    data_home = tmp_path / "share"
    subprocess.run(["sh", str(folder / "install-desktop-entry.sh")], check=True, capture_output=True, timeout=30,
                   env=dict(os.environ, XDG_DATA_HOME=str(data_home)))
    installed = (data_home / "applications" / f"{dist.APP_ID}.desktop").read_text()
    assert f'Exec="{folder}/{dist.EXECUTABLE}"' in installed
    icon = data_home / "icons" / "hicolor" / "256x256" / "apps" / f"{dist.APP_ID}.png"
    assert f"Icon={icon}" in installed and icon.stat().st_size > 500


def test_the_archive_is_named_for_the_version_and_platform_and_keeps_the_executable_runnable(tmp_path):
    from game import __version__

    name = dist.build_name()
    assert name == f"CurtainLight-{__version__}-{dist.platform_tag()}"
    folder = tmp_path / name
    folder.mkdir()
    executable = dist.executable_path(folder)
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    archive = dist.make_archive(folder)
    assert archive == dist.archive_path(folder)
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive) as tar:
            member = tar.getmember(f"{name}/{executable.name}")
            assert member.mode & 0o111
    else:
        with zipfile.ZipFile(archive) as bundle:
            assert f"{name}/{executable.name}" in bundle.namelist()
