#!/usr/bin/env bash
# The build for players in CI: `make dist` once, then that same build run bare from its unpacked archive
# (tools/dist_release_smoke.py), played (tools/dist_smoke.py),
# and measured (tools/dist_bench.py). (`pip install .` is tested in make test: tests/test_packaging.py.)
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
