"""Input at its one boundary: keys become named actions here (keymap.py), so no screen reads a key code."""
