"""Curtain Light's entry point: parse the command line and hand over to the game."""
import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], ends_process=True))
