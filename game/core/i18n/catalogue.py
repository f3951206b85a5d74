"""Translation catalogues in gettext PO (read and written with Babel): the template, each language's file, and updating one."""
from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel is imported where a catalogue is read or written, so the game starts without it
    from babel.messages.catalog import Catalog, Message

from game.core.i18n.keys import Entry

FOLDER = "translations"  # under the story folder: story.pot and one LANG.po per language
TEMPLATE = "story.pot"
SOURCE_LANGUAGE = "en"


def folder(story_root: Path) -> Path:
    return story_root / FOLDER


def po_path(story_root: Path, lang: str) -> Path:
    return folder(story_root) / f"{lang}.po"


@dataclass
class Line:
    """One translated line as a catalogue holds it."""

    key: str
    source: str
    text: str  # the translation; "" when missing
    fuzzy: bool = False
    previous: str | None = None  # for a fuzzy line: the source it was translated from
    line: int = 0  # where it stands in the PO file


@dataclass
class Translation:
    """One language's catalogue, by key."""

    lang: str
    path: Path
    lines: dict[str, Line] = field(default_factory=dict)
    obsolete: dict[str, Line] = field(default_factory=dict)

    def usable(self, key: str, source: str) -> str | None:
        """The translation to show for a key, or None: missing, fuzzy, or made for another source text."""
        line = self.lines.get(key)
        if line is None or not line.text or line.fuzzy or line.source != source:
            return None
        return line.text


class CatalogueError(Exception):
    """A PO file that cannot be read, in words for the author, with its file and line."""


def read(path: Path, lang: str) -> Translation:
    try:
        with path.open("rb") as handle:
            from babel.messages.pofile import read_po

            catalog = read_po(handle, abort_invalid=True)
    except OSError as error:
        raise CatalogueError(f"{path}: cannot read it ({error.strerror or error})") from None
    except Exception as error:  # Babel's PoFileError, or bad bytes
        raise CatalogueError(f"{path}: not a PO file Curtain Light can read: {error}") from None
    translation = Translation(lang, path)
    previous = _previous_sources(path)
    for message in catalog:
        if not message.id or not isinstance(message.context, str):
            continue
        line = _line(message)
        line.previous = line.previous or previous.get(message.context)
        translation.lines[message.context] = line
    for message in catalog.obsolete.values():
        if isinstance(message.context, str):
            translation.obsolete[message.context] = _line(message)
    return translation


def _previous_sources(path: Path) -> dict[str, str]:
    """Each fuzzy line's `#| msgid` (the source it was translated from), by key: Babel writes these but does not read them."""
    found: dict[str, str] = {}
    pending: list[str] | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.startswith("#| msgid "):
            pending = [raw[len("#| msgid "):]]
        elif raw.startswith('#| "') and pending is not None:
            pending.append(raw[3:])
        elif raw.startswith("msgctxt ") and pending is not None:
            found[_unquote(raw[len("msgctxt "):])] = "".join(_unquote(part) for part in pending)
            pending = None
        elif raw.startswith("msgid "):
            pending = None
    return found


def _unquote(text: str) -> str:
    from babel.messages.pofile import unescape

    return unescape(text.strip())


def _line(message: Message) -> Line:
    previous = message.previous_id[0] if message.previous_id else None
    text = message.string if isinstance(message.string, str) else (message.string[0] if message.string else "")
    line = message.lineno or 0
    return Line(message.context or "", str(message.id), text or "", message.fuzzy, previous, line)


def _add(catalog: Catalog, entry: Entry, text: str = "", fuzzy: bool = False, previous: str | None = None) -> None:
    comments = [entry.note] if entry.note else []
    if entry.template:
        comments.append("Keep each {…} expression and each {if …: …|else: …} branch; translate the words inside them.")
    catalog.add(entry.source, text, locations=[(entry.place, entry.loc.line)], flags={"fuzzy"} if fuzzy else (),
                auto_comments=comments, previous_id=[previous] if previous else (), context=entry.key)


def template_text(entries: list[Entry]) -> str:
    """The PO template (story.pot): every source string, with no translation."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale=None, fuzzy=False)
    for entry in entries:
        _add(catalog, entry)
    return _dump(catalog, None)


def updated_text(entries: list[Entry], old: Translation | None, lang: str) -> tuple[str, dict[str, int]]:
    """A language's PO brought up to the story's entries, and how many lines were kept, moved, made fuzzy, added, retired.

    A line whose key keeps its source keeps its translation. A source found word for word under another key (a
    paragraph that moved) takes that translation as it was. A line whose source changed keeps its old translation,
    marked fuzzy with the previous source, for the translator to check. Translated lines no longer in the story
    stay at the end as obsolete, so nothing a translator wrote is lost."""
    counts = {"kept": 0, "moved": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    previous_lines = dict(old.obsolete) if old else {}
    previous_lines.update(old.lines if old else {})
    by_source: dict[str, Line] = {}
    for line in previous_lines.values():
        if line.text and (line.source not in by_source or by_source[line.source].fuzzy and not line.fuzzy):
            by_source[line.source] = line
    from babel.messages.catalog import Catalog, Message

    catalog = Catalog(locale=None, fuzzy=False)
    keys = {entry.key for entry in entries}
    sources = {entry.source for entry in entries}
    used: set[str] = set()
    for entry in entries:
        line = previous_lines.get(entry.key)
        if line is not None and line.source == entry.source:
            _add(catalog, entry, line.text, line.fuzzy, line.previous)
            kind = "kept" if line.text else "untranslated"
            used.add(entry.key)
        elif entry.source in by_source:
            moved = by_source[entry.source]
            _add(catalog, entry, moved.text, moved.fuzzy, moved.previous)
            kind = "moved"
            used.add(moved.key)
        elif line is not None and line.text and line.source not in sources:
            # Its old source is nowhere in the story now, so this is that text edited: the translator checks it.
            _add(catalog, entry, line.text, True, line.source)
            kind = "fuzzy"
            used.add(entry.key)
        else:
            _add(catalog, entry)
            kind = "untranslated"
        counts[kind] += 1
    for key, line in previous_lines.items():
        if key not in used and line.text and key not in keys:
            catalog.obsolete[(line.source, key)] = Message(line.source, line.text, context=key,
                                                          flags={"fuzzy"} if line.fuzzy else set())
            counts["obsolete"] += 1
    return _dump(catalog, lang), counts


def _dump(catalog: Catalog, lang: str | None) -> str:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=True, include_previous=True, sort_output=False)
    header = [
        'msgid ""', 'msgstr ""',
        '"Project-Id-Version: Curtain Light story\\n"',
        f'"Language: {lang}\\n"' if lang else '"Language: \\n"',
        '"MIME-Version: 1.0\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
    ]
    return "\n".join(header) + "\n\n" + buffer.getvalue().decode("utf-8")


def write_atomically(path: Path, text: str) -> None:
    """Write a catalogue whole or not at all: a crash never leaves half a translator's work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
