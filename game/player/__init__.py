"""The pygame player: window, screens, scenes, sound, saves and settings, on top of the story core."""
