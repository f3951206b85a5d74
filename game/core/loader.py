"""Load a story folder into the model, reporting every problem as a file:line:col diagnostic.

Loading never raises for anything a story file contains: broken files become findings and the
rest of the story still loads as far as it can, so an author sees every problem in one run.
"""
from __future__ import annotations

import copy
import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from game.core import storyfiles
from game.core.diagnostics import ERROR, WARNING, Diagnostic, sort_key
from game.core.expressions import Effect, Expr, ExprError, SimpleScope, compile_effects, compile_expression, effect_sources
from game.core.model import Chapter, Choice, Ending, Fact, Loc, Node, Page, SceneRef, Story, Variable
from game.core.registry import Catalogue
from game.core.schema import ID_PATTERN, SCHEMA, validator
from game.core.suggest import hint
from game.core.templates import Template, compile_template
from game.core.yamlsrc import YamlFile, entry_spot, read_yaml

MANIFEST = "story.yaml"
_ID = re.compile(ID_PATTERN)
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")
_fast_validate: Callable[[Any], Any] | None = None
_new_loc = tuple.__new__
# A node with only these keys has nothing else to read (most nodes are a text and a way on).
_PLAIN_NODE_KEYS = frozenset({"text", "choices", "next", "ending"})


@dataclass
class LoadResult:
    story: Story | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return self.story is not None and not self.errors


def load_story(root: Path | str, catalogue: Catalogue | None = None) -> LoadResult:
    """Read and compile a story folder. Graph checks are the checker's (check_story).

    `catalogue` is the game's scenes and ambiences (game/content/ for this one); without it any
    name is taken as written and scene parameters are not checked.
    """
    loader = _Loader(Path(root), catalogue)
    try:
        with collector_paused():
            return loader.load()
    except Exception as error:  # a last guard: an author sees a finding, never a traceback
        where = loader.display(Path(root) / MANIFEST)
        return LoadResult(None, [Diagnostic(where, 1, 1, ERROR,
            f"internal error while reading the story ({type(error).__name__}: {error}); please report it", "CL010")])


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a story loads.

    Loading builds many small objects that all live on, so the collector's repeated full passes
    over the growing heap find nothing and cost more than the load itself (measured on the
    10,000-node benchmark: 4.6 s with them, 2.3 s without).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not gc.get_freeze_count():
                # Everything the load made would be counted as new, and the first allocation after
                # `enable` would scan it all (1 s on 100,000 nodes) to find it still alive: move it
                # to the oldest generation at once instead, to be looked at with the rest of the
                # long-lived heap. (Only when nothing else is frozen, as unfreezing thaws it all.)
                gc.freeze()
                gc.unfreeze()
            gc.enable()


# Kept between loads by `reuse_between_loads`: compiled expressions and templates by the scope they
# were compiled in (its variables and node ids), and whether a parsed file's data fits the schema.
_compiled: dict[tuple, dict[tuple, Any]] | None = None
_schema_verdicts: dict[str, tuple[Any, bool]] | None = None
_KEPT_SCOPES = 16


def reuse_between_loads(on: bool = True) -> None:
    """For a process that loads one story again and again as it is edited (the language server):
    files whose bytes did not change are not parsed or validated again, and texts and conditions
    compiled in a scope with the same variables and node ids are not compiled again. Off by default."""
    global _compiled, _schema_verdicts
    from game.core.yamlsrc import remember_parsed

    remember_parsed(on)
    _compiled = {} if on else None
    _schema_verdicts = {} if on else None


def _scope_cache(variables: dict[str, Any], node_ids: set[str]) -> dict[tuple, Any]:
    """The compiled-source cache for a scope: a fresh one, or the one kept from an earlier load of the same scope."""
    if _compiled is None:
        return {}
    key = (frozenset(variables.items()), frozenset(node_ids))
    cache = _compiled.pop(key, None)
    if cache is None:
        cache = {}
        while len(_compiled) >= _KEPT_SCOPES:
            _compiled.pop(next(iter(_compiled)))
    else:  # dice are named by how many identical rolls came before them in this load: count afresh
        for stale in [k for k in cache if k and k[0] == "random-site"]:
            del cache[stale]
    _compiled[key] = cache
    return cache


def _schema_check(data: Any, name: str | None = None) -> bool:
    """A fast yes/no against the schema; the detailed (slower) walk runs only on failure.

    With `reuse_between_loads`, the verdict on a file (by `name`) is kept while its parse is the same."""
    if _schema_verdicts is not None and name is not None:
        known = _schema_verdicts.get(name)
        if known is not None and known[0] is data:
            return known[1]
        verdict = _schema_check_now(data)
        _schema_verdicts[name] = (data, verdict)  # one a file: an edited file's older parse is let go
        return verdict
    return _schema_check_now(data)


def _schema_check_now(data: Any) -> bool:
    global _fast_validate
    if _fast_validate is None:
        try:
            _fast_validate = _compile_yes_no(SCHEMA)
        except ImportError:  # fall back to the reference validator alone
            _fast_validate = validator().validate
    try:
        _fast_validate(data)
        return True
    except Exception:  # fastjsonschema and jsonschema raise their own error types
        return False


def _compile_yes_no(schema: dict) -> Callable[[Any], Any]:
    """fastjsonschema's validator for `schema`, without building an error name for every value it passes.

    The generated code formats a name such as `data.nodes.n5.choices[1]` (with `**locals()`) before
    descending into each node and choice: most of its time on a large story. Only whether the
    data is valid is asked of it here, so those names are left unformatted.
    """
    import fastjsonschema

    code = fastjsonschema.compile_to_code(copy.deepcopy(schema))  # it rewrites the refs it is given
    namespace: dict[str, Any] = {}
    code = code.replace(".format(**locals())", "")
    # The name handed down with each node and choice is built by string concatenation: not needed either.
    code = re.sub(r', custom_formats, \(name_prefix or "data"\) \+ "[^"\n]*"\)', ", custom_formats, None)", code)
    # Each refusal builds its message and a copy of the schema's part as a literal, and `oneOf` refuses
    # one of its options on every value (a text is not a list): a bare refusal says as much here.
    code = re.sub(r"raise JsonSchemaValueException\(.*, rule='\w+'\)$", "raise _Refused", code, flags=re.MULTILINE)
    namespace["_Refused"] = _refused_type()
    exec(compile(code, "<story schema>", "exec"), namespace)  # noqa: S102 - our own schema
    first = re.search(r"^def (\w+)\(", code, re.MULTILINE)
    if first is None:  # pragma: no cover - fastjsonschema always writes a function
        return fastjsonschema.compile(copy.deepcopy(schema))
    return namespace[first.group(1)]


def _refused_type() -> type:
    """A refusal of the yes/no validator: one of fastjsonschema's, so its `oneOf` catches it, made without a message."""
    from fastjsonschema import JsonSchemaValueException

    class Refused(JsonSchemaValueException):
        def __init__(self) -> None:  # noqa: D107 - nothing to say: only that the data does not fit
            Exception.__init__(self)

    return Refused


class _Loader:
    def __init__(self, root: Path, catalogue: Catalogue | None = None) -> None:
        self.root = root
        self.catalogue = catalogue
        self.diagnostics: list[Diagnostic] = []
        self.node_ids: set[str] = set()
        self.chapter_ids: set[str] = set()
        self._cwd: str | None = None
        self._real_root: Path | None = None

    # -- helpers ----------------------------------------------------------------
    def display(self, path: Path) -> str:
        """The path as findings show it: relative to the working folder when it lies inside it.

        Compared as text (what Path.relative_to does, at a fraction of its cost per node file).
        """
        if self._cwd is None:
            self._cwd = str(Path.cwd())
        shown = str(path)
        if shown == self._cwd:
            return "."
        base = self._cwd if self._cwd.endswith(os.sep) else self._cwd + os.sep
        return shown[len(base):] if shown.startswith(base) else shown

    def real_root(self) -> Path:
        """The story folder with every link resolved, found once per load."""
        if self._real_root is None:
            self._real_root = self.root.resolve()
        return self._real_root

    def at(self, file: YamlFile, path: tuple, *, key: bool = False) -> Loc:
        line, col, _ = file.spot(path, key=key)
        return _new_loc(Loc, (file.display, line, col))  # Loc(…) without the named tuple's Python-level __new__

    def at_entry(self, file: YamlFile, entry: Any, path: tuple, *, key: bool = False) -> Loc:
        """`at` from the value's entry when the caller holds it (see YamlFile.entries_below): no walk from the top."""
        spot = entry_spot(entry, key=key)
        if spot is None:
            return self.at(file, path, key=key)
        return _new_loc(Loc, (file.display, *spot))

    def report(self, file: YamlFile, path: tuple, message: str, code: str, *, key: bool = False, severity: str = ERROR) -> None:
        file.error(path, message, code, key=key, severity=severity)

    def expr_error(self, file: YamlFile, path: tuple, error: ExprError) -> None:
        line, col = file.text_position(path, error.offset)
        file.diagnostics.append(Diagnostic(file.display, line, col, ERROR, error.message, error.code))

    # -- the whole story --------------------------------------------------------
    def load(self) -> LoadResult:
        root = self.root
        if not root.exists():
            return self.fail(f"there is no story folder at {root}", "CL012")
        if not root.is_dir():
            return self.fail(f"{root} is a file; a story is a folder with a {MANIFEST} in it", "CL012")
        manifest_path = root / MANIFEST
        if not manifest_path.is_file():
            return self.fail(f"no {MANIFEST} in {root}: a story folder needs a manifest", "CL011", manifest_path)
        if storyfiles.refusal(root.resolve(), manifest_path) == "outside":
            return self.fail(f"{MANIFEST} is a link that leaves the story folder", "CL013", manifest_path)
        manifest = read_yaml(manifest_path, self.display(manifest_path))
        files = [manifest]
        if manifest.data is None and not manifest.diagnostics:
            self.report(manifest, (), f"{MANIFEST} is empty; it needs a title and chapters", "CL010")
        if not isinstance(manifest.data, dict) or "chapters" not in manifest.data:
            if isinstance(manifest.data, (dict, list, str, int)) or manifest.data is True:
                self.report(manifest, (), f"{MANIFEST} needs a 'title' and a list of 'chapters'", "CL010")
            return self.finish(None, files)
        self.validate(manifest)
        data = manifest.data
        story = Story(root=root, title=str(data.get("title") or root.name), chapters=[], nodes={},
                      tagline=str(data.get("tagline") or ""), catalogue=self.catalogue)
        if isinstance(data.get("fallback_text"), str) and data["fallback_text"].strip():
            story.fallback_text = data["fallback_text"].strip()
        story.files.append(manifest_path)
        story.variables = self.variables(manifest, ("variables",), data.get("variables"), None)
        story.pages = self.pages(manifest, data.get("pages"))
        self.quality(manifest, data.get("quality"), story)

        # First pass: chapters, their files, the raw nodes and chapter variables.
        claimed: dict[Path, str] = {}
        raw_nodes: list[tuple[Chapter, YamlFile, str]] = []
        raw_chapters = data.get("chapters") if isinstance(data.get("chapters"), list) else []
        for index, raw_chapter in enumerate(raw_chapters):
            if not isinstance(raw_chapter, dict):
                continue
            chapter = self.chapter(manifest, index, raw_chapter, story)
            if chapter is None:
                continue
            for node_path in self.chapter_files(manifest, index, raw_chapter.get("files")):
                if node_path in claimed:
                    where = ("chapters", index, "files")
                    self.report(manifest, where, f"{self.display(node_path)} already belongs to chapter '{claimed[node_path]}'", "CL014")
                    continue
                claimed[node_path] = chapter.id
                node_file = read_yaml(node_path, self.display(node_path), _duplicate_node_code)
                files.append(node_file)
                story.files.append(node_path)
                if not isinstance(node_file.data, dict):
                    if not node_file.diagnostics:
                        self.report(node_file, (), "a node file holds a mapping with 'nodes' (and optionally 'variables')", "CL010")
                    continue
                self.validate(node_file)
                for name, variable in self.variables(node_file, ("variables",), node_file.data.get("variables"), chapter.id).items():
                    if name in chapter.variables or name in story.variables:
                        self.report(node_file, ("variables", name), f"variable '{name}' is declared twice", "CL038", key=True)
                        continue
                    chapter.variables[name] = variable
                nodes = node_file.data.get("nodes")
                if isinstance(nodes, dict):
                    for node_id in nodes:
                        raw_nodes.append((chapter, node_file, node_id))

        # Node ids are story-wide: a second definition is an error wherever it is.
        first_seen: dict[str, Loc] = {}
        unique: list[tuple[Chapter, YamlFile, str]] = []
        below_nodes: dict[int, Any] = {}
        for chapter, node_file, node_id in raw_nodes:
            entries = below_nodes.get(id(node_file))
            if entries is None:
                entries = below_nodes[id(node_file)] = node_file.entries_below(("nodes",)) or {}
            loc = self.at_entry(node_file, entries.get(node_id) if entries.__class__ is dict else None,
                                ("nodes", node_id), key=True)
            if node_id in first_seen:
                first = first_seen[node_id]
                node_file.diagnostics.append(Diagnostic(loc.path, loc.line, loc.col, ERROR,
                    f"node '{node_id}' is already defined at {first.path}:{first.line}", "CL020"))
                continue
            first_seen[node_id] = loc
            unique.append((chapter, node_file, node_id))
        below_nodes.clear()  # each file's positions go with its last node (below), not at the end of the load
        self.node_ids = set(first_seen)

        # Second pass: compile every node with its chapter's scope.
        scopes = {}
        for chapter in story.chapters:
            infos = {name: var.info for name, var in story.variables_for(chapter.id).items()}
            scopes[chapter.id] = SimpleScope(infos, self.node_ids, _scope_cache(infos, self.node_ids))
        # A node file's data and positions are let go once its last node is compiled, so a large
        # story never holds all of its files and all of its nodes at once.
        last_use = {id(node_file): number for number, (_, node_file, _) in enumerate(unique)}
        for number, (chapter, node_file, node_id) in enumerate(unique):
            raw = node_file.data["nodes"][node_id]
            if isinstance(raw, dict):
                node = self.node(node_file, node_id, raw, chapter, scopes[chapter.id], first_seen[node_id])
                story.nodes[node_id] = node
                chapter.node_ids.append(node_id)
                if node.ending:
                    chapter.endings.append(node.ending)
            if last_use[id(node_file)] == number:
                node_file.release()
        statuses: dict[str, Any] = {}
        for raw_chapter in raw_chapters:
            if isinstance(raw_chapter, dict) and isinstance(raw_chapter.get("id"), str):
                statuses.setdefault(raw_chapter["id"], raw_chapter.get("status"))
        for index, chapter in enumerate(story.chapters):
            raw_status = statuses.get(chapter.id)
            if isinstance(raw_status, str):
                chapter.status = self.template(manifest, ("chapters", index, "status"), raw_status, scopes[chapter.id])
            self.check_endings(chapter, story)
        return self.finish(story, files)

    def fail(self, message: str, code: str, path: Path | None = None) -> LoadResult:
        where = self.display(path or self.root)
        return LoadResult(None, [Diagnostic(where, 1, 1, ERROR, message, code)])

    def finish(self, story: Story | None, files: list[YamlFile]) -> LoadResult:
        diagnostics = list(self.diagnostics)
        for file in files:
            diagnostics.extend(file.diagnostics)
        diagnostics.sort(key=sort_key)
        return LoadResult(story, diagnostics)

    # -- schema -----------------------------------------------------------------
    def validate(self, file: YamlFile) -> None:
        if _schema_check(file.data, f"{file.path}\0{file.display}"):
            return
        for error in validator().iter_errors(file.data):
            path = tuple(error.absolute_path)
            message, key, path = _explain(error, path)
            self.report(file, path, message, "CL010", key=key)

    # -- manifest pieces --------------------------------------------------------
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
                                _names(spec.get("renamed_from")))
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

    # -- nodes ------------------------------------------------------------------
    def node(self, file: YamlFile, node_id: str, raw: dict, chapter: Chapter, scope: SimpleScope, loc: Loc | None = None) -> Node:
        base = ("nodes", node_id)
        node = Node(node_id, chapter.id, loc or self.at(file, base, key=True))
        below = file.entries_below(base)
        below = below if below.__class__ is dict else {}
        node.text = self.paragraph_templates(file, base + ("text",), raw.get("text"), scope, node.text_keys)
        if not raw.keys() <= _PLAIN_NODE_KEYS:  # most nodes are a text and a way on: the rest is looked for only then
            if isinstance(raw.get("title"), str):
                node.title = raw["title"]
            if isinstance(raw.get("status"), str):
                node.status = self.template(file, base + ("status",), raw["status"], scope)
            tags = raw.get("tags")
            if isinstance(tags, list):
                node.tags = tuple(str(tag) for tag in tags)
            node.scene = self.scene(file, base + ("scene",), raw.get("scene"), scope)
            ambience = raw.get("ambience")
            if isinstance(ambience, str):
                known = self.catalogue
                if known is not None and not known.knows_ambience(ambience):
                    self.report(file, base + ("ambience",), f"unknown ambience '{ambience}'{_suggest(ambience, known.ambiences)}", "CL042")
                else:
                    node.ambience = ambience
            if "set" in raw:
                node.on_enter = self.effects(file, base + ("set",), raw["set"], scope)
            node.replaces = _names(raw.get("replaces"))
            image = raw.get("image")
            if isinstance(image, str):
                node.image = self.story_path(file, base + ("image",), image)
            fact = raw.get("fact")
            if isinstance(fact, dict) and isinstance(fact.get("figure"), str):
                node.fact = Fact(fact["figure"], self.at(file, base + ("fact",)), str(fact.get("label") or ""),
                                 str(fact.get("source") or ""))
        ways = [key for key in ("choices", "next", "ending") if key in raw]
        if len(ways) > 1:
            self.report(file, base, f"node '{node_id}' has {' and '.join(ways)}; give it exactly one way on", "CL010", key=True)
        if isinstance(raw.get("next"), str):
            node.next, node.next_loc = raw["next"], self.at_entry(file, below.get("next"), base + ("next",))
        if isinstance(raw.get("fallback"), str):
            node.fallback, node.fallback_loc = raw["fallback"], self.at(file, base + ("fallback",))
        ending = raw.get("ending")
        if isinstance(ending, dict) and isinstance(ending.get("id"), str) and isinstance(ending.get("title"), str):
            node.ending = Ending(ending["id"], ending["title"], node_id, self.at(file, base + ("ending",)),
                                 _names(ending.get("renamed_from")))
        choices = raw.get("choices")
        if isinstance(choices, list):
            keys: set[str] = set()
            entries = below.get("choices")
            entries = entries[1] if entries.__class__ is tuple and entries[1].__class__ is list else ()
            for index, raw_choice in enumerate(choices):
                if isinstance(raw_choice, dict):
                    entry = entries[index] if index < len(entries) else None
                    choice = self.choice(file, base + ("choices", index), index, raw_choice, scope, entry)
                    if choice is None:
                        continue
                    if choice.key in keys:
                        self.report(file, base + ("choices", index, "id"), f"choice id '{choice.key}' is used twice in this node", "CL027")
                    keys.add(choice.key)
                    node.choices.append(choice)
        return node

    def choice(self, file: YamlFile, path: tuple, index: int, raw: dict, scope: SimpleScope, entry: Any = None) -> Choice | None:
        """A choice; `entry` is its entry in the node's positions (YamlFile.entries_below), when known."""
        text, target = raw.get("text"), raw.get("to")
        if not isinstance(text, str) or not isinstance(target, str):
            return None
        given_id = raw.get("id")
        key = given_id if isinstance(given_id, str) else str(index)
        fields = entry[1] if entry.__class__ is tuple and entry[1].__class__ is dict else {}
        choice = Choice(self.template(file, path + ("text",), text, scope), target, self.at_entry(file, entry, path), key,
                        target_loc=self.at_entry(file, fields.get("to"), path + ("to",)))
        # Most choices are a text and a target: each other key is looked at only when it is there.
        if len(raw) > 2:
            if "if" in raw:
                choice.condition = self.condition(file, path + ("if",), raw["if"], scope)
            if "enabled" in raw:
                choice.enabled = self.condition(file, path + ("enabled",), raw["enabled"], scope)
            if isinstance(raw.get("reason"), str):
                choice.reason = self.template(file, path + ("reason",), raw["reason"], scope)
            if "set" in raw:
                choice.effects = self.effects(file, path + ("set",), raw["set"], scope)
            choice.once = raw.get("once") is True
            for note in ("reason_note", "deliberate"):
                if isinstance(raw.get(note), str):
                    setattr(choice, note, raw[note])
        choice.identity = key if isinstance(given_id, str) else f">{target}:{text}"
        return choice

    def condition(self, file: YamlFile, path: tuple, raw: Any, scope: SimpleScope) -> Expr | None:
        if raw is None or not isinstance(raw, (str, bool)):
            return None
        try:
            return compile_expression(raw, scope, want="bool")
        except ExprError as error:
            self.expr_error(file, path, error)
            return None

    def effects(self, file: YamlFile, path: tuple, raw: Any, scope: SimpleScope) -> list[Effect]:
        effects: list[Effect] = []
        for index, source in effect_sources(raw):
            where = path if index is None else path + (index,)
            if not isinstance(source, str):
                continue
            try:
                effects.extend(compile_effects(source, scope))
            except ExprError as error:
                self.expr_error(file, where, error)
        return effects

    def template(self, file: YamlFile, path: tuple, raw: str, scope: SimpleScope) -> Template:
        try:
            return compile_template(raw, scope)
        except ExprError as error:
            self.expr_error(file, path, error)
            return Template(raw, [raw.replace("{", "").replace("}", "")], frozenset(), frozenset())

    def paragraph_templates(self, file: YamlFile, path: tuple, raw: Any, scope: SimpleScope,
                            keys: list[str | None] | None = None) -> list[Template]:
        """The paragraphs of a text; `keys` gets each one's pinned translation key (`- {key: k, text: …}`) or None."""
        templates: list[Template] = []
        if isinstance(raw, str) and "\n" not in raw:
            if raw.strip():  # one paragraph, the common case: nothing to split
                templates.append(self.paragraph(file, path, raw, 0, raw, scope))
        elif isinstance(raw, str):
            offset = 0
            for block in _PARAGRAPH_BREAK.split(raw):
                if block.strip() and not _PARAGRAPH_BREAK.fullmatch(block):
                    templates.append(self.paragraph(file, path, raw, offset, block, scope))
                offset += len(block)
        elif isinstance(raw, list):
            for index, item in enumerate(raw):
                where, pinned = path + (index,), None
                if isinstance(item, dict) and isinstance(item.get("text"), str):
                    where, pinned = where + ("text",), item.get("key") if isinstance(item.get("key"), str) else None
                    item = item["text"]
                if isinstance(item, str) and item.strip():
                    templates.append(self.paragraph(file, where, item, 0, item, scope))
                    if keys is not None:
                        keys.append(pinned)
        if keys is not None and len(keys) < len(templates):
            keys.extend([None] * (len(templates) - len(keys)))
        return templates

    def paragraph(self, file: YamlFile, path: tuple, whole: str, offset: int, block: str, scope: SimpleScope) -> Template:
        joined = block.strip()
        if not joined.isprintable():  # only then can it hold a line break (of any kind) to join over
            joined = " ".join(line.strip() for line in joined.splitlines())
        try:
            return compile_template(joined, scope)
        except ExprError as error:
            # Find the offending spot in the original text: map the offset through the joined lines.
            lead = len(block) - len(block.lstrip())
            original = _unjoin_offset(block.strip(), error.offset)
            error.offset = offset + lead + original
            self.expr_error(file, path, error)
            return Template(joined, [joined.replace("{", "").replace("}", "")], frozenset(), frozenset())

    def scene(self, file: YamlFile, path: tuple, raw: Any, scope: SimpleScope) -> SceneRef | None:
        if raw is None:
            return None
        if isinstance(raw, str):
            raw = {"name": raw}
            name_path = path
        else:
            name_path = path + ("name",)
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            return None
        name = raw["name"]
        known = self.catalogue
        spec = known.scenes.get(name) if known is not None else None
        if known is not None and spec is None:
            self.report(file, name_path, f"unknown scene '{name}'{_suggest(name, known.scenes)}", "CL040")
            return None
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if key == "name":
                continue
            if spec is None:  # no catalogue: a literal as written, or one whole {expression} of any type
                whole = self.template(file, path + (key,), value, scope).whole_expression() \
                    if isinstance(value, str) and "{" in value else None
                params[key] = value if whole is None else whole
                continue
            param = spec.get(key)
            if param is None:
                self.report(file, path + (key,), f"scene '{name}' has no parameter '{key}'{_suggest(str(key), spec)}"
                            + (f"; it takes {', '.join(spec)}" if spec else "; it takes none"), "CL041", key=True)
                continue
            if isinstance(value, str) and "{" in value:
                template = self.template(file, path + (key,), value, scope)
                expr = template.whole_expression()
                if expr is None:
                    self.report(file, path + (key,), "a parameter is a literal or one whole {expression}", "CL041")
                    continue
                if expr.type != param.type_name:
                    self.report(file, path + (key,), f"'{key}' needs {param.describe()}, but {{{expr.source}}} is {_kind(expr.type)}", "CL041")
                    continue
                params[key] = expr
            elif param.accepts(value):
                params[key] = value
            else:
                self.report(file, path + (key,), f"'{key}' of scene '{name}' must be {param.describe()}, not {value!r}", "CL041")
        return SceneRef(name, params, self.at(file, path))

    def story_path(self, file: YamlFile, path: tuple, value: str) -> str | None:
        if storyfiles.leaves_folder(value):
            self.report(file, path, f"'{value}' leaves the story folder; paths are relative to it", "CL013")
            return None
        refusal = storyfiles.refusal(self.real_root(), self.root / value)
        if refusal == "outside":
            self.report(file, path, f"'{value}' is a link that leaves the story folder", "CL013")
        elif refusal == "not a file":
            self.report(file, path, f"'{value}' is not a plain file (a folder, device or pipe)", "CL043")
        elif refusal:
            self.report(file, path, f"there is no file '{value}' in the story folder", "CL043")
        else:
            refusal = storyfiles.picture_refusal(self.root / value)
            if refusal:
                self.report(file, path, f"'{value}' cannot be shown: {refusal}", "CL045")
        return None if refusal else value

    def check_endings(self, chapter: Chapter, story: Story) -> None:
        seen: dict[str, Ending] = {}
        for ending in chapter.endings:
            if ending.id in seen:
                first = seen[ending.id]
                self.diagnostics.append(Diagnostic(ending.loc.path, ending.loc.line, ending.loc.col, ERROR,
                    f"ending id '{ending.id}' is already used in this chapter at {first.loc.path}:{first.loc.line}", "CL027"))
            else:
                seen[ending.id] = ending


def _unjoin_offset(block: str, offset: int) -> int:
    """Map an offset in the lines-joined-by-spaces text back into the original block."""
    position = 0
    consumed = 0
    lines = block.splitlines(keepends=True)
    for line in lines:
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        if consumed + len(stripped) >= offset:
            return position + lead + (offset - consumed)
        consumed += len(stripped) + 1
        position += len(line)
    return min(offset, len(block))


def _paragraphs(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [" ".join(str(item).split()) for item in raw if str(item).strip()]
    if isinstance(raw, str):
        return [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", raw) if block.strip()]
    return []


def _names(raw: Any) -> tuple[str, ...]:
    """A name or a list of names (renamed_from, replaces), as a tuple."""
    return (raw,) if isinstance(raw, str) else tuple(name for name in raw if isinstance(name, str)) if isinstance(raw, list) else ()


def _duplicate_node_code(path: tuple) -> str:
    return "CL020" if path == ("nodes",) else "CL006"


def _suggest(name: str, known: Any) -> str:
    return hint(name, known)


def _kind(type_name: str) -> str:
    return {"int": "a whole number", "bool": "true or false", "str": "text"}.get(type_name, type_name)


_DEF_FOR_PATH = {"chapters": "chapter", "choices": "choice", "nodes": "node", "variables": "variable", "pages": "page"}


def _explain(error: Any, path: tuple) -> tuple[str, bool, tuple]:
    """A schema error in an author's words, and whether it points at a key."""
    kind = error.validator
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed]
        if extra:
            key = extra[0]
            hint = _suggest(str(key), allowed)
            where = "here" if not allowed else f"here; the keys are {', '.join(allowed)}"
            return f"unknown key '{key}'{hint}" + ("" if hint else f" {where}"), True, path + (key,)
    if kind == "required":
        return error.message.replace("is a required property", "is missing"), False, path
    if kind == "dependencies":
        return "a choice with 'enabled' also needs a 'reason', in words, for when it is unavailable", False, path
    if kind == "propertyNames":
        return f"'{instance}' is not a valid name: use letters, digits and _, not starting with a digit", True, path + (instance,)
    if kind in ("type", "oneOf"):
        wanted = error.schema.get("type")
        if kind == "oneOf":
            kinds = [option.get("type") for option in error.schema.get("oneOf", [])]
            wanted = " or ".join("text" if k == "string" else "a list" if k == "array" else "a mapping" if k == "object" else str(k) for k in kinds)
        elif isinstance(wanted, list):
            wanted = " or ".join(_json_kind(k) for k in wanted)
        else:
            wanted = _json_kind(wanted)
        name = path[-1] if path and isinstance(path[-1], str) else "this value"
        return f"'{name}' must be {wanted}, not {_describe_value(instance)}", False, path
    if kind == "pattern":
        return f"'{instance}' is not a valid id: use letters, digits and _", False, path
    if kind == "enum":
        return f"{instance!r} is not one of {', '.join(map(str, error.validator_value))}", False, path
    if kind == "minItems":
        return "this list may not be empty", False, path
    return error.message, False, path


def _json_kind(kind: Any) -> str:
    return {"string": "text", "integer": "a whole number", "boolean": "true or false", "array": "a list",
            "object": "a mapping", "number": "a number"}.get(kind, str(kind))


def _describe_value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
