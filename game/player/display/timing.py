"""How often the loop draws: the rates screens ask for, and how long it sleeps when nothing moves."""
from __future__ import annotations

ANIMATED_FPS = 30  # a scene that moves on its own, while the player reads
BUSY_FPS = 60  # revealing text, fading, scrolling
IDLE_WAIT_MS = 100  # how long the loop sleeps waiting for input when nothing moves
