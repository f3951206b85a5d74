"""Several Twee files, or a folder of them, read as one story with Tweego's rules."""
from __future__ import annotations

from pathlib import Path

from game.tools.twee.parse import Report, TweeFile, TweeReadError, parse_twee, read_metadata, read_text

# The extensions Tweego reads as Twee source when it is given a folder.
TWEE_EXTENSIONS = (".tw", ".twee", ".tw2", ".twee2")


def source_files(paths: list[Path]) -> list[Path]:
    """The files to read, in order: each file as given, each folder's Twee files in name order, depth first."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TWEE_EXTENSIONS),
                key=lambda p: p.relative_to(path).parts,
            )
            if not inside:
                raise TweeReadError(f"{path}: the folder holds no Twee files ({', '.join(TWEE_EXTENSIONS)})")
            found.extend(inside)
        elif not path.exists():
            raise TweeReadError(f"{path}: no such file")
        else:
            found.append(path)
    unique: list[Path] = []
    for path in found:  # a file named twice, or in a folder also given, is read once
        if path.resolve() not in {p.resolve() for p in unique}:
            unique.append(path)
    return unique


def read_story(paths: list[Path], encoding: str, report: Report) -> tuple[TweeFile, list[str]]:
    """All the files' passages as one story, and the names the warnings give the files by."""
    files = source_files(paths)
    texts = [(str(path), read_text(path, encoding)) for path in files]
    return merge(texts, report), [name for name, _text in texts]


def merge(texts: list[tuple[str, str]], report: Report) -> TweeFile:
    """One story from several files' texts. As in Tweego, a later passage of a name replaces the earlier one, with a warning."""
    merged: TweeFile | None = None
    place: dict[str, int] = {}
    for name, text in texts:
        report.file = name
        twee = parse_twee(text, report)
        if merged is None:
            merged = TweeFile([], report, notation=twee.notation)
        elif twee.notation != merged.notation and twee.passages:
            merged.notation = f"{merged.notation} and {twee.notation}"
        for passage in twee.passages:
            if passage.name in place:
                earlier = merged.passages[place[passage.name]]
                where = f"{earlier.file}:{earlier.line}" if earlier.file != passage.file else f"line {earlier.line}"
                report.add(passage.line, "TW004", f"a second passage named {passage.name!r} replaces the one at {where}, as in Tweego")
                merged.passages[place[passage.name]] = passage
            else:
                place[passage.name] = len(merged.passages)
                merged.passages.append(passage)
    assert merged is not None
    report.file = ""
    quiet = Report()  # each file's own StoryData warnings were given as it was read
    read_metadata(merged, quiet)
    return merged
