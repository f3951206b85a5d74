"""CPU while the player reads each screen, in windows of two sizes, against bare pygame-ce windows."""
from __future__ import annotations

import os
import time

from game.bench import verdict
from game.bench.player.common import SETTLE_SECONDS, CpuMeter, child_env, game, loop_for, run_child, screens_to_read

STILL_CPU_TARGET = 0.03
ANIMATED_CPU_TARGET = 0.06
SIZES = ((1280, 720), (1126, 634))


def child_screens(width: int, height: int, seconds: float) -> None:
    with game(width, height) as app:
        app.toasts.clear()
        for label, go in screens_to_read(app):
            go()
            loop_for(app, SETTLE_SECONDS)
            app.scenes_ahead.wait()  # the next scenes painted: what a player reading for a while costs
            frames = app.frames
            meter = CpuMeter()
            loop_for(app, seconds)
            print(f"{label}\t{meter.share():.4f}\t{app.frames - frames}", flush=True)


def child_bare(kind: str, seconds: float) -> None:
    import pygame

    pygame.display.init()
    if pygame.display.get_driver() == "x11" and not os.environ.get("BENCH_SDL_DEFAULT_FRAMEBUFFER"):
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")  # as the game's window does (display/window.py)
    screen = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    screen.fill((20, 20, 28))
    pygame.display.flip()
    backdrop = pygame.Surface((1280, 720)).convert()
    backdrop.fill((30, 30, 40))
    clock = pygame.time.Clock()
    stop_at = time.monotonic() + seconds
    meter = CpuMeter()
    while time.monotonic() < stop_at:
        if kind == "wait":
            pygame.event.wait(100)
            pygame.event.get()
        else:
            clock.tick(30)
            pygame.event.get()
            screen.blit(backdrop, (0, 0))
            pygame.display.flip()
    print(f"{meter.share():.4f}", flush=True)


def bench_cpu(seconds: float) -> list[str]:
    bare_wait = float(run_child("bare", "wait", str(seconds))[0][0])
    bare_flip = float(run_child("bare", "flip", str(seconds))[0][0])
    sdl_default = {key: value for key, value in child_env().items() if key != "SDL_FRAMEBUFFER_ACCELERATION"}
    sdl_default["BENCH_SDL_DEFAULT_FRAMEBUFFER"] = "1"
    bare_flip_default = float(run_child("bare", "flip", str(seconds), env=sdl_default)[0][0])
    columns: list[dict[str, tuple[float, int]]] = []
    for width, height in SIZES:
        lines, _usage = run_child("screens", str(width), str(height), str(seconds))
        found = {}
        for line in lines:
            label, share, frames = line.split("\t")
            found[label] = (float(share), int(frames))
        columns.append(found)
    heads = "  ".join(f"{w}x{h:<14}" for w, h in SIZES)
    out = [f"CPU while the player reads ({seconds:g} s a screen; % of a core, frames drawn):",
           f"  {'':<28}{heads}",
           f"  {'bare window, waiting':<28}{bare_wait * 100:5.1f}%",
           f"  {'bare window, 30 fps':<28}{bare_flip * 100:5.1f}%  (pixels by X shared memory, as the game sends them)",
           f"  {'bare window, 30 fps':<28}{bare_flip_default * 100:5.1f}%  (SDL's default framebuffer: a GL texture)"]
    worst_still = worst_animated = 0.0
    for label in columns[0]:
        cells = []
        for found in columns:
            share, frames = found.get(label, (float("nan"), 0))
            cells.append(f"{share * 100:5.1f}% {frames:4d} fr    ")
            if frames > seconds * 2:
                worst_animated = max(worst_animated, share)
            else:
                worst_still = max(worst_still, share)
        out.append(f"  {label:<28}" + "  ".join(cells))
    out.append(f"  worst still screen {worst_still * 100:.1f}% (target ≤ {STILL_CPU_TARGET * 100:g}%: "
               f"{verdict(worst_still <= STILL_CPU_TARGET)}); worst animated {worst_animated * 100:.1f}% "
               f"(target ≤ {ANIMATED_CPU_TARGET * 100:g}%: {verdict(worst_animated <= ANIMATED_CPU_TARGET)})")
    return out
