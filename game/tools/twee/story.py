"""Building a Curtain Light story folder (story.yaml and nodes.yaml) from parsed Twee passages."""
from __future__ import annotations

import keyword
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from game.tools.twee.body import FORMATS, Translation, format_from_story_data, guess_format, translate_passage
from game.tools.twee.parse import Passage, Report, TweeFile, TweeReadError, Warning_

NODES_FILE = "nodes.yaml"
CHAPTER_ID = "main"

# Words that read as something other than a name: YAML's booleans and null, the expression
# language's literals, and Python keywords (expressions are parsed with Python's grammar).
_RESERVED = frozenset({"true", "false", "null", "none", "yes", "no", "on", "off", "y", "n"}) | frozenset(
    word.lower() for word in keyword.kwlist
)
# Characters YAML reads as line breaks or refuses outright; a comment must not hold them.
_UNSAFE_IN_COMMENT = re.compile("[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


@dataclass
class ImportResult:
    title: str
    fmt: str
    notation: str
    passages: int
    nodes: int
    choices: int
    endings: int
    start: str
    warnings: list[Warning_]
    story_yaml: str
    nodes_yaml: str


def make_id(name: str) -> str:
    """A node id from a passage name: lowercase ASCII letters, digits and `_`."""
    # Accents go (é -> e) rather than the whole letter, so names in other languages stay readable.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    if not slug:
        return "passage"
    if slug[0].isdigit() or slug in _RESERVED:
        slug = "p_" + slug
    return slug


def make_ids(names: list[str], passages: list[Passage], report: Report) -> list[str]:
    """Unique ids in passage order; a name that collides gets `_2`, `_3`…"""
    taken: set[str] = set()
    ids: list[str] = []
    seen_names: set[str] = set()
    for name, passage in zip(names, passages):
        base = make_id(name)
        node_id = base
        suffix = 2
        while node_id in taken:
            node_id = f"{base}_{suffix}"
            suffix += 1
        if node_id != base and name not in seen_names:  # a repeated name has its own warning
            report.add(passage.line, "TW031", f"passage {name!r} would get the id {base!r}, which is taken; it is {node_id!r}")
        taken.add(node_id)
        seen_names.add(name)
        ids.append(node_id)
    return ids


def escape_template(text: str) -> str:
    """Text that the template syntax shows as written: braces doubled, backslashes doubled."""
    return text.replace("\\", "\\\\").replace("{", "{{").replace("}", "}}")


def _comment_safe(text: str) -> str:
    return _UNSAFE_IN_COMMENT.sub(lambda found: f"\\u{ord(found.group(0)):04x}", text)


# libyaml's C emitter and parser when present: the pure-Python ones take seconds on a big story.
_BaseDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Safe dumping, multi-line text as `|` blocks, and never an alias (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: Any, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    if any(char in data for char in "\x85\u2028\u2029\ufeff"):
        # YAML reads these as line breaks (or a byte-order mark) when written raw; only the
        # double-quoted style writes them as escapes.
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)


class StoryBuilder:
    def __init__(self, twee: TweeFile, report: Report, *, fmt: str | None = None, start: str | None = None) -> None:
        self.twee = twee
        self.report = report
        self.story = [passage for passage in twee.passages if not passage.special]
        if not self.story:
            raise TweeReadError("the file has no story passages, only special ones (StoryTitle, scripts, …)")
        self.fmt = fmt or format_from_story_data(twee.story_data.get("format")) or guess_format([p.body for p in self.story])
        self.ids = make_ids([passage.name for passage in self.story], self.story, report)
        self.by_name: dict[str, int] = {}
        for number, passage in enumerate(self.story):
            if passage.name in self.by_name:
                first = self.story[self.by_name[passage.name]]
                report.add(
                    passage.line,
                    "TW004",
                    f"a second passage named {passage.name!r} (the first is at line {first.line}); "
                    f"links go to the first, this one is imported as {self.ids[number]!r}",
                )
            else:
                self.by_name[passage.name] = number
        self.folded: dict[str, list[str]] = {}
        for name in self.by_name:
            self.folded.setdefault(name.casefold(), []).append(name)
        self.title_of = {node_id: passage.name for node_id, passage in zip(self.ids, self.story)}
        self.special_names = {passage.name for passage in twee.passages if passage.special}
        self.start_name = self.find_start(start)

    def find_start(self, option: str | None) -> str:
        if option is not None:
            if option not in self.by_name:
                raise TweeReadError(f"--start {option!r}: there is no story passage of that name")
            return option
        declared = self.twee.story_data.get("start")
        if isinstance(declared, str) and declared:
            if declared in self.by_name:
                return declared
            line = next((p.line for p in self.twee.passages if p.name == "StoryData"), 1)
            fallback = "Start" if "Start" in self.by_name else self.story[0].name
            self.report.add(line, "TW007", f"StoryData names the start passage {declared!r}, which does not exist; starting at {fallback!r}")
            return fallback
        if "Start" in self.by_name:
            return "Start"
        first = self.story[0]
        self.report.add(first.line, "TW007", f"no StoryData start and no passage named 'Start': the story starts at the first passage, {first.name!r}")
        return first.name

    def resolve(self, target: str, line: int) -> str | None:
        """The node id a link names, or None (with a warning) when no story passage has that name."""
        if target in self.by_name:
            return self.ids[self.by_name[target]]
        folded = self.folded.get(target.casefold(), [])
        if len(folded) == 1:
            self.report.add(line, "TW014", f"no passage {target!r}; the link goes to {folded[0]!r}, which differs only in case")
            return self.ids[self.by_name[folded[0]]]
        if target in self.special_names:
            self.report.add(line, "TW011", f"link to the special passage {target!r}, which is not a story node; the choice is dropped")
        else:
            self.report.add(line, "TW011", f"link to {target!r}: there is no such passage; the choice is dropped")
        return None

    def node(self, number: int, passage: Passage) -> tuple[dict[str, Any], Translation]:
        node_id = self.ids[number]
        tr = translate_passage(passage.body, passage.body_line, self.fmt, self.by_name.keys(), self.report)
        node: dict[str, Any] = {"title": passage.name}
        if passage.tags:
            node["tags"] = list(passage.tags)
        text = tr.text
        if not text.strip():
            text = passage.name
            if passage.body.strip():
                self.report.add(passage.line, "TW030", f"passage {passage.name!r} has no prose once its code is taken out; its name is used as its text")
            else:
                self.report.add(passage.line, "TW030", f"passage {passage.name!r} is empty; its name is used as its text")
        node["text"] = escape_template(text)
        choices: list[dict[str, str]] = []
        seen: set[tuple[str, str]] = set()
        dropped = 0
        for link in tr.links:
            target = self.resolve(link.target, link.line)
            if target is None:
                dropped += 1
                continue
            choice_text = escape_template(link.text or link.target)
            if (choice_text, target) not in seen:  # the same link twice is one choice
                seen.add((choice_text, target))
                choices.append({"text": choice_text, "to": target})
        gotos: list[tuple[str, str]] = []
        for goto in tr.gotos:
            target = self.resolve(goto.target, goto.line)
            if target is None:
                dropped += 1
            else:
                gotos.append((target, self.title_of[target]))
        if gotos and not choices and len({target for target, _ in gotos}) == 1:
            node["next"] = gotos[0][0]
        elif gotos:
            self.report.add(
                tr.gotos[0].line,
                "TW017",
                "several go-tos, or go-tos beside links: each go-to becomes a choice named after its passage (their conditions are lost)",
            )
            for target, title in gotos:
                choice_text = escape_template(title)
                if (choice_text, target) not in seen:
                    seen.add((choice_text, target))
                    choices.append({"text": choice_text, "to": target})
        if not choices and "next" not in node and tr.embeds:
            # A passage whose only way on is a passage it shows: continuing there shows the same.
            shown = {target for target in (self.resolve(embed.target, embed.line) for embed in tr.embeds) if target}
            if len(shown) == 1:
                node["next"] = shown.pop()
                self.report.add(
                    tr.embeds[0].line,
                    "TW018",
                    f"passage {passage.name!r} has no link but shows passage {self.title_of[node['next']]!r}: it continues there",
                )
        if choices:
            node["choices"] = choices
        elif "next" not in node:
            if dropped:
                self.report.add(passage.line, "TW011", f"passage {passage.name!r} has no way on left, so it becomes an ending")
            node["ending"] = {"id": node_id, "title": passage.name}
        return node, tr

    def build(self, source_name: str) -> ImportResult:
        nodes: dict[str, dict[str, Any]] = {}
        blocks: list[str] = []
        for number, passage in enumerate(self.story):
            node, tr = self.node(number, passage)
            node_id = self.ids[number]
            nodes[node_id] = node
            comments = [f"# twee: {note.line}: {_comment_safe(note.source)}" for note in tr.notes]
            body = dump({node_id: node})
            indented = "\n".join(("  " + line) if line else line for line in body.rstrip("\n").split("\n"))
            blocks.append("\n".join(["  " + comment for comment in comments] + [indented]))
        title = self.twee.title or str(self.twee.story_data.get("name") or "").strip() or Path(source_name).stem
        header = self.header_comments(source_name)
        nodes_yaml = "\n".join(header) + "\nnodes:\n" + "\n\n".join(blocks) + "\n"
        start_id = self.ids[self.by_name[self.start_name]]
        manifest = {
            "title": title,
            "format": 1,
            "chapters": [{"id": CHAPTER_ID, "title": title, "start": start_id, "files": [NODES_FILE]}],
        }
        described = f"{self.twee.notation}, {self.describe_format()}"
        ifid = self.twee.story_data.get("ifid")
        story_yaml = f"# Imported from {_comment_safe(Path(source_name).name)} ({_comment_safe(described)})"
        if isinstance(ifid, str):
            story_yaml += f", IFID {_comment_safe(ifid)}"
        story_yaml += " by `main.py import-twee`.\n" + dump(manifest)
        # The output must read back as exactly what was meant; anything else is a bug here.
        loaded = yaml.load(nodes_yaml, Loader=_Loader)
        if loaded != {"nodes": nodes} or yaml.load(story_yaml, Loader=_Loader) != manifest:
            raise AssertionError("the YAML written does not read back as the story built")
        endings = sum("ending" in node for node in nodes.values())
        choices = sum(len(node.get("choices", [])) for node in nodes.values())
        return ImportResult(
            title=title,
            fmt=self.fmt,
            notation=self.twee.notation,
            passages=len(self.twee.passages),
            nodes=len(nodes),
            choices=choices,
            endings=endings,
            start=start_id,
            warnings=self.report.warnings(),
            story_yaml=story_yaml,
            nodes_yaml=nodes_yaml,
        )

    def describe_format(self) -> str:
        declared = self.twee.story_data.get("format")
        if isinstance(declared, str):
            version = self.twee.story_data.get("format-version")
            return f"story format {declared}{' ' + str(version) if version else ''}"
        return f"story format guessed as {self.fmt}"

    def header_comments(self, source_name: str) -> list[str]:
        """Comments at the top of nodes.yaml: where it came from, and the special passages."""
        lines = [f"# Imported from {_comment_safe(Path(source_name).name)} by `main.py import-twee`; `# twee: N:` comments quote line N of it."]
        for passage in self.twee.passages:
            if not passage.special or passage.name in ("StoryTitle", "StoryData"):
                continue
            tags = f" [{' '.join(passage.tags)}]" if passage.tags else ""
            code = {"script": "JavaScript", "stylesheet": "CSS"}.get(next((t for t in passage.tags if t in ("script", "stylesheet")), ""), "")
            count = len(passage.body.split("\n")) if passage.body else 0
            if code:
                lines.append(f"# twee: {passage.line}: :: {_comment_safe(passage.name)}{_comment_safe(tags)} ({count} lines of {code}, not imported)")
                self.report.add(passage.line, "TW006", f"passage {passage.name!r} holds {code}, which a story cannot run; skipped")
                continue
            lines.append(f"# twee: {passage.line}: :: {_comment_safe(passage.name)}{_comment_safe(tags)}")
            for offset, source in enumerate(passage.body.split("\n") if passage.body else []):
                if source.strip():
                    lines.append(f"# twee: {passage.body_line + offset}: {_comment_safe(source.rstrip())}")
            self.report.add(passage.line, "TW006", f"special passage {passage.name!r}{tags} is not a story node; kept as a comment at the top of {NODES_FILE}")
        return lines


def write_story(result: ImportResult, out_dir: Path, *, force: bool) -> None:
    """Write story.yaml and nodes.yaml, refusing to mix them into a folder that holds anything."""
    if out_dir.exists() and not out_dir.is_dir():
        raise TweeReadError(f"{out_dir}: exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise TweeReadError(f"{out_dir}: the folder is not empty; use --force to write into it anyway")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "story.yaml").write_text(result.story_yaml, encoding="utf-8")
        (out_dir / NODES_FILE).write_text(result.nodes_yaml, encoding="utf-8")
    except OSError as error:
        raise TweeReadError(f"{out_dir}: cannot write the story ({error.strerror or error})") from None


def import_twee(text: str, source_name: str, *, fmt: str | None = None, start: str | None = None) -> ImportResult:
    """The whole translation, from Twee text to the two YAML files' contents."""
    from game.tools.twee.parse import parse_twee

    if fmt is not None and fmt not in FORMATS:
        raise TweeReadError(f"unknown story format {fmt!r}; one of: {', '.join(FORMATS)}")
    report = Report()
    twee = parse_twee(text, report)
    if not twee.passages:
        raise TweeReadError(f"{source_name}: no passages (a passage starts with a line '::  Name')")
    return StoryBuilder(twee, report, fmt=fmt, start=start).build(source_name)
