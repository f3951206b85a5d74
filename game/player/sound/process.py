"""How the engine's helpers run politely: the synthesis worker's process options and the sound thread's priority."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from typing import Any

from game.resources import import_root

_ROOT = import_root()  # the folder holding the game package, for the worker


def worker_options() -> dict[str, Any]:
    """Popen options: the worker finds the game package, and on Windows opens no console and runs below normal."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
    options: dict[str, Any] = {"env": env, "cwd": str(_ROOT)}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NO_WINDOW | subprocess.BELOW_NORMAL_PRIORITY_CLASS
    return options


def lower_thread_priority() -> None:
    """On Linux a thread has its own niceness: let the frame loop win when the CPU is busy."""
    if not sys.platform.startswith("linux") or not hasattr(os, "setpriority"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except OSError:
        pass
