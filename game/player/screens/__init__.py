"""The game's screens: title, chapters, play, pause, saves, settings, history, pages and overlays."""
