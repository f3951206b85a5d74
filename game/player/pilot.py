"""Drive the real game with real pygame events, a frame at a time (for tests and benchmarks), like Textual's pilot."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

from game.player.ui.document import HitTarget

if TYPE_CHECKING:
    from game.player.app import App


class PilotError(AssertionError):
    pass


class Pilot:
    """Posts KEYDOWN/KEYUP and mouse events to pygame's queue and steps the app's loop after each."""

    def __init__(self, app: "App", dt: float = 1 / 60) -> None:
        import pygame

        self._pygame = pygame
        self.app = app
        self.dt = dt

    def step(self, frames: int = 1) -> None:
        for _ in range(frames):
            self.app.step(self.dt)
        # A save is written on its own thread; a test looks at the files as a player's next start would.
        self.app.wait_for_saves()

    def press(self, key: int | str, mod: int = 0, text: str = "") -> None:
        pygame = self._pygame
        code = pygame.key.key_code(key) if isinstance(key, str) else key
        if not text and isinstance(key, str) and len(key) == 1:
            text = key
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=text, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode=text, scancode=0))
        self.step()

    def move(self, x: float, y: float) -> None:
        pygame = self._pygame
        pos = self.app.display.viewport.to_physical((x, y))
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        self.step()

    def click(self, x: float, y: float, button: int = 1) -> None:
        """Click at a logical position (1280×720 space); it is mapped through the window's scaling."""
        pygame = self._pygame
        pos = self.app.display.viewport.to_physical((x, y))
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.step()

    def wheel(self, steps: int, at: tuple[float, float] | None = None) -> None:
        """Turn the wheel; `at` (logical) puts the pointer there first, for what scrolls by where it points."""
        pygame = self._pygame
        if at is not None:
            pygame.mouse.set_pos(self.app.display.viewport.to_physical(at))
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=steps, flipped=False, precise_x=0.0,
                                             precise_y=float(steps)))
        self.step()

    def resize(self, width: int, height: int) -> None:
        pygame = self._pygame
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=width, h=height, size=(width, height)))
        self.step()

    def quit(self) -> None:
        pygame = self._pygame
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        self.step()

    def targets(self) -> list[HitTarget]:
        return self.app.targets()

    def target(self, name: str) -> HitTarget:
        for target in self.targets():
            if target.name == name:
                return target
        names = ", ".join(target.name for target in self.targets())
        raise PilotError(f"no target {name!r} on the {self.app.top.kind if self.app.top else '?'} screen; "
                         f"there are: {names}")

    def click_target(self, name: str) -> None:
        x, y = self.target(name).center
        self.click(x, y)

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0, sleep: float = 0.005) -> None:
        """Step frames (letting real time pass, for background work) until the predicate holds."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise PilotError(f"timed out after {timeout} s waiting for {predicate}")
            self.step()
            time.sleep(sleep)

    def wait_for_story(self, timeout: float = 15.0) -> None:
        self.wait_until(lambda: self.app.story is not None, timeout)

    def finish_reveal(self) -> None:
        """Let the text reveal run to its end by stepping time (never by pressing a key)."""
        def revealing() -> bool:
            top = self.app.top
            return top is not None and top.kind == "play" and bool(getattr(top, "revealing", False))

        self.wait_until(lambda: not revealing(), timeout=60.0, sleep=0.0)
