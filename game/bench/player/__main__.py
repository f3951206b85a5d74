"""`python -m game.bench.player`: the whole benchmark, or (`--child MODE ...`) one of its measured children."""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        mode, rest = argv[1], argv[2:]
        if mode == "screens":
            from game.bench.player.reading import child_screens

            child_screens(int(rest[0]), int(rest[1]), float(rest[2]))
        elif mode == "bare":
            from game.bench.player.reading import child_bare

            child_bare(rest[0], float(rest[1]))
        elif mode == "chapter":
            from game.bench.player.chapter import child_chapter

            child_chapter(int(rest[0]), int(rest[1]))
        elif mode == "frames":
            from game.bench.player.frames import child_frames

            child_frames(int(rest[0]), int(rest[1]), int(rest[2]), Path(rest[3]), float(rest[4]))
        elif mode == "startup":
            from game.bench.player.start import child_startup

            child_startup()
        else:
            raise SystemExit(f"no such benchmark child: {mode}")
        return 0
    from game.bench.player import run_benchmarks

    run_benchmarks(float(argv[0]) if argv else 3.0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
