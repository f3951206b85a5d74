#!/usr/bin/env bash
# Start the game in a real X window (Xvfb), take a screenshot after a few seconds, and fail if it is blank;
# then print the window benchmark's figures (main.py bench --window) on the same display.
#
#   tools/xvfb_smoke.sh [OUTPUT_DIR]      (default: out/xvfb-smoke; the picture is OUTPUT_DIR/shot.png)
#
# SMOKE_STORY=DIR plays another story folder; SMOKE_SECONDS=N waits N seconds before the screenshot.
#
# Installs xvfb and imagemagick with apt-get when they are missing. Exits 0 when the screenshot shows
# a drawn screen, 1 when it is blank or the game died, 2 when the tools cannot be set up.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="${1:-$ROOT/out/xvfb-smoke}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
SECONDS_TO_RUN="${SMOKE_SECONDS:-4}"
mkdir -p "$OUT_DIR"
SHOT="$OUT_DIR/shot.png"
LOG="$OUT_DIR/game.log"

if ! command -v Xvfb >/dev/null 2>&1 || ! command -v import >/dev/null 2>&1; then
    echo "xvfb_smoke: installing xvfb and imagemagick"
    if ! { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb imagemagick >/dev/null 2>&1; }; then
        echo "xvfb_smoke: could not install xvfb/imagemagick" >&2
        exit 2
    fi
fi
if [ ! -x "$PYTHON" ]; then
    PYTHON="$(command -v python3)"
fi

# A display number nobody uses: :99 unless it is taken.
DISPLAY_NUMBER=99
while [ -e "/tmp/.X${DISPLAY_NUMBER}-lock" ] || [ -e "/tmp/.X11-unix/X${DISPLAY_NUMBER}" ]; do
    DISPLAY_NUMBER=$((DISPLAY_NUMBER + 1))
done

DATA_DIR="$(mktemp -d)"
XVFB_PID=""
GAME_PID=""
cleanup() {
    # Only what this script started, by its process id.
    if [ -n "$GAME_PID" ] && kill -0 "$GAME_PID" 2>/dev/null; then kill "$GAME_PID" 2>/dev/null; wait "$GAME_PID" 2>/dev/null; fi
    if [ -n "$XVFB_PID" ] && kill -0 "$XVFB_PID" 2>/dev/null; then kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; fi
    rm -rf "$DATA_DIR"
}
trap cleanup EXIT

Xvfb ":$DISPLAY_NUMBER" -screen 0 1920x1080x24 -nolisten tcp >"$OUT_DIR/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 1 50); do
    [ -e "/tmp/.X11-unix/X${DISPLAY_NUMBER}" ] && break
    sleep 0.1
done
if ! kill -0 "$XVFB_PID" 2>/dev/null; then
    echo "xvfb_smoke: Xvfb did not start" >&2
    cat "$OUT_DIR/xvfb.log" >&2
    exit 2
fi
export DISPLAY=":$DISPLAY_NUMBER"

STORY_ARGS=()
if [ -n "${SMOKE_STORY:-}" ]; then STORY_ARGS=(--story "$SMOKE_STORY"); fi
(cd "$ROOT" && exec "$PYTHON" main.py --data-dir "$DATA_DIR" --windowed "${STORY_ARGS[@]}") >"$LOG" 2>&1 &
GAME_PID=$!
sleep "$SECONDS_TO_RUN"
if ! kill -0 "$GAME_PID" 2>/dev/null; then
    echo "xvfb_smoke: the game exited early" >&2
    cat "$LOG" >&2
    exit 1
fi
import -window root "$SHOT"

"$PYTHON" - "$SHOT" <<'PY'
"""Fail when the screenshot is blank: too few colours, or almost no variation in brightness."""
import os
import statistics
import sys

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
import pygame

picture = pygame.image.load(sys.argv[1])
width, height = picture.get_size()
samples = [picture.get_at((x, y))[:3] for x in range(0, width, 4) for y in range(0, height, 4)]
colours = len(set(samples))
spread = statistics.pstdev(0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in samples)
print(f"xvfb_smoke: {sys.argv[1]}: {width}x{height}, {colours} distinct colours, brightness spread {spread:.1f}")
if colours < 32 or spread < 4.0:
    print("xvfb_smoke: the screenshot is blank", file=sys.stderr)
    sys.exit(1)
PY
status=$?
if [ "$status" -ne 0 ]; then
    cat "$LOG" >&2
fi
# The loop must sleep on the X connection between frames, not in pygame's 1 ms polling wait.
if [ "$status" -eq 0 ]; then
    (cd "$ROOT" && SDL_VIDEODRIVER=x11 "$PYTHON" - <<'PY'
"""Fail when the game's wait for input cannot sleep on this X display's connection."""
import os
import sys

os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
import pygame

from game.player.display.waiting import InputWaiter

pygame.display.init()
pygame.display.set_mode((320, 200))
waiter = InputWaiter(pygame)
waiter.wait(50)  # a real wait on the socket, with nothing to read
print(f"xvfb_smoke: waiting for input on the X connection: {waiter.sleeps_on_connection}")
sys.exit(0 if waiter.sleeps_on_connection else 1)
PY
    ) || status=$?
fi
# Then the window benchmark, briefly, on this same display: CPU on every screen, a choice's latency,
# memory and frame times, side by side with bare pygame windows. It prints figures and never fails
# on a target; SMOKE_BENCH=0 skips it, SMOKE_BENCH_SECONDS sets how long each screen is measured.
if [ "$status" -eq 0 ] && [ "${SMOKE_BENCH:-1}" != "0" ]; then
    kill "$GAME_PID" 2>/dev/null; wait "$GAME_PID" 2>/dev/null; GAME_PID=""
    (cd "$ROOT" && "$PYTHON" main.py bench --window --seconds "${SMOKE_BENCH_SECONDS:-1}") || status=$?
fi
exit "$status"
