"""The languages the game reads in: how their lines join, how their reading is counted, and which fonts draw them."""
from __future__ import annotations

import locale
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as the language menu shows it
    line_joiner: str  # what a line break inside a paragraph becomes: a space, or nothing where words are not spaced
    counts: str  # "words" or "characters": what reading length is measured in
    reading_speed: int  # per minute, in `counts`
    prose_font: str  # file names under assets/fonts
    ui_font: str
    ui_bold_font: str
    line_height: float  # in em


ENGLISH = Language("en", "English", " ", "words", 230, "NotoSerif-Regular.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", 1.45)
# Japanese readers take in about 500 characters a minute of literary prose; body text sets at 1.7–1.8 em.
JAPANESE = Language("ja", "日本語", "", "characters", 500, "BIZUDMincho-Regular.ttf", "BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf", 1.75)
LANGUAGES: dict[str, Language] = {language.code: language for language in (ENGLISH, JAPANESE)}
SOURCE = ENGLISH.code


def language(code: str) -> Language:
    """The language for a code such as 'ja' or 'ja_JP'; KeyError names the ones there are."""
    base = code.replace("-", "_").split("_")[0].lower()
    if base not in LANGUAGES:
        raise KeyError(f"no language '{code}' (there are: {', '.join(LANGUAGES)})")
    return LANGUAGES[base]


def system_language(available: set[str]) -> str:
    """The first launch's language: the system's when the story has it, else English.

    CURTAIN_LIGHT_LANG, when set, speaks for the system (for a player who wants the game in another
    language than the desktop's, and for tests that must not depend on the machine's locale)."""
    for variable in ("CURTAIN_LIGHT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        for part in value.split(":"):
            base = part.split(".")[0].replace("-", "_").split("_")[0].lower()
            if base and base not in ("c", "posix"):
                return base if base in available else SOURCE
    try:
        found = locale.getlocale()[0] or ""
    except ValueError:
        found = ""
    base = found.replace("-", "_").split("_")[0].lower()
    return base if base in available else SOURCE


def join_lines(text: str, code: str) -> str:
    """A translation's line breaks inside one paragraph, joined as the language joins them."""
    if "\n" not in text:
        return text
    joiner = LANGUAGES[code].line_joiner if code in LANGUAGES else " "
    return joiner.join(line.strip() for line in text.split("\n") if line.strip())
