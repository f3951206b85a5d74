"""The game's own words (menus, settings, hints) in the player's language: `_("Continue")` looks them up in a PO catalogue.

The interface is translated like the story, in gettext PO, but its keys are the English words themselves
(the usual gettext way, which Babel extracts from the code); a `msgctxt` tells two uses of one word apart
where the language needs it (`pgettext("menu", "Back")`)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel is imported only when a catalogue is read: English needs none
    from babel.messages.catalog import Catalog

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"  # game/locale/: interface.pot and LANG.po
TEMPLATE = "interface.pot"
KEYWORDS = {"_": None, "N_": None, "pgettext": ((1, "c"), 2)}  # what Babel looks for when extracting

_current: dict[str, str] = {}
_language = "en"


def use_language(code: str, folder: Path | None = None) -> str:
    """Switch every `_()` to `code`; a language with no catalogue (or a broken one) reads in English. Gives the language in use."""
    global _current, _language
    if code == "en":
        _current, _language = {}, "en"
        return _language
    catalog = read_catalog((folder or LOCALE_DIR) / f"{code}.po")
    if catalog is None:
        _current, _language = {}, "en"
        return _language
    _current = {(f"{m.context}\x04{m.id}" if m.context else m.id): m.string for m in catalog
                if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy}
    _language = code
    return _language


def read_catalog(path: Path) -> Catalog | None:
    """An interface catalogue, or None when there is none or it cannot be read (the game then speaks English)."""
    from babel.messages.pofile import read_po

    try:
        with path.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except Exception:  # a missing, unreadable or broken catalogue must never stop the game
        return None


def language() -> str:
    return _language


def _(message: str) -> str:
    """The interface string in the current language (the English when it has no translation)."""
    return _current.get(message, message) if _current else message


def pgettext(context: str, message: str) -> str:
    """As `_`, for a word whose translation depends on where it stands."""
    return _current.get(f"{context}\x04{message}", message) if _current else message


def N_(message: str) -> str:  # noqa: N802 (gettext's own name)
    """Marks a string for extraction where it is defined; `_()` translates it where it is shown."""
    return message
