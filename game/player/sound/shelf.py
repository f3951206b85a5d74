"""The sounds the engine holds, and the thread that loads them from the cache (having new ones synthesised first)."""
from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Optional

import pygame

from game.content import AMBIENCES
from game.player.sound import cache as sound_cache
from game.player.sound.process import lower_thread_priority

log = logging.getLogger("game.player.sound.engine")

_PREWARM_PAUSE = 0.05  # breathing room between background syntheses, for the frame loop
# A worker takes a few tenths of a second to start (Python, then numpy): what else is asked for in
# this short moment (the effects and the first ambience come together) goes to the same worker.
_GATHER_SECONDS = 0.05


class SoundShelf:
    """Loaded sounds by name, filled by a thread of their own: what is asked for, most urgent first.

    The engine (game/player/sound/engine.py) says what is wanted (`_wanted`) and how new sounds are made
    (`_synthesise`); everything here is written by the sound thread and read by the frame loop,
    under `_lock`.
    """

    def __init__(self) -> None:
        # Least recently asked-for first; only the frame loop lets go of any (see the engine's _let_go_of_extras).
        self._sounds: OrderedDict[str, Any] = OrderedDict()
        self._effects: dict[str, Any] = {}
        self._failed: set[str] = set()
        self._pinned: set[str] = set()  # everything, once prewarm() is asked for
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._queue: "queue.PriorityQueue[tuple[int, int, str]]" = queue.PriorityQueue()
        self._order = itertools.count()
        self._stop = threading.Event()
        self._worker: Optional[threading.Thread] = None
        self._folder = Path()

    def _wanted(self, name: str) -> bool:
        raise NotImplementedError  # the engine's: whether a sound is worth building or keeping

    def _synthesise(self, names: list[str]) -> None:
        raise NotImplementedError  # the engine's: have the worker process build these into the folder

    @property
    def loaded_ambiences(self) -> tuple[str, ...]:
        """The ambiences synthesised and held by the mixer now, least recently asked-for first."""
        with self._lock:
            return tuple(self._sounds)

    def is_ready(self, name: str) -> bool:
        """Whether the ambience (or effect) is loaded, so it would start on the next update."""
        with self._lock:
            return self._loaded(name)

    def _loaded_effect(self, name: str) -> Any:
        with self._lock:
            return self._effects.get(name)

    def _request(self, name: str) -> None:
        with self._lock:
            if name in self._sounds:
                self._sounds.move_to_end(name)
                return
            if name in self._failed or name in self._effects:
                return
        self._queue.put((0, next(self._order), name))
        self._ensure_worker()

    def _loaded(self, name: str) -> bool:
        return name in self._sounds or name in self._effects

    def _ensure_worker(self) -> None:
        if self._worker is None and not self._stop.is_set():
            self._worker = threading.Thread(target=self._work, name="ambience-sound", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        """The sound thread: loads what is asked for, most urgent first, having it synthesised when new; never raises."""
        lower_thread_priority()
        while not self._stop.is_set():
            try:
                priority, _, name = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                if not self._worth_building(name) or self._load_cached(name):
                    continue
                self._stop.wait(_GATHER_SECONDS)
                names = [name] + self._take_queued(priority)
                self._synthesise([item for item in dict.fromkeys(names)
                                  if self._worth_building(item) and not self._load_cached(item)])
            except Exception:  # noqa: BLE001 - the thread must go on for the sounds still to come
                log.debug("sound: the sound thread tripped over %s", name, exc_info=True)
                self._give_up([name])
            if priority > 0:
                self._stop.wait(_PREWARM_PAUSE)

    def _take_queued(self, priority: int) -> list[str]:
        """Everything else waiting at the same urgency (a prewarm never holds up a scene's ambience)."""
        names: list[str] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return names
            if item[0] != priority:
                self._queue.put(item)
                return names
            names.append(item[2])

    def _worth_building(self, name: str) -> bool:
        with self._lock:
            # A scene already left behind before its turn came is not loaded or built at all.
            return not self._loaded(name) and name not in self._failed and self._wanted(name)

    def _load_cached(self, name: str) -> bool:
        """Load a sound from its cache file if it is there; whether it is now loaded."""
        folder = self._folder
        path = sound_cache.sound_path(folder, name)
        if self._stop.is_set() or not path.is_file():
            return False
        try:
            # SDL reads the WAV and converts it to the mixer's format; the mixer keeps only its copy.
            sound = pygame.mixer.Sound(file=str(path))
        except Exception:  # noqa: BLE001 - a damaged file: drop it, and it is made again
            log.debug("sound: could not load %s", path, exc_info=True)
            try:
                path.unlink()
            except OSError:
                pass
            return False
        with self._ready:
            if folder != self._folder:  # mono was switched while this loaded: it is asked for again
                return False
            if name not in AMBIENCES:  # effects, events and music: small, and never crossfaded
                self._effects[name] = sound
            else:
                self._sounds[name] = sound
            self._ready.notify_all()
        return True

    def _give_up(self, names: list[str]) -> None:
        """These stay silent: the game plays on without them, and nobody is told."""
        if names:
            with self._ready:
                self._failed.update(names)
                self._ready.notify_all()
