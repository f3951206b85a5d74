"""Waiting for input without spinning: on X11 the loop sleeps on the display connection until it speaks.

pygame-ce's `event.wait(timeout)` is a loop that pumps events and sleeps 1 ms at a time, so a
window "waiting" on it wakes a thousand times a second: about 3.7% of a core under X11 for a
window that shows nothing new, more than redrawing 1280×720 thirty times a second. Under X11
every input event arrives on one socket, so after pumping (which empties Xlib's queue) the loop
can sleep in `poll` on that socket until the X server sends something or the timeout ends:
the same answer to a key, about 0.1% of a core. Where the connection cannot be found (other
drivers, other systems), `event.wait` is used as before.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import select
import time
from typing import Any

log = logging.getLogger(__name__)
SPIN_LIMIT = 64  # wake-ups with no event within one wait before it stops trusting the socket


class InputWaiter:
    """`wait(ms)`: the events that came within `ms` milliseconds (at least one unless time ran out)."""

    def __init__(self, pygame: Any) -> None:
        self._pygame = pygame
        self._looked = False  # the connection is looked for once, when there is a window
        self._fd: int | None = None
        self._watcher: Any = None  # a select.poll on one descriptor, made once for it
        self._watching: int | None = None  # that descriptor

    def wait(self, timeout_ms: int) -> list:
        pygame = self._pygame
        events = pygame.event.get()
        if events or timeout_ms <= 0:
            return events
        fd = self._connection()
        if fd is None:
            return self._polled(timeout_ms)
        # The socket also carries what is no event to the game (replies, filtered motion): sleep again
        # until an event comes or the time is up, as event.wait does.
        deadline = time.monotonic() + timeout_ms / 1000
        for _wake in range(SPIN_LIMIT):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            try:
                self._watcher_on(fd).poll(max(1, int(remaining * 1000)))
            except (OSError, ValueError) as error:  # the connection went away: wait as pygame does
                log.info("waiting on the display connection failed (%s); polling instead", error)
                self._fd = self._watcher = self._watching = None
                return self._polled(max(1, int(remaining * 1000)))
            events = pygame.event.get()
            if events:
                return events
        # Readable again and again with nothing for the game: never spin, wait as pygame does instead.
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        return self._polled(remaining_ms) if remaining_ms > 0 else []

    def _watcher_on(self, fd: int) -> Any:
        """A poll object watching `fd` for input, made on the first wait on it and kept for the next."""
        if self._watching != fd:
            # poll, not select: select cannot watch a descriptor numbered past 1023
            self._watcher = select.poll()
            self._watcher.register(fd, select.POLLIN)
            self._watching = fd
        return self._watcher

    def _polled(self, timeout_ms: int) -> list:
        """pygame's own wait: pump, sleep 1 ms, again, until an event or the timeout."""
        pygame = self._pygame
        first = pygame.event.wait(timeout_ms)
        return ([first] if first.type != pygame.NOEVENT else []) + pygame.event.get()

    @property
    def sleeps_on_connection(self) -> bool:
        return self._connection() is not None

    def _connection(self) -> int | None:
        """The X connection's file descriptor, found once: SDL keeps one connection while video is on."""
        if self._looked:
            return self._fd
        if self._pygame.display.get_surface() is None:
            return None  # no window yet: look again on the next wait
        self._looked = True
        if self._pygame.display.get_driver() == "x11":
            self._fd = x11_connection_number(self._pygame.get_sdl_version())
        return self._fd


class _WindowInfo(ctypes.Structure):
    """SDL_SysWMinfo: the version asked for, the window system, then (for X11) the Display pointer first."""
    _fields_ = [("major", ctypes.c_uint8), ("minor", ctypes.c_uint8), ("patch", ctypes.c_uint8),
                ("subsystem", ctypes.c_int), ("display", ctypes.c_void_p), ("rest", ctypes.c_uint8 * 120)]


SDL_SYSWM_X11 = 2
MAX_WINDOW_ID = 256


def x11_connection_number(sdl_version: tuple[int, int, int]) -> int | None:
    """The socket of the X display SDL talks to, or None if it cannot be read.

    Asked of SDL itself: pygame-ce's `display.get_wm_info` also reads Wayland fields from the same
    union on X11 and can crash on them, and `Window.from_display_module` is deprecated.
    """
    try:
        sdl = _loaded_sdl()
        if sdl is None:
            return None
        sdl.SDL_GetWindowFromID.restype = ctypes.c_void_p
        sdl.SDL_GetWindowFromID.argtypes = [ctypes.c_uint32]
        sdl.SDL_GetWindowWMInfo.argtypes = [ctypes.c_void_p, ctypes.POINTER(_WindowInfo)]
        sdl.SDL_GetWindowWMInfo.restype = ctypes.c_int
        # SDL numbers windows from 1 as they are made; the game has one open at a time.
        window = next((found for found in (sdl.SDL_GetWindowFromID(number) for number in range(1, MAX_WINDOW_ID))
                       if found), None)
        if window is None:
            return None
        info = _WindowInfo()
        info.major, info.minor, info.patch = sdl_version
        if not sdl.SDL_GetWindowWMInfo(window, ctypes.byref(info)) or info.subsystem != SDL_SYSWM_X11:
            return None
        try:
            x11 = ctypes.CDLL("libX11.so.6")  # already loaded by SDL; find_library would run ldconfig
        except OSError:
            x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so")
        x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x11.XConnectionNumber.restype = ctypes.c_int
        fd = int(x11.XConnectionNumber(info.display))
    except (OSError, AttributeError, TypeError, ValueError, ctypes.ArgumentError) as error:
        log.info("the X connection could not be read (%s); waiting by polling", error)
        return None
    return fd if fd >= 0 else None


def _loaded_sdl() -> ctypes.CDLL | None:
    """The SDL 2 library pygame loaded into this process (its wheel bundles its own copy)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split()[-1] for line in maps if "libSDL2" in line}
    except OSError:
        return None
    for path in sorted(paths):
        name = path.rsplit("/", 1)[-1]
        if name.startswith("libSDL2-2") or name.startswith("libSDL2.so"):
            return ctypes.CDLL(path)
    return None
