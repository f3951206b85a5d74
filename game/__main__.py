"""The `curtain-light` command and the frozen build's entry: the game, an author tool, or the sound worker."""
from __future__ import annotations

import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from game.resources import SOUND_WORKER_FLAG

    # A frozen build has no `python -m`: the sound worker is this same executable started again with the
    # flag. The game starts no multiprocessing children, so the build leaves multiprocessing out.
    if args[:1] == [SOUND_WORKER_FLAG]:
        from game.player.sound.worker import main as sound_worker

        return sound_worker(args[1:])
    from game.cli import main as command_line

    return command_line(args, ends_process=argv is None)


if __name__ == "__main__":
    sys.exit(main())
