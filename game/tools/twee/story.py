"""Building a Curtain Light story folder (story.yaml and nodes.yaml) from parsed Twee passages."""
from __future__ import annotations

import bisect
import keyword
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.tools.twee.body import FORMATS, PassageReader, ReadContext, Translation, clean_markup, format_from_story_data, guess_format, translate_passage
from game.tools.twee.common import BACK
from game.tools.twee.expr import both
from game.tools.twee.logic import LOSS_CODES, Figures, Logic
from game.tools.twee.losses import LOSS_LINE
from game.tools.twee.parse import Passage, Report, TweeFile, TweeReadError, Warning_
from game.tools.twee.render import LEAK, escape
from game.tools.twee.yamlout import comment_safe, dump, load, write_story

NODES_FILE = "nodes.yaml"
CHAPTER_ID = "main"

# Words that read as something other than a name: YAML's booleans and null, the expression
# language's literals, and Python keywords (expressions are parsed with Python's grammar).
_RESERVED = frozenset({"true", "false", "null", "none", "yes", "no", "on", "off", "y", "n"}) | frozenset(
    word.lower() for word in keyword.kwlist
)
# Passages whose `set`s run before the story starts: their literal values become initial values.
INIT_NAMES = frozenset({"StoryInit"})
INIT_TAGS = frozenset({"startup"})


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
    figures: Figures
    variables: int = 0  # declared
    dropped: int = 0  # source constructs that reached no player
    check_errors: int = 0  # what the story checker still refuses in the import (always 0 unless there is a bug)


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
        report.file = passage.file
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
    """Text that the template syntax shows as written: braces, bars and backslashes escaped."""
    return escape(text)


class StoryBuilder:
    def __init__(self, twee: TweeFile, report: Report, *, fmt: str | None = None, start: str | None = None, sources: int = 1) -> None:
        self.twee = twee
        self.report = report
        self.several = sources > 1  # notes then name their file as well as their line
        self.story = [passage for passage in twee.passages if not passage.special]
        if not self.story:
            raise TweeReadError("the file has no story passages, only special ones (StoryTitle, scripts, …)")
        self.fmt = fmt or format_from_story_data(twee.story_data.get("format")) or guess_format([p.body for p in self.story])
        self.ids = make_ids([passage.name for passage in self.story], self.story, report)
        # Duplicate names were resolved as the files were read (the later passage replaces the earlier).
        self.by_name: dict[str, int] = {passage.name: number for number, passage in enumerate(self.story)}
        self.leads_to: dict[str, set[str]] = {}  # node id → the node ids that link or go on to it
        self.current = ""  # the node being built
        self.folded: dict[str, list[str]] = {}
        for name in self.by_name:
            self.folded.setdefault(name.casefold(), []).append(name)
        self.title_of = {node_id: passage.name for node_id, passage in zip(self.ids, self.story)}
        self.special_names = {passage.name for passage in twee.passages if passage.special}
        self.start_name = self.find_start(start)
        self.logic = Logic(self.fmt, self.node_id_of)
        self.inlining: list[str] = []

    def find_start(self, option: str | None) -> str:
        self.report.file = next((p.file for p in self.twee.passages if p.name == "StoryData"), self.story[0].file)
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

    def number_of(self, name: str) -> int | None:
        if name in self.by_name:
            return self.by_name[name]
        folded = self.folded.get(name.casefold(), [])
        return self.by_name[folded[0]] if len(folded) == 1 else None

    def node_id_of(self, name: str) -> str | None:
        number = self.number_of(name)
        return None if number is None else self.ids[number]

    def resolve(self, target: str, line: int) -> str | None:
        """The node id a link names, or None (with a warning) when no story passage has that name."""
        if target == BACK:
            return self.resolve_back(line)
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

    def resolve_back(self, line: int) -> str | None:
        """"Back" as a choice to the one passage that leads here; dropped where several do, or none."""
        here = self.current
        came_from = sorted(self.leads_to.get(here, set()))
        if len(came_from) == 1 and here != self.ids[self.by_name[self.start_name]]:
            self.report.add(line, "TW036", f"a back link goes to {self.title_of[came_from[0]]!r}, the only passage that leads here; "
                            "state set since then stays set")
            return came_from[0]
        self.report.add(line, "TW015", f"a back link goes to wherever the player came from, and {len(came_from)} passages lead here; dropped")
        return None

    def find_leads(self, translations: list[Translation]) -> None:
        """Which passages link or go on to each node: what a back link can go to."""
        self.leads_to = {}
        for number, tr in enumerate(translations):
            for link in [*tr.links, *tr.gotos]:
                number_there = self.by_name.get(link.target)
                if number_there is not None:
                    self.leads_to.setdefault(self.ids[number_there], set()).add(self.ids[number])

    # -- reading passages

    def translate(self, passage: Passage, here: str, report: Report, *, initial: bool = False) -> Translation:
        report.file = passage.file
        ctx = ReadContext(self.logic, here, passage.name, self.inline, initial=initial)
        return translate_passage(passage.body, passage.body_line, self.fmt, self.by_name.keys(), report, ctx)

    def inline(self, name: str, reader: PassageReader) -> Translation | None:
        """An included passage (`(display:)`, `<<include>>`, `{embed passage}`), read inside the one including it."""
        number = self.number_of(name)
        if number is None or name in self.inlining or name == reader.ctx.passage or len(self.inlining) >= 8:
            return None
        passage = self.story[number]
        saved = reader.report.file
        self.inlining.append(name)
        reader.report.file = passage.file
        try:
            ctx = ReadContext(self.logic, reader.ctx.here, passage.name, self.inline, counting=False)
            return translate_passage(passage.body, passage.body_line, self.fmt, self.by_name.keys(), reader.report, ctx)
        finally:
            self.inlining.pop()
            reader.report.file = saved

    def read_all(self, report: Report) -> list[Translation]:
        start_id = self.ids[self.by_name[self.start_name]]
        for passage in self.twee.passages:
            if passage.name in INIT_NAMES or INIT_TAGS & set(passage.tags):
                self.translate(passage, start_id, report, initial=True)
        return [self.translate(passage, self.ids[number], report) for number, passage in enumerate(self.story)]

    # -- nodes

    def choice_text(self, text: str) -> str:
        return escape(clean_markup(text, self.fmt)[0].strip())

    def node(self, number: int, passage: Passage, tr: Translation) -> dict[str, Any]:
        self.report.file = passage.file
        node_id = self.current = self.ids[number]
        node: dict[str, Any] = {"title": passage.name}
        if passage.tags:
            node["tags"] = list(passage.tags)
        text = tr.text
        if not text.strip():
            text = escape(passage.name)
            if passage.body.strip():
                self.report.add(passage.line, "TW030", f"passage {passage.name!r} has no prose once its code is taken out; its name is used as its text")
            else:
                self.report.add(passage.line, "TW030", f"passage {passage.name!r} is empty; its name is used as its text")
        node["text"] = text
        if tr.effects:
            node["set"] = [effect.text() for effect in tr.effects]
        choices: list[dict[str, Any]] = []
        seen: set[tuple[str, str, str | None, tuple[str, ...]]] = set()
        dropped = 0

        def add(text: str, target: str, condition: str | None, effects: list[str]) -> None:
            key = (text, target, condition, tuple(effects))
            if key in seen:  # the same link twice is one choice
                return
            seen.add(key)
            choice: dict[str, Any] = {"text": text, "to": target}
            if condition:
                choice["if"] = condition
            if effects:
                choice["set"] = effects
            choices.append(choice)

        for link in tr.links:
            target = self.resolve(link.target, link.line)
            if target is None:
                dropped += link.target != BACK  # a back link that stays dropped was never a way on of its own
                continue
            add(self.choice_text(link.text or link.target), target, link.condition, [effect.text() for effect in link.effects])
        gotos, unresolved = self.gotos(tr)
        dropped += unresolved
        if gotos and gotos[-1][1] is None and choices:
            # A go-to always reached leaves the passage at once: its links are never seen.
            self.report.add(tr.gotos[0].line, "TW017", f"passage {passage.name!r} always goes on with a go-to, so its {len(choices)} links are never seen; they are left out")
            choices.clear()
            seen.clear()
        if gotos and all(condition is not None for _target, condition in gotos):
            # While a go-to's condition holds the passage is left at once: its links are never seen.
            guard = both([f"not ({condition})" for _target, condition in gotos if condition])
            for choice in choices:
                choice["if"] = both([c for c in (choice.get("if"), guard) if c])
        if gotos and not choices and len(gotos) == 1 and gotos[0][1] is None:
            node["next"] = gotos[0][0]
        elif gotos:
            self.report.add(tr.gotos[0].line, "TW017", "several go-tos, or go-tos beside links: each go-to becomes a choice named after its passage, under its condition")
            for target, condition in gotos:
                add(escape(self.title_of[target]), target, condition, [])
        if not choices and "next" not in node and tr.embeds:
            # A passage whose only way on is a passage it shows: continuing there shows the same.
            shown = {target for target in (self.resolve(embed.target, embed.line) for embed in tr.embeds) if target}
            if len(shown) == 1:
                node["next"] = shown.pop()
                self.report.add(tr.embeds[0].line, "TW018", f"passage {passage.name!r} has no link but shows passage {self.title_of[node['next']]!r}: it continues there")
        if choices:
            node["choices"] = choices
        elif "next" not in node:
            if dropped:
                self.report.add(passage.line, "TW011", f"passage {passage.name!r} has no way on left, so it becomes an ending")
            node["ending"] = {"id": node_id, "title": passage.name}
        return node

    def gotos(self, tr: Translation) -> tuple[list[tuple[str, str | None]], int]:
        """Each go-to's target and the condition under which it is the first one reached (a go-to leaves
        at once), and how many name no passage."""
        found: list[tuple[str, str | None]] = []
        earlier: list[str] = []
        unresolved = 0
        for goto in tr.gotos:
            target = self.resolve(goto.target, goto.line)
            if target is None:
                unresolved += 1
                continue
            found.append((target, both(([goto.condition] if goto.condition else []) + [f"not ({c})" for c in earlier])))
            if goto.condition is None:
                break  # nothing after an unconditional go-to is ever reached
            earlier.append(goto.condition)
        return found, unresolved

    # -- the whole story

    def build(self, source_name: str, *, verify: bool = True) -> ImportResult:
        self.read_all(Report())  # the first pass: only the evidence of the variables' types is kept
        self.logic.second_pass()
        before = self.report.snapshot()
        for _attempt in range(3):
            self.report.restore(before)
            self.logic.figures = Figures()
            result, spans = self.assemble(source_name)
            refused = self.refused_by_checker(result, spans) if verify else {}
            if not refused:
                return result
            # Nodes whose logic the checker refuses are imported again without it, each with a warning.
            self.logic.refused.update(refused)
        result.check_errors = len(self.refused_by_checker(result, spans))
        return result

    def assemble(self, source_name: str) -> tuple[ImportResult, list[tuple[int, str]]]:
        translations = self.read_all(self.report)
        self.find_leads(translations)
        nodes: dict[str, dict[str, Any]] = {}
        blocks: list[str] = []
        leaks = 0
        for number, (passage, tr) in enumerate(zip(self.story, translations)):
            node = self.node(number, passage, tr)
            node_id = self.ids[number]
            nodes[node_id] = node
            where = (lambda line: f"{comment_safe(Path(passage.file).name)}:{line}") if self.several else str
            comments = [f"# twee: {where(note.line)}: {comment_safe(note.source)}" for note in tr.notes]
            body = dump({node_id: node})
            indented = "\n".join(("  " + line) if line else line for line in body.rstrip("\n").split("\n"))
            blocks.append("\n".join(["  " + comment for comment in comments] + [indented]))
            leaks += sum(len(LEAK.findall(choice["text"])) for choice in node.get("choices", []))
        self.logic.figures.leaks += leaks
        title = self.twee.title or str(self.twee.story_data.get("name") or "").strip() or Path(source_name).stem
        header = self.header_comments(source_name)
        nodes_yaml = "\n".join(header) + "\nnodes:\n"
        spans: list[tuple[int, str]] = []  # (first line, node id) of each node's block, for the checker's findings
        for node_id, block in zip(nodes, blocks):
            spans.append((nodes_yaml.count("\n") + 1, node_id))
            nodes_yaml += block + "\n\n"
        nodes_yaml = nodes_yaml.rstrip("\n") + "\n"
        start_id = self.ids[self.by_name[self.start_name]]
        chapter: dict[str, Any] = {"id": CHAPTER_ID, "title": title, "start": start_id, "files": [NODES_FILE]}
        declared = self.logic.variables.declarations()
        if declared:
            chapter["variables"] = declared
        manifest = {"title": title, "format": 1, "chapters": [chapter]}
        described = f"{self.twee.notation}, {self.describe_format()}"
        ifid = self.twee.story_data.get("ifid")
        story_yaml = f"# Imported from {comment_safe(Path(source_name).name)} ({comment_safe(described)})"
        if isinstance(ifid, str):
            story_yaml += f", IFID {comment_safe(ifid)}"
        dropped = self.report.count(LOSS_CODES)
        story_yaml += f" by `main.py import-twee`.\n# {LOSS_LINE.format(dropped)}\n" + dump(manifest)
        # The output must read back as exactly what was meant; anything else is a bug here.
        if load(nodes_yaml) != {"nodes": nodes} or load(story_yaml) != manifest:
            raise AssertionError("the YAML written does not read back as the story built")
        result = ImportResult(
            title=title,
            fmt=self.fmt,
            notation=self.twee.notation,
            passages=len(self.twee.passages),
            nodes=len(nodes),
            choices=sum(len(node.get("choices", [])) for node in nodes.values()),
            endings=sum("ending" in node for node in nodes.values()),
            start=start_id,
            warnings=self.report.warnings(),
            story_yaml=story_yaml,
            nodes_yaml=nodes_yaml,
            figures=self.logic.figures,
            variables=len(declared),
            dropped=dropped,
        )
        return result, spans

    def refused_by_checker(self, result: ImportResult, spans: list[tuple[int, str]]) -> dict[str, str]:
        """The nodes the real story checker finds errors in, with its first message for each."""
        import tempfile

        from game.content import CATALOGUE
        from game.core.checker import check_story

        with tempfile.TemporaryDirectory(prefix="twee-import-") as folder:
            write_story(result.story_yaml, result.nodes_yaml, Path(folder), force=True)
            checked = check_story(folder, CATALOGUE)
        refused: dict[str, str] = {}
        for diagnostic in checked.errors:
            if Path(diagnostic.path).name != NODES_FILE:
                continue
            number = bisect.bisect_right([line for line, _ in spans], diagnostic.line) - 1
            if number >= 0:
                refused.setdefault(spans[number][1], diagnostic.message)
        unplaced = [d for d in checked.errors if Path(d.path).name != NODES_FILE]
        if unplaced:  # a declaration the checker refuses is a bug here: say so rather than hide it
            refused.setdefault("", unplaced[0].message)
        return refused

    def describe_format(self) -> str:
        declared = self.twee.story_data.get("format")
        if isinstance(declared, str):
            version = self.twee.story_data.get("format-version")
            return f"story format {declared}{' ' + str(version) if version else ''}"
        return f"story format guessed as {self.fmt}"

    def header_comments(self, source_name: str) -> list[str]:
        """Comments at the top of nodes.yaml: where it came from, and the special passages."""
        what = "line N of it" if not self.several else "line N of FILE"
        form = "N" if not self.several else "FILE:N"
        lines = [f"# Imported from {comment_safe(Path(source_name).name)} by `main.py import-twee`; `# twee: {form}:` comments quote {what}."]
        for passage in self.twee.passages:
            if not passage.special or passage.name in ("StoryTitle", "StoryData"):
                continue
            self.report.file = passage.file
            tags = f" [{' '.join(passage.tags)}]" if passage.tags else ""
            code = {"script": "JavaScript", "stylesheet": "CSS"}.get(next((t for t in passage.tags if t in ("script", "stylesheet")), ""), "")
            count = len(passage.body.split("\n")) if passage.body else 0
            if code:
                lines.append(f"# twee: {passage.line}: :: {comment_safe(passage.name)}{comment_safe(tags)} ({count} lines of {code}, not imported)")
                self.report.add(passage.line, "TW006", f"passage {passage.name!r} holds {code}, which a story cannot run; skipped")
                continue
            lines.append(f"# twee: {passage.line}: :: {comment_safe(passage.name)}{comment_safe(tags)}")
            for offset, source in enumerate(passage.body.split("\n") if passage.body else []):
                if source.strip():
                    lines.append(f"# twee: {passage.body_line + offset}: {comment_safe(source.rstrip())}")
            initial = " (its values are the variables' initial values)" if passage.name in INIT_NAMES or INIT_TAGS & set(passage.tags) else ""
            self.report.add(passage.line, "TW006", f"special passage {passage.name!r}{tags} is not a story node{initial}; kept as a comment at the top of {NODES_FILE}")
        self.report.file = ""
        return lines


def write_result(result: ImportResult, out_dir: Path, *, force: bool) -> None:
    write_story(result.story_yaml, result.nodes_yaml, out_dir, force=force, nodes_file=NODES_FILE)


def import_twee(text: str, source_name: str, *, fmt: str | None = None, start: str | None = None, verify: bool = True) -> ImportResult:
    """The whole translation, from one Twee text to the two YAML files' contents."""
    return import_texts([(source_name, text)], fmt=fmt, start=start, verify=verify)


def import_texts(texts: list[tuple[str, str]], *, fmt: str | None = None, start: str | None = None, verify: bool = True) -> ImportResult:
    """Several Twee files' texts, (name, text), as one story: later passages of a name replace earlier ones."""
    from game.tools.twee.sources import merge

    if fmt is not None and fmt not in FORMATS:
        raise TweeReadError(f"unknown story format {fmt!r}; one of: {', '.join(FORMATS)}")
    report = Report()
    twee = merge(texts, report)
    names = ", ".join(name for name, _ in texts)
    if not twee.passages:
        raise TweeReadError(f"{names}: no passages (a passage starts with a line '::  Name')")
    source_name = texts[0][0] if len(texts) == 1 else f"{len(texts)} files"
    return StoryBuilder(twee, report, fmt=fmt, start=start, sources=len(texts)).build(source_name, verify=verify)
