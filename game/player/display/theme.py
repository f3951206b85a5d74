"""Colours and sizes of the interface, in a normal and a high-contrast variant."""
from __future__ import annotations

from typing import NamedTuple

Colour = tuple[int, int, int]


class Theme(NamedTuple):
    name: str
    backdrop: Colour  # behind everything, and the letterbox bars
    panel: Colour
    panel_alpha: int  # 0-255; the text panel over the scene
    dim_alpha: int  # how much a menu darkens what lies under it: 255 hides it, so no earlier screen shows through
    text: Colour
    heading: Colour
    quiet: Colour  # status lines, details: still well above 4.5:1 on the panel
    disabled: Colour
    accent: Colour  # focus ring and its marker
    control: Colour  # a control's box
    control_hover: Colour
    outline: Colour  # every button's edge: at least 3:1 against the panel, even over a bright scene
    rule: Colour
    damaged: Colour
    focus_width: int  # logical pixels


NORMAL = Theme(
    name="normal",
    backdrop=(0, 0, 0),
    panel=(11, 12, 18),
    panel_alpha=255,
    dim_alpha=255,
    text=(234, 229, 218),
    heading=(250, 245, 234),
    quiet=(196, 192, 184),
    disabled=(164, 160, 154),
    accent=(244, 204, 126),
    control=(32, 34, 44),
    control_hover=(46, 49, 62),
    outline=(132, 136, 152),
    rule=(70, 72, 84),
    damaged=(236, 170, 150),
    focus_width=2,
)

HIGH_CONTRAST = Theme(
    name="high_contrast",
    backdrop=(0, 0, 0),
    panel=(0, 0, 0),
    panel_alpha=255,
    dim_alpha=255,
    text=(255, 255, 255),
    heading=(255, 255, 255),
    quiet=(255, 255, 255),
    disabled=(225, 225, 225),
    accent=(255, 232, 0),
    control=(0, 0, 0),
    control_hover=(30, 30, 30),
    outline=(255, 255, 255),
    rule=(255, 255, 255),
    damaged=(255, 255, 255),
    focus_width=4,
)


def theme_for(high_contrast: bool, panel_opacity: float = 1.0) -> Theme:
    """The look in force; the player's panel opacity applies to the normal look (high contrast is always solid)."""
    if high_contrast:
        return HIGH_CONTRAST
    return NORMAL._replace(panel_alpha=round(255 * max(0.0, min(1.0, panel_opacity))))



# Base text sizes in logical pixels, before the player's font scale. Prose at 21 (about 50 characters a
# line in the play panel, leading 29) shows the whole text of 291 of the story's 299 nodes on the first
# screen, where 23 showed 233; choices are a size smaller in the sans face, which looks as large.
PROSE_SIZE = 21
CHOICE_SIZE = 19
UI_SIZE = 21
SMALL_SIZE = 17
HEADING_SIZE = 34
TITLE_SIZE = 64
