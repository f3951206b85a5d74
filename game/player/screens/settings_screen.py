"""The settings screen: language, text speed, size, font, spacing, panel, volumes, mono, self-voicing, full screen,
contrast, motion, controls."""
from __future__ import annotations

from game.core.i18n.interface import N_, _
from game.core.i18n.languages import LANGUAGES
from game.player.messages import ChangeSettings, OpenScreen
from game.player.screens.base import DocumentScreen
from game.player.persist.settings import CHOICE_DELAYS, FONT_SCALES, FONTS, LINE_SPACINGS, PANEL_OPACITIES, TEXT_SPEEDS, VOLUME_STEP
from game.player.display.theme import PROSE_SIZE, SMALL_SIZE
from game.player.ui.setting_rows import Stepper, Toggle
from game.player.ui.document import Block, Button, Gap, TextBlock


class SettingsScreen(DocumentScreen):
    kind = "settings"
    title = N_("Settings")

    def build(self) -> list[Block]:
        host = self.host
        change = self.change
        return [
            Stepper("language", _("Language"), lambda: LANGUAGES[host.language].name, self.step_language),
            Stepper("text_speed", _("Text speed"), lambda: _(host.settings.text_speed.capitalize()), self.step_speed),
            Stepper("font_scale", _("Text size"), lambda: f"{round(host.settings.font_scale * 100)}%", self.step_font),
            Stepper("font", _("Font"), lambda: _(FONT_NAMES[FONTS.index(host.settings.font)]),
                    lambda step: self.step_through("font", FONTS, step)),
            Stepper("line_spacing", _("Line spacing"), lambda: f"{host.settings.line_spacing:g}×",
                    lambda step: self.step_through("line_spacing", LINE_SPACINGS, step)),
            TextBlock(_("The quick light leaks round the curtain's edge.\nThe street below keeps its own hours."),
                      role="prose", size=PROSE_SIZE, colour="quiet", indent=30, gap_after=12),
            Stepper("panel_opacity", _("Text panel"), lambda: _panel(host.settings.panel_opacity),
                    lambda step: self.step_through("panel_opacity", PANEL_OPACITIES, step)),
            Stepper("master_volume", _("Volume"), lambda: _percent(host.settings.master_volume),
                    lambda step: self.step_volume("master_volume", step)),
            Stepper("ambience_volume", _("Ambient sound"), lambda: _percent(host.settings.ambience_volume),
                    lambda step: self.step_volume("ambience_volume", step)),
            Stepper("effects_volume", _("Sound effects"), lambda: _percent(host.settings.effects_volume),
                    lambda step: self.step_volume("effects_volume", step)),
            Stepper("music_volume", _("Music"), lambda: _percent(host.settings.music_volume),
                    lambda step: self.step_volume("music_volume", step)),
            Gap(8),
            Toggle("fullscreen", _("Full screen (F11)"), lambda: host.settings.fullscreen,
                   lambda: change(fullscreen=not host.settings.fullscreen)),
            Toggle("high_contrast", _("High contrast"), lambda: host.settings.high_contrast,
                   lambda: change(high_contrast=not host.settings.high_contrast)),
            Toggle("reduce_motion", _("Reduce motion"), lambda: host.settings.reduce_motion,
                   lambda: change(reduce_motion=not host.settings.reduce_motion)),
            Toggle("mono_audio", _("Mono audio"), lambda: host.settings.mono_audio,
                   lambda: change(mono_audio=not host.settings.mono_audio)),
            Toggle("self_voicing", _("Self-voicing (V)"), lambda: host.settings.self_voicing,
                   lambda: change(self_voicing=not host.settings.self_voicing)),
            *speech_note(host.speech_problem),
            Toggle("content_note", _("Show the content note before the next chapter"),
                   lambda: not host.settings.content_note_seen,
                   lambda: change(content_note_seen=not host.settings.content_note_seen)),
            Stepper("choice_delay", _("Pause after a choice"), lambda: _seconds(host.settings.choice_delay),
                    lambda step: self.step_through("choice_delay", CHOICE_DELAYS, step)),
            Button("controls", _("Controls"), lambda: host.post(OpenScreen("keys")),
                   detail=_("Every key and what it does; choose your own")),
            Gap(8),
            Button("back", _("Back"), self.back, detail=_("Settings are saved as you change them")),
        ]

    def change(self, **changes: object) -> None:
        self.host.post(ChangeSettings(changes))

    def step_language(self, step: int) -> None:
        offered = self.host.languages
        index = offered.index(self.host.language) if self.host.language in offered else 0
        self.change(language=offered[(index + step) % len(offered)])

    def step_speed(self, step: int) -> None:
        index = TEXT_SPEEDS.index(self.host.settings.text_speed)
        self.change(text_speed=TEXT_SPEEDS[(index + step) % len(TEXT_SPEEDS)])

    def step_font(self, step: int) -> None:
        self.step_through("font_scale", FONT_SCALES, step)

    def step_through(self, name: str, values: tuple, step: int) -> None:
        """The next or previous allowed value, stopping at either end (like the volumes)."""
        index = values.index(getattr(self.host.settings, name))
        self.change(**{name: values[max(0, min(len(values) - 1, index + step))]})

    def step_volume(self, name: str, step: int) -> None:
        current = getattr(self.host.settings, name)
        self.change(**{name: round(max(0.0, min(1.0, current + step * VOLUME_STEP)), 2)})


def _seconds(value: float) -> str:
    return _("Off") if value <= 0 else _("{seconds} s").format(seconds=f"{value:g}")


def speech_note(missing: str) -> list[Block]:
    """Under Self-voicing, when no speech engine was found: said plainly, and that nothing else depends on it."""
    if not missing:
        return []
    return [TextBlock(_("No speech engine was found on this computer ({missing} is not installed), so self-voicing "
                        "stays silent. Everything else plays the same.").format(missing=missing),
                      role="ui", size=SMALL_SIZE, colour="quiet", indent=30, gap_after=12)]


def _panel(opacity: float) -> str:
    # TRANSLATORS: the text panel's opacity in Settings; 100% hides the picture behind the text
    return _("Solid") if opacity >= 1 else _("{percent} solid").format(percent=f"{round(opacity * 100)}%")


def _percent(value: float) -> str:
    return _("Off") if value <= 0 else f"{round(value * 100)}%"


# The text speeds as the Text speed row shows them (the settings keep the lower-case keys).
SPEED_NAMES = (N_("Slow"), N_("Normal"), N_("Fast"), N_("Instant"))
# The faces of the Font row, in the order of settings.FONTS.
FONT_NAMES = (N_("Book (serif)"), N_("Plain (sans)"), N_("OpenDyslexic"))
