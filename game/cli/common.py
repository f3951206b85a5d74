"""What several commands share: reading `--set NAME=VALUE` assignments."""
from __future__ import annotations

from typing import Any, Iterable


def parse_assignment(text: str) -> tuple[str, str]:
    """`VAR=VALUE` from --set; raises ValueError with a message for the player."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--set {text!r}: write it as NAME=VALUE, for example --set energy=3")
    return name.strip(), value.strip()


def parse_assignments(texts: Iterable[str] | None) -> list[tuple[str, str]]:
    """Every --set given, in order; ValueError names the first malformed one."""
    return [parse_assignment(text) for text in texts or []]


def check_language(story: Any, lang: str) -> str | None:
    """Why the story cannot be read in `lang` (no such language, no catalogue), or None."""
    from game.core.i18n.apply import in_language
    from game.core.i18n.catalogue import CatalogueError

    try:
        in_language(story, lang)
    except CatalogueError as error:
        return str(error)
    return None
