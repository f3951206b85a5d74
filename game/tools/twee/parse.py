"""Reading a Twee 3 (or Twee 2 / Twee 1) file into passages: headers, tags, metadata, StoryData."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# Special passage names that configure a story rather than tell it. The Twee 3 names first,
# then those of SugarCube, Twine 1 and the Twee2 compiler; none of them becomes a node.
SPECIAL_NAMES: frozenset[str] = frozenset(
    {
        "StoryTitle", "StoryData", "StoryIncludes", "StorySettings", "StorySubtitle", "StoryAuthor",
        "StoryInit", "StoryCaption", "StoryMenu", "StoryBanner", "StoryInterface", "StoryShare",
        "StoryDisplayTitle", "PassageReady", "PassageDone", "PassageHeader", "PassageFooter",
        "MenuOptions", "MenuShare", "MenuStory", "MenuRestart", "MenuSaves",
    }
)
# Tags that make a passage code or furniture: Twee 3's script and stylesheet, Harlowe's
# startup/header/footer (and their debug- forms), SugarCube's widget, Twine 1's Twine.* tags.
SPECIAL_TAGS: frozenset[str] = frozenset(
    {
        "script", "stylesheet", "widget", "startup", "header", "footer",
        "debug-startup", "debug-header", "debug-footer", "Twine.image", "Twine.private", "annotation",
    }
)

# The Twee2 compiler's passage position, `<x,y>` at the end of the header.
_TWEE2_POSITION = re.compile(r"\s*<\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*>\s*$")


class TweeReadError(Exception):
    """The file cannot be imported at all: the message says why, in words."""


@dataclass(frozen=True)
class Warning_:
    line: int
    code: str
    message: str
    file: str = ""


# Codes whose findings on one line are gathered into one warning listing the pieces.
_LIST_MESSAGES: dict[str, str] = {
    "TW020": "not translated, kept as a comment: {}",
    "TW022": "JavaScript kept as a comment: {}",
    "TW024": "HTML markup dropped (kept as a comment): {}",
    "TW025": "Chapbook markup not translated (kept as a comment; the text it governs is kept): {}",
}


class Report:
    """Warnings by Twee line; several of one kind on one line become one warning."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, int, str], list[str]] = {}
        self.file = ""  # the Twee file being read: each warning names its file and line

    def add(self, line: int, code: str, item: str) -> None:
        items = self._items.setdefault((self.file, line, code), [])
        if item not in items:
            items.append(item)

    def snapshot(self) -> dict[tuple[str, int, str], list[str]]:
        return {key: list(items) for key, items in self._items.items()}

    def restore(self, snapshot: dict[tuple[str, int, str], list[str]]) -> None:
        self._items = {key: list(items) for key, items in snapshot.items()}

    def count(self, codes: frozenset[str]) -> int:
        """How many separate findings of these codes there are (several on one line count one each)."""
        return sum(len(items) for (_file, _line, code), items in self._items.items() if code in codes)

    def warnings(self) -> list[Warning_]:
        found = []
        order = {name: number for number, name in enumerate(dict.fromkeys(key[0] for key in self._items))}
        for (file, line, code), items in sorted(self._items.items(), key=lambda pair: (order[pair[0][0]], pair[0][1], pair[0][2])):
            template = _LIST_MESSAGES.get(code)
            message = template.format(", ".join(items)) if template else "; ".join(items)
            found.append(Warning_(line, code, message, file))
        return found


@dataclass
class Passage:
    name: str
    tags: list[str]
    line: int  # the header's line, 1-based
    body: str  # the content, newlines normalised, trailing blank lines removed
    body_line: int  # the line the body starts on
    metadata: dict[str, object] = field(default_factory=dict)
    file: str = ""  # the Twee file it comes from

    @property
    def special(self) -> bool:
        return self.name in SPECIAL_NAMES or any(tag in SPECIAL_TAGS for tag in self.tags)


@dataclass
class TweeFile:
    passages: list[Passage]
    report: Report
    title: str | None = None
    story_data: dict[str, object] = field(default_factory=dict)
    notation: str = "Twee 3"


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The file's text with a BOM removed and every line ending made `\\n`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TweeReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TweeReadError(f"{path}: is a folder, not a Twee file") from None
    except OSError as error:
        raise TweeReadError(f"{path}: cannot be read ({error.strerror or error})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A UTF-16 file (Windows editors write them) is text, so read it rather than refuse it.
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise TweeReadError(f"{path}: starts like UTF-16 text but does not decode as it") from None
    else:
        if b"\x00" in raw:
            raise TweeReadError(f"{path}: looks like a binary file, not Twee text")
        codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as error:
            raise TweeReadError(
                f"{path}: is not {encoding} text (byte {error.start} cannot be decoded); "
                "give its encoding with --encoding, e.g. --encoding cp1252"
            ) from None
        except LookupError:
            raise TweeReadError(f"unknown encoding {encoding!r}") from None
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unescape(text: str) -> str:
    # Twee 3: a backslash makes the next character literal (`\q` yields `q`).
    return re.sub(r"\\(.)", r"\1", text)


def _scan_to(text: str, start: int, stops: str) -> int:
    """Index of the first unescaped character of `stops` from `start`, or len(text)."""
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char in stops:
            return index
        index += 1
    return len(text)


def _matching_brace(text: str, start: int) -> int:
    """The `}` that closes the JSON object opening at `start`, skipping strings; -1 if none."""
    depth = 0
    in_string = False
    index = start
    while index < len(text):
        char = text[index]
        if in_string:
            if char == "\\":
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def parse_header(header: str, line: int, report: Report) -> tuple[str, list[str], dict[str, object], bool]:
    """Name, tags, metadata and whether it was a Twee2 header, from the text after `::`."""
    twee2 = False
    position = _TWEE2_POSITION.search(header)
    if position:
        twee2 = True
        header = header[: position.start()]
    name_end = _scan_to(header, 0, "[{")
    name = _unescape(header[:name_end]).strip()
    tags: list[str] = []
    metadata: dict[str, object] = {}
    rest = header[name_end:]
    # The spec puts the tag block before the metadata; some tools wrote them the other way round.
    for _ in range(2):
        rest = rest.lstrip()
        if rest.startswith("[") and not tags:
            close = _scan_to(rest, 1, "]")
            if close >= len(rest):
                report.add(line, "TW001", "the tag block is never closed with ']'; read to the end of the line")
            tags = [_unescape(tag) for tag in rest[1:close].split()]
            rest = rest[close + 1 :]
        elif rest.startswith("{") and not metadata:
            close = _matching_brace(rest, 0)
            chunk = rest if close < 0 else rest[: close + 1]
            try:
                value = json.loads(chunk)
                if not isinstance(value, dict):
                    raise ValueError("not an object")
                metadata = value
            except ValueError:
                report.add(line, "TW002", "the metadata block is not a JSON object; it is ignored")
            rest = "" if close < 0 else rest[close + 1 :]
    if rest.strip():
        report.add(line, "TW001", f"unexpected text after the passage name: {rest.strip()!r}; ignored")
    return name, tags, metadata, twee2


def parse_twee(text: str, report: Report) -> TweeFile:
    """Split the text into passages; StoryTitle and StoryData are read here too."""
    lines = text.split("\n")
    headers = [index for index, line in enumerate(lines) if line.startswith("::")]
    if headers and any(line.strip() for line in lines[: headers[0]]):
        first = next(index for index, line in enumerate(lines) if line.strip())
        report.add(first + 1, "TW005", "text before the first passage header is not part of any passage; ignored")
    passages: list[Passage] = []
    twee2_headers = 0
    for number, start in enumerate(headers):
        end = headers[number + 1] if number + 1 < len(headers) else len(lines)
        body_lines = lines[start + 1 : end]
        while body_lines and not body_lines[-1].strip():
            body_lines.pop()  # the spec: trailing blank lines are not content
        name, tags, metadata, twee2 = parse_header(lines[start][2:], start + 1, report)
        twee2_headers += twee2
        if not name:
            name = f"Untitled passage {start + 1}"
            report.add(start + 1, "TW001", f"a passage header with no name; called it {name!r}")
        passages.append(Passage(name, tags, start + 1, "\n".join(body_lines), start + 2, metadata, report.file))
    result = TweeFile(passages, report, notation="Twee 2" if twee2_headers else "Twee 3")
    read_metadata(result, report)
    return result


def read_metadata(result: TweeFile, report: Report) -> None:
    """The title from StoryTitle and the settings from StoryData (the first of each in passage order)."""
    result.title, result.story_data = None, {}
    for passage in result.passages:
        if passage.name == "StoryTitle" and result.title is None:
            result.title = " ".join(passage.body.split()) or None
        elif passage.name == "StoryData" and not result.story_data:
            try:
                data = json.loads(passage.body or "null")
                if not isinstance(data, dict):
                    raise ValueError("not an object")
                result.story_data = data
            except ValueError:
                report.add(passage.line, "TW003", "StoryData is not a JSON object; it is ignored")
