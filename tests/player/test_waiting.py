"""The loop's wait for input: asleep on the display connection where there is one, pygame's wait elsewhere."""
from __future__ import annotations

import os
import threading
import time

import pygame
import pytest
import select as select_module

from game.player.display import waiting
from game.player.display.waiting import InputWaiter


@pytest.fixture
def window():
    pygame.display.init()
    pygame.display.set_mode((64, 48))
    pygame.event.clear()
    yield
    pygame.display.quit()


@pytest.fixture
def pipe():
    read, write = os.pipe()
    yield read, write
    os.close(read)
    os.close(write)


def _on_pipe(monkeypatch, read_fd: int) -> InputWaiter:
    waiter = InputWaiter(pygame)
    monkeypatch.setattr(waiter, "_connection", lambda: read_fd)
    return waiter


def test_without_a_connection_it_waits_as_pygame_does(window):
    waiter = InputWaiter(pygame)
    assert not waiter.sleeps_on_connection  # the dummy driver has no socket to sleep on
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0))
    assert [event.type for event in waiter.wait(50)] == [pygame.KEYDOWN]
    assert waiter.wait(20) == []


def test_on_a_connection_it_sleeps_in_poll_not_in_pygames_polling_wait(window, pipe, monkeypatch):
    waiter = _on_pipe(monkeypatch, pipe[0])

    def polling_wait(*_args):
        raise AssertionError("pygame.event.wait polls every millisecond; the socket wait must not use it")

    monkeypatch.setattr(pygame.event, "wait", polling_wait)
    started = time.monotonic()
    assert waiter.wait(60) == []
    assert time.monotonic() - started >= 0.05  # it slept out its time


def test_input_on_the_connection_ends_the_wait_with_its_event(window, pipe, monkeypatch):
    waiter = _on_pipe(monkeypatch, pipe[0])

    def server_speaks() -> None:
        time.sleep(0.05)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0))
        os.write(pipe[1], b"x")

    threading.Thread(target=server_speaks).start()
    started = time.monotonic()
    events = waiter.wait(5000)
    assert [event.type for event in events] == [pygame.KEYDOWN]
    assert time.monotonic() - started < 2.0


def test_a_connection_readable_with_nothing_for_the_game_never_spins(window, pipe, monkeypatch):
    waiter = _on_pipe(monkeypatch, pipe[0])
    os.write(pipe[1], b"never read")  # always readable, never an event
    polled = []
    real_wait = pygame.event.wait
    monkeypatch.setattr(pygame.event, "wait", lambda ms: polled.append(ms) or real_wait(ms))
    assert waiter.wait(300) == []
    assert len(polled) == 1 and polled[0] > 0  # after SPIN_LIMIT empty wake-ups it falls back once


def _broken_poll():
    raise OSError("the connection went away")


def test_a_connection_that_breaks_falls_back_for_good(window, monkeypatch):
    waiter = InputWaiter(pygame)
    read, write = os.pipe()
    os.close(write)
    os.close(read)
    waiter._looked, waiter._fd = True, read
    monkeypatch.setattr(select_module, "poll", _broken_poll)
    assert waiter.wait(30) == []
    assert waiter._fd is None and not waiter.sleeps_on_connection


def test_the_connection_number_needs_an_x_window(window):
    assert waiting.x11_connection_number(pygame.get_sdl_version()) is None  # the dummy driver's window
