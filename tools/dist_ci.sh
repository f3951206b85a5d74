#!/usr/bin/env bash
# The build for players in CI: `make dist` once, then that same build run bare from its unpacked archive
# (tools/dist_release_smoke.py), played (tools/dist_smoke.py),
# measured (tools/dist_bench.py), and the package installed with pip into a fresh environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need=()
for tool in Xvfb xdotool import tesseract; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if [ "${#need[@]}" -gt 0 ]; then
    echo "dist_ci: installing xvfb xdotool imagemagick tesseract-ocr (missing: ${need[*]})"
    if ! { apt-get update -qq >/dev/null 2>&1 &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xdotool imagemagick tesseract-ocr >/dev/null 2>&1; }; then
        echo "dist_ci: could not install xvfb, xdotool, imagemagick and tesseract-ocr with apt-get (run as root, or install them)" >&2
        exit 2
    fi
fi

started=$SECONDS
make dist
FOLDER="$(.venv/bin/python -c 'import sys; sys.path.insert(0, "tools"); import dist; print(dist.build_name())')"
echo "dist_ci: built in $((SECONDS - started)) s"
.venv/bin/python tools/dist_release_smoke.py
.venv/bin/python tools/dist_smoke.py "dist/$FOLDER/curtain-light" --out out/dist-smoke
.venv/bin/python tools/dist_bench.py "dist/$FOLDER"

# pip install . into a fresh environment: the curtain-light command plays from the installed package.
PIP_HOME="$(mktemp -d)"
trap 'rm -rf "$PIP_HOME"' EXIT
python3 -m venv "$PIP_HOME/venv"
"$PIP_HOME/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$ROOT"
(
    cd "$PIP_HOME"
    env -i HOME="$PIP_HOME" PATH="$PIP_HOME/venv/bin:/usr/bin:/bin" curtain-light --version
    env -i HOME="$PIP_HOME" PATH="$PIP_HOME/venv/bin:/usr/bin:/bin" curtain-light check
    env -i HOME="$PIP_HOME" PATH="$PIP_HOME/venv/bin:/usr/bin:/bin" SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
        curtain-light --first-frame-exit --no-sound --windowed
)
echo "dist_ci: pip install . gives a curtain-light command that checks and opens the game"
