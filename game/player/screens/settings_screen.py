"""The settings screen: text speed, font size, volumes, full screen, high contrast, reduced motion."""
from __future__ import annotations

from game.player.screens.base import DocumentScreen
from game.player.settings import FONT_SCALES, TEXT_SPEEDS, VOLUME_STEP
from game.player.theme import PROSE_SIZE
from game.player.ui import Block, Button, Gap, Stepper, TextBlock, Toggle


class SettingsScreen(DocumentScreen):
    kind = "settings"
    title = "Settings"

    def build(self) -> list[Block]:
        app = self.app
        return [
            Stepper("text_speed", "Text speed", lambda: app.settings.text_speed.capitalize(), self.step_speed),
            Stepper("font_scale", "Text size", lambda: f"{round(app.settings.font_scale * 100)}%", self.step_font),
            TextBlock("The quick light leaks round the curtain's edge.", role="prose", size=PROSE_SIZE,
                      colour="quiet", indent=30, gap_after=12),
            Stepper("master_volume", "Volume", lambda: _percent(app.settings.master_volume),
                    lambda step: self.step_volume("master_volume", step)),
            Stepper("ambience_volume", "Ambient sound", lambda: _percent(app.settings.ambience_volume),
                    lambda step: self.step_volume("ambience_volume", step)),
            Stepper("effects_volume", "Sound effects", lambda: _percent(app.settings.effects_volume),
                    lambda step: self.step_volume("effects_volume", step)),
            Stepper("music_volume", "Music", lambda: _percent(app.settings.music_volume),
                    lambda step: self.step_volume("music_volume", step)),
            Gap(8),
            Toggle("fullscreen", "Full screen (F11)", lambda: app.settings.fullscreen,
                   lambda: app.change_settings(fullscreen=not app.settings.fullscreen)),
            Toggle("high_contrast", "High contrast", lambda: app.settings.high_contrast,
                   lambda: app.change_settings(high_contrast=not app.settings.high_contrast)),
            Toggle("reduce_motion", "Reduce motion", lambda: app.settings.reduce_motion,
                   lambda: app.change_settings(reduce_motion=not app.settings.reduce_motion)),
            Toggle("content_note", "Show the content note before the next chapter",
                   lambda: not app.settings.content_note_seen,
                   lambda: app.change_settings(content_note_seen=not app.settings.content_note_seen)),
            Gap(8),
            Button("back", "Back", self.back, detail="Settings are saved as you change them"),
        ]

    def step_speed(self, step: int) -> None:
        index = TEXT_SPEEDS.index(self.app.settings.text_speed)
        self.app.change_settings(text_speed=TEXT_SPEEDS[(index + step) % len(TEXT_SPEEDS)])

    def step_font(self, step: int) -> None:
        index = FONT_SCALES.index(self.app.settings.font_scale)
        self.app.change_settings(font_scale=FONT_SCALES[max(0, min(len(FONT_SCALES) - 1, index + step))])

    def step_volume(self, name: str, step: int) -> None:
        current = getattr(self.app.settings, name)
        self.app.change_settings(**{name: round(max(0.0, min(1.0, current + step * VOLUME_STEP)), 2)})


def _percent(value: float) -> str:
    return "Off" if value <= 0 else f"{round(value * 100)}%"
