"""Fonts and text: word-wrapping in logical units and cached glyph runs rendered at the window's real scale."""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from game import resources
from game.core.i18n.languages import ENGLISH, JAPANESE, Language, language
from game.core.i18n.linebreak import is_cjk, wrap as wrap_phrases

if TYPE_CHECKING:
    import pygame

FONTS_DIR = resources.fonts_dir()
FONT_FILES: dict[str, str] = {
    "prose": "NotoSerif-Regular.ttf",
    "italic": "NotoSerif-Italic.ttf",
    "ui": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
}
# The faces a player may read in (Settings → Font), by the names the settings keep. The plain sans sets
# the prose upright in Noto Sans; OpenDyslexic sets every text, and neither slants the status line,
# as slanted text is the harder to read for the players who pick them.
FONT_CHOICES: dict[str, dict[str, str]] = {
    "book": FONT_FILES,
    "sans": {**FONT_FILES, "prose": "NotoSans-Regular.ttf", "italic": "NotoSans-Regular.ttf"},
    "dyslexia": {"prose": "OpenDyslexic-Regular.otf", "italic": "OpenDyslexic-Regular.otf",
                 "ui": "OpenDyslexic-Regular.otf", "bold": "OpenDyslexic-Bold.otf"},
}
# Japanese text, and any CJK character in English text: BIZ UD Mincho for prose; the status line and
# other "italic" text in BIZ UD Gothic, a different face rather than a slanted one (Japanese has no italics).
JAPANESE_FONT_FILES: dict[str, str] = {
    "prose": JAPANESE.prose_font,
    "italic": JAPANESE.ui_font,
    "ui": JAPANESE.ui_font,
    "bold": JAPANESE.ui_bold_font,
}
# OpenDyslexic is drawn large on its em (a tall x-height, wide letters): set 0.87 of the size, so a line
# holds as much as in Noto Sans and every layout made for the book faces still fits.
FACE_SIZES: dict[str, float] = {"OpenDyslexic-Regular.otf": 0.87, "OpenDyslexic-Bold.otf": 0.87}
Colour = tuple[int, int, int]


class Typesetter:
    """Owns every font and every rendered line, so text is laid out and rendered once, not every frame.

    Layout (where lines break, how tall they are) is done with fonts at logical size, so it is the
    same at every window size; glyphs are rendered with fonts at physical size, so they stay crisp.
    """

    # Rendered runs kept, by pixel memory: about three screens' worth of text. A screen's text takes
    # a quarter of the window's own pixel memory or less (0.9 MB in a 1280x720 window), so the
    # budget follows the window: a small window keeps little, a 4K one still never re-renders a
    # frame's text. RENDER_CACHE_BYTES is the floor, for when there is no window.
    RENDER_CACHE_BYTES = 2 * 1024 * 1024
    RENDER_CACHE_WINDOW_SHARE = 0.7
    WRAP_CACHE_LIMIT = 4000

    def __init__(self, fonts_dir: Path = FONTS_DIR) -> None:
        import pygame

        if not pygame.font.get_init():
            pygame.font.init()
        self._pygame = pygame
        self.fonts_dir = fonts_dir
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}
        self._renders: OrderedDict[tuple[str, str, int, Colour], pygame.Surface] = OrderedDict()
        self._render_bytes = 0
        self._wraps: OrderedDict[tuple[str, str, int, int, float], tuple[str, ...]] = OrderedDict()
        self.language: Language = ENGLISH
        # The window's scale: text is drawn with fonts at round(size * scale) pixels, whose glyphs are not
        # exactly `scale` times as wide as at logical size (hinting), so widths are measured at that size.
        self.scale = 1.0
        self.face = "book"  # a key of FONT_CHOICES
        self.line_spacing = 1.0  # the player's line spacing, times each font's own (Japanese: 1.75 em)

    def follow_scale(self, scale: float) -> bool:
        """Measure at the scale text is now drawn at; True if it changed (every layout must be made again)."""
        scale = max(0.05, float(scale))
        if scale == self.scale:
            return False
        self.scale = scale
        return True

    def drawn_size(self, size: float) -> int:
        """The pixel size a logical size is rendered at in the window (as Canvas.pixel_size)."""
        return max(6, round(size * self.scale))

    def set_language(self, code: str) -> None:
        """Set text in another language from now on: its fonts, line height and line breaking."""
        chosen = language(code)
        if chosen != self.language:
            self.language = chosen
            self._forget_layout()

    def set_style(self, face: str, line_spacing: float) -> None:
        """Set Latin text in another face (Japanese keeps BIZ UD) and lines at another spacing from now on."""
        face = face if face in FONT_CHOICES else "book"
        if (face, line_spacing) != (self.face, self.line_spacing):
            self.face, self.line_spacing = face, line_spacing
            self._forget_layout()

    def _forget_layout(self) -> None:
        self._renders.clear()
        self._render_bytes = 0
        self._wraps.clear()

    def _file(self, role: str, text: str | None) -> str:
        cjk = self.language is JAPANESE or (text and is_cjk(text))
        files = JAPANESE_FONT_FILES if cjk else FONT_CHOICES[self.face]
        return files.get(role, files["ui"])

    def font(self, role: str, pixel_size: int, text: str | None = None) -> "pygame.font.Font":
        """The font for a role at a size; for `text` holding Japanese, the Japanese face of that role."""
        file = self._file(role, text)
        key = (file, max(6, round(pixel_size * FACE_SIZES.get(file, 1.0))))
        font = self._fonts.get(key)
        if font is None:
            path = self.fonts_dir / file
            try:
                font = self._pygame.font.Font(path, key[1])
            except (OSError, FileNotFoundError):
                # The bundled fonts are part of the game, but a stripped install still runs.
                font = self._pygame.font.Font(None, key[1])
            self._fonts[key] = font
        return font

    def line_height(self, role: str, size: float) -> int:
        """From one line's top to the next: the font's own leading (Japanese: about 1.75 em) times the spacing."""
        return round(self.glyph_height(role, size) * self.line_spacing)

    def glyph_height(self, role: str, size: float) -> int:
        """The height of one line at single spacing: what a one-line control centres."""
        font = self.font(role, round(size))
        if self.language is ENGLISH:
            return font.get_linesize()
        return max(font.get_linesize(), round(size * self.language.line_height))  # Japanese sets at about 1.75 em

    def half_leading(self, role: str, size: float) -> float:
        """How far a line's glyphs sit below its top: half of what a language's leading adds to the font's own line,
        so a Japanese line (1.75 em) has its glyphs in the middle of its box, not at the top with all the space below."""
        if self.language is ENGLISH:
            return 0.0
        return (self.glyph_height(role, size) - self.font(role, round(size)).get_linesize()) / 2

    def width(self, text: str, role: str, size: float) -> float:
        """How wide a line is drawn, in logical pixels, at the window's scale."""
        return self.font(role, self.drawn_size(size), text).size(text)[0] / self.scale

    def width_in(self, role: str, size: float) -> Callable[[str], float]:
        """`width` for many texts in one role and size, its font looked up once (a text holding Japanese still
        measured in the Japanese face of the role)."""
        drawn = self.drawn_size(size)
        font = self.font(role, drawn)
        if self.language is not JAPANESE:
            return lambda text: (self.font(role, drawn, text) if is_cjk(text) else font).size(text)[0] / self.scale
        return lambda text: font.size(text)[0] / self.scale

    def wrap(self, text: str, role: str, size: float, width: int) -> tuple[str, ...]:
        """Break one paragraph into lines no wider than `width` logical pixels as drawn (long words are split).

        Measured with the font at the size it is rendered at in the window, against the width in
        window pixels, so no line drawn runs past its box at any window size.
        """
        key = (text, role, round(size), width, self.scale)
        cached = self._wraps.get(key)
        if cached is not None:
            self._wraps.move_to_end(key)
            return cached
        font = self.font(role, self.drawn_size(size), text)
        size, width = size * self.scale, int(width * self.scale)
        lines: list[str] = []
        for hard_line in text.split("\n"):
            if is_cjk(hard_line):
                # Japanese: at BudouX's phrase boundaries, with kinsoku shori (game/core/i18n/linebreak.py).
                # A hanging 、 or 。 sits past the line's end, so one em is kept free for it inside the box.
                lines.extend(wrap_phrases(hard_line, self.line_room(hard_line, size, width), lambda part: font.size(part)[0],
                                          self.language.code))
                continue
            current = ""
            for word in hard_line.split(" "):
                candidate = word if not current else f"{current} {word}"
                if font.size(candidate)[0] <= width:
                    current = candidate
                    continue
                if current:
                    lines.append(current)
                current = word
                while font.size(current)[0] > width and len(current) > 1:
                    cut = len(current) - 1
                    while cut > 1 and font.size(current[:cut])[0] > width:
                        cut -= 1
                    lines.append(current[:cut])
                    current = current[cut:]
            lines.append(current)
        result = tuple(lines)
        self._wraps[key] = result
        if len(self._wraps) > self.WRAP_CACHE_LIMIT:
            self._wraps.popitem(last=False)
        return result

    @staticmethod
    def line_room(line: str, size: float, width: int) -> int:
        """How wide a line's text may run in a box `width` wide: Japanese keeps an em free for a hanging 、 or 。."""
        return width - round(size) if is_cjk(line) else width

    def render(self, text: str, role: str, pixel_size: int, colour: Colour) -> "pygame.Surface":
        """One antialiased glyph run, cached by text, font, size and colour."""
        key = (text, role, pixel_size, colour)
        surface = self._renders.get(key)
        if surface is not None:
            self._renders.move_to_end(key)
            return surface
        surface = self.font(role, pixel_size, text).render(text, True, colour)
        self._renders[key] = surface
        self._render_bytes += _pixel_bytes(surface)
        budget = self.render_budget()
        while self._render_bytes > budget and len(self._renders) > 1:
            _key, evicted = self._renders.popitem(last=False)
            self._render_bytes -= _pixel_bytes(evicted)
        return surface

    def render_budget(self) -> int:
        """Bytes of rendered runs kept: a share of the window's pixel memory, never under the floor."""
        window = self._pygame.display.get_surface() if self._pygame.display.get_init() else None
        if window is None:
            return self.RENDER_CACHE_BYTES
        return max(self.RENDER_CACHE_BYTES, int(_pixel_bytes(window) * self.RENDER_CACHE_WINDOW_SHARE))

    def prefix_width(self, text: str, role: str, pixel_size: int) -> int:
        return self.font(role, pixel_size, text).size(text)[0]


def _pixel_bytes(surface: "pygame.Surface") -> int:
    return surface.get_width() * surface.get_height() * surface.get_bytesize()
