"""The loader's reading of the manifest: story and chapter variables, pages, quality limits, chapters and their files."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from game.core import storyfiles
from game.core.load_base import MANIFEST, LoaderBase, names
from game.core.model import Chapter, Page, Story, Variable
from game.core.schema import ID_PATTERN
from game.core.yamlsrc import YamlFile

_ID = re.compile(ID_PATTERN)


class ManifestReader(LoaderBase):
    """The manifest's pieces, read by the loader (its findings go to the file they are in)."""

    def variables(self, file: YamlFile, base: tuple, raw: Any, chapter: str | None) -> dict[str, Variable]:
        found: dict[str, Variable] = {}
        if not isinstance(raw, dict):
            return found
        for name, spec in raw.items():
            if not isinstance(spec, dict) or not isinstance(name, str) or not _ID.match(name):
                continue
            path = base + (name,)
            kind = spec.get("type")
            if kind not in ("int", "bool", "str", "enum"):
                continue
            values = spec.get("values")
            if kind == "enum":
                if not isinstance(values, list) or not values:
                    self.report(file, path, f"enum variable '{name}' needs a list of 'values'", "CL036", key=True)
                    continue
                values = tuple(str(value) for value in values)
            else:
                values = None
            low, high = spec.get("min"), spec.get("max")
            if kind != "int" and (low is not None or high is not None):
                self.report(file, path + ("min" if low is not None else "max",), "only int variables have a range", "CL036", key=True)
            if isinstance(low, int) and isinstance(high, int) and low > high:
                self.report(file, path + ("min",), f"min ({low}) is above max ({high})", "CL036")
            variable = Variable(name, kind, spec.get("initial"), self.at(file, path, key=True),
                                low if kind == "int" and isinstance(low, int) else None,
                                high if kind == "int" and isinstance(high, int) else None, values, chapter,
                                names(spec.get("renamed_from")))
            if not variable.fits(variable.initial):
                expected = {"int": "a whole number" + (f" from {low} to {high}" if low is not None and high is not None else ""),
                            "bool": "true or false", "str": "text", "enum": "one of " + ", ".join(values or ())}[kind]
                self.report(file, path + ("initial",), f"the initial value of '{name}' must be {expected}", "CL036")
                variable.initial = {"int": low if isinstance(low, int) else 0, "bool": False, "str": "", "enum": (values or ("",))[0]}[kind]
            found[name] = variable
        return found

    def pages(self, file: YamlFile, raw: Any) -> dict[str, Page]:
        pages: dict[str, Page] = {}
        if isinstance(raw, dict):
            for name, page in raw.items():
                if isinstance(page, dict) and isinstance(page.get("title"), str):
                    pages[name] = Page(page["title"], _paragraphs(page.get("text")))
        return pages

    def quality(self, file: YamlFile, raw: Any, story: Story) -> None:
        """The `quality:` thresholds for `main.py analyze`; the schema has checked their names and kinds."""
        if not isinstance(raw, dict):
            return
        for name, limits in raw.items():
            if isinstance(limits, dict):
                story.quality[str(name)] = {key: value for key, value in limits.items()
                                            if isinstance(value, (int, float)) and not isinstance(value, bool)}
                story.quality_locs[str(name)] = self.at(file, ("quality", name), key=True)

    def chapter(self, file: YamlFile, index: int, raw: dict, story: Story) -> Chapter | None:
        path = ("chapters", index)
        chapter_id, title, start = raw.get("id"), raw.get("title"), raw.get("start")
        if not isinstance(chapter_id, str) or not isinstance(title, str) or not isinstance(start, str):
            return None
        if chapter_id in self.chapter_ids:
            self.report(file, path + ("id",), f"chapter id '{chapter_id}' is used twice", "CL027")
            return None
        chapter = Chapter(chapter_id, title, start, self.at(file, path),
                          blurb=str(raw.get("blurb") or ""), inspired_by=str(raw.get("inspired_by") or ""),
                          start_loc=self.at(file, path + ("start",)))
        for name, variable in self.variables(file, path + ("variables",), raw.get("variables"), chapter_id).items():
            if name in story.variables:
                self.report(file, path + ("variables", name), f"variable '{name}' is already declared for the whole story", "CL038", key=True)
                continue
            chapter.variables[name] = variable
        story.chapters.append(chapter)
        self.chapter_ids.add(chapter_id)
        return chapter

    def chapter_files(self, file: YamlFile, index: int, raw: Any) -> list[Path]:
        if not isinstance(raw, (str, list)):
            return []  # the schema check reports what 'files' should be
        patterns = [raw] if isinstance(raw, str) else [p for p in raw if isinstance(p, str)]
        root = self.real_root()
        found: list[Path] = []
        seen: set[Path] = set()
        for number, pattern in enumerate(patterns):
            where = ("chapters", index, "files") if isinstance(raw, str) else ("chapters", index, "files", number)
            if storyfiles.leaves_folder(pattern):
                self.report(file, where, f"'{pattern}' leaves the story folder; paths are relative to {self.display(self.root)}", "CL013")
                continue
            inside, outside = storyfiles.expand(root, pattern)
            prefix = len(str(root).rstrip(os.sep)) + 1  # every match was built below the resolved folder
            inside = [self.root / str(m)[prefix:] for m in inside if m.name != MANIFEST]
            for match in outside:
                self.report(file, where, f"{self.display(self.root / match.relative_to(root))} is a link that leaves the story folder", "CL013")
            if not inside:
                self.report(file, where, f"'{pattern}' matches no file in {self.display(self.root)}; check the spelling of the file name", "CL013")
            for match in inside:
                if match not in seen:
                    seen.add(match)
                    found.append(match)
        return found


def _paragraphs(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [" ".join(str(item).split()) for item in raw if str(item).strip()]
    if isinstance(raw, str):
        return [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", raw) if block.strip()]
    return []
