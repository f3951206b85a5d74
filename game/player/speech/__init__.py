"""Self-voicing: what the game says aloud (narration.py) and the speech engines that say it (backends.py)."""
