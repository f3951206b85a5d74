"""The player's settings: what they are, their allowed values, and the JSON file that keeps them."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, NamedTuple

from game.core.i18n.languages import LANGUAGES
from game.player.persist.storage import atomic_write_json, read_json_status, set_aside_notice

SETTINGS_KIND = "curtain-light-settings"
TEXT_SPEEDS: tuple[str, ...] = ("slow", "normal", "fast", "instant")
# Characters revealed per second; "instant" shows the whole text at once.
CHARACTERS_PER_SECOND: dict[str, float] = {"slow": 28.0, "normal": 60.0, "fast": 140.0, "instant": float("inf")}
FONT_SCALES: tuple[float, ...] = (0.85, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
FONTS: tuple[str, ...] = ("book", "sans", "dyslexia")  # Noto Serif, Noto Sans, OpenDyslexic (game/player/display/text.py)
LINE_SPACINGS: tuple[float, ...] = (1.0, 1.25, 1.5)
PANEL_OPACITIES: tuple[float, ...] = (0.85, 0.95, 1.0)  # the text panel over the scene; 1.0 hides the scene
# Seconds after a choice before another can be taken (a press in between is ignored): against a double
# press or a tremor picking twice. 0 is allowed.
CHOICE_DELAYS: tuple[float, ...] = (0.0, 0.3, 0.6, 1.0)
VOLUME_STEP = 0.1


class Settings(NamedTuple):
    text_speed: str = "normal"
    font_scale: float = 1.0
    master_volume: float = 0.8
    ambience_volume: float = 0.7
    effects_volume: float = 0.7
    music_volume: float = 0.5  # the motif on the title and the endings, kept under the ambience
    fullscreen: bool = False
    high_contrast: bool = False
    reduce_motion: bool = False
    self_voicing: bool = False  # speak the text, the choices and each menu item (game/player/speech/)
    mono_audio: bool = False  # every sound the same in both ears
    content_note_seen: bool = False
    keys: Mapping[str, list[str]] = {}  # action -> key names the player chose (game/player/input/keymap.py)
    language: str = ""  # "" until the player picks one: the first launch follows the system's language
    font: str = "book"
    line_spacing: float = 1.0
    panel_opacity: float = 1.0
    choice_delay: float = 0.3  # one of CHOICE_DELAYS

    @property
    def characters_per_second(self) -> float:
        return CHARACTERS_PER_SECOND.get(self.text_speed, CHARACTERS_PER_SECOND["normal"])

    def with_changes(self, **changes: Any) -> "Settings":
        return _sanitised(self._replace(**changes))


def _clamp_volume(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return round(max(0.0, min(1.0, float(value))), 2)


def _nearest(value: Any, allowed: tuple[float, ...], default: float) -> float:
    """The allowed step nearest to a number; the default for anything that is not one (nor NaN)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return default
    return min(allowed, key=lambda step: abs(step - float(value)))


def _sanitised(settings: Settings) -> Settings:
    """Fit every value into its allowed set, so a hand-edited file can never break the game."""
    defaults = Settings()
    speed = settings.text_speed if settings.text_speed in TEXT_SPEEDS else defaults.text_speed
    return Settings(
        text_speed=speed,
        font_scale=_nearest(settings.font_scale, FONT_SCALES, defaults.font_scale),
        master_volume=_clamp_volume(settings.master_volume, defaults.master_volume),
        ambience_volume=_clamp_volume(settings.ambience_volume, defaults.ambience_volume),
        effects_volume=_clamp_volume(settings.effects_volume, defaults.effects_volume),
        music_volume=_clamp_volume(settings.music_volume, defaults.music_volume),
        fullscreen=bool(settings.fullscreen) if isinstance(settings.fullscreen, bool) else defaults.fullscreen,
        high_contrast=settings.high_contrast if isinstance(settings.high_contrast, bool) else False,
        reduce_motion=settings.reduce_motion if isinstance(settings.reduce_motion, bool) else False,
        self_voicing=settings.self_voicing if isinstance(settings.self_voicing, bool) else False,
        mono_audio=settings.mono_audio if isinstance(settings.mono_audio, bool) else False,
        content_note_seen=settings.content_note_seen if isinstance(settings.content_note_seen, bool) else False,
        keys=_key_bindings(settings.keys),
        language=settings.language if isinstance(settings.language, str) and settings.language in LANGUAGES else "",
        font=settings.font if isinstance(settings.font, str) and settings.font in FONTS else defaults.font,
        line_spacing=_nearest(settings.line_spacing, LINE_SPACINGS, defaults.line_spacing),
        panel_opacity=_nearest(settings.panel_opacity, PANEL_OPACITIES, defaults.panel_opacity),
        choice_delay=_nearest(settings.choice_delay, CHOICE_DELAYS, defaults.choice_delay),
    )


def _key_bindings(value: Any) -> dict[str, list[str]]:
    """Only actions the game has, each with a list of key names; the keymap checks the names themselves."""
    from game.player.input.keymap import ACTIONS

    if not isinstance(value, Mapping):
        return {}
    return {action: [str(key) for key in keys] for action, keys in value.items()
            if action in ACTIONS and isinstance(keys, list) and keys and all(isinstance(key, str) for key in keys)}


class SettingsStore:
    """Reads the settings once and writes them (atomically) whenever they change."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "settings.json"
        self.notice: str | None = None  # said once, when a damaged file was set aside

    def load(self) -> Settings:
        payload, status = read_json_status(self.path, SETTINGS_KIND)
        if payload is None:
            self.notice = set_aside_notice(self.path, status, "your settings")
            return Settings()
        known = set(Settings._fields)
        values = {key: value for key, value in payload.items() if key in known}
        return _sanitised(Settings(**values))

    def save(self, settings: Settings) -> None:
        atomic_write_json(self.path, {"kind": SETTINGS_KIND, **settings._asdict(), "keys": dict(settings.keys)})
