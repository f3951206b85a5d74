"""The language server's features over LSP (pygls): diagnostics as you type, definitions, references, completion, hover, rename, fixes."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from game import __version__
from game.core.diagnostics import CODES, Diagnostic
from game.core.schema import SCHEMA
from game.tools.lsp.index import Mirror, Place, StoryIndex, describe_param, describe_variable

DOCS = Path(__file__).resolve().parents[3] / "docs"
_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
_NODE_SLOT = re.compile(r"(?:\b(?:to|next|start|fallback)\s*:\s*|\b(?:seen|visits)\(\s*['\"]?)([\w-]*)$")
_SCENE_PARAM = re.compile(r"scene\s*:\s*\{\s*name\s*:\s*(\w+)\s*,(?:[^,{}]*,)*\s*(\w*)$")
_SCENE_NAME = re.compile(r"(?:scene\s*:\s*(?:\{\s*name\s*:\s*)?)(\w*)$")
_AMBIENCE = re.compile(r"ambience\s*:\s*(\w*)$")
_EXPRESSION = re.compile(r"(?:\b(?:if|enabled|set)\s*:.*|\{[^}]*)$")
_KEY = re.compile(r"^(\s*)(-\s+)?(\w*)$")


class StoryServer(LanguageServer):
    """Keeps one checked index per story folder, rebuilt from the open buffers on every change."""

    def __init__(self) -> None:
        super().__init__("curtain-light", __version__)
        self.indexes: dict[Path, StoryIndex] = {}
        self.mirrors: dict[Path, Mirror] = {}

    def story_root(self, path: Path) -> Path | None:
        for folder in [path.parent, *path.parent.parents]:
            if (folder / "story.yaml").is_file():
                return folder.resolve()
        return None

    def refresh(self, uri: str) -> StoryIndex | None:
        path = Path(to_fs_path(uri) or "")
        root = self.story_root(path)
        if root is None:
            return None
        buffers = {}
        for document in self.workspace.text_documents.values():
            doc_path = Path(to_fs_path(document.uri) or "")
            if self.story_root(doc_path) == root:
                buffers[doc_path.resolve()] = document.source
        previous = self.indexes.get(root)
        mirror = self.mirrors.setdefault(root, Mirror(root))
        index = StoryIndex.build(root, buffers, mirror)
        if previous is not None and previous.story is not None and index.unreadable:
            # Half-typed YAML does not parse; names keep coming from the last story that did.
            index.story = previous.story
        self.indexes[root] = index
        shown = set(index.lines) | set(index.diagnostics) | (set(previous.lines) if previous else set())
        versions = {Path(to_fs_path(d.uri) or "").resolve(): d.version for d in self.workspace.text_documents.values()}
        for file in sorted(shown):
            found = [to_lsp_diagnostic(d, index.line_text(file, d.line)) for d in index.diagnostics.get(file, [])]
            # The buffer's version tells the editor which text these findings belong to.
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=from_fs_path(str(file)) or "", diagnostics=found, version=versions.get(file)))
        return index

    def index_for(self, uri: str) -> tuple[StoryIndex | None, Path]:
        path = Path(to_fs_path(uri) or "").resolve()
        root = self.story_root(path)
        if root is None:
            return None, path
        return self.indexes.get(root) or self.refresh(uri), path


def location(place: Place) -> lsp.Location:
    start = lsp.Position(place.line - 1, place.col - 1)
    return lsp.Location(uri=from_fs_path(str(place.path)) or "", range=lsp.Range(start, lsp.Position(start.line, start.character + place.length)))


def to_lsp_diagnostic(diagnostic: Diagnostic, text: str) -> lsp.Diagnostic:
    """The finding over the word it points at (or to the end of its line), as LSP counts lines and columns."""
    line, col = max(diagnostic.line - 1, 0), max(diagnostic.col - 1, 0)
    word = re.match(r"[\w-]+", text[col:]) if text else None
    end = col + (len(word.group(0)) if word else max(1, len(text) - col))
    severity = lsp.DiagnosticSeverity.Error if diagnostic.is_error else lsp.DiagnosticSeverity.Warning
    return lsp.Diagnostic(range=lsp.Range(lsp.Position(line, col), lsp.Position(line, end)), message=diagnostic.message,
                          severity=severity, code=diagnostic.code, source="curtain-light")


server = StoryServer()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: StoryServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.refresh(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: StoryServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.refresh(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: StoryServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.refresh(params.text_document.uri)


def _word(ls: StoryServer, params: Any) -> tuple[StoryIndex | None, Path, str | None]:
    index, path = ls.index_for(params.text_document.uri)
    if index is None:
        return None, path, None
    return index, path, index.word_at(path, params.position.line + 1, params.position.character + 1)


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: StoryServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    index, path, word = _word(ls, params)
    if index is None or word is None:
        return None
    place = index.node_definition(word)
    if place is None:
        variable = index.variable(word, path)
        if variable is not None:
            place = Place(Path(variable.loc.path), variable.loc.line, variable.loc.col, len(word))
    if place is None:
        place = _catalogue_entry(index, word)
    return location(place) if place else None


def _catalogue_entry(index: StoryIndex, word: str) -> Place | None:
    """A scene's or an ambience's entry in docs/story-format.md."""
    docs = DOCS / "story-format.md"
    if word not in index.scenes() and word not in index.ambiences():
        return None
    try:
        lines = docs.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    wanted = f"| `{word}` |" if word in index.scenes() else f"`{word}`"
    for number, text in enumerate(lines, 1):
        if text.startswith(wanted) or (wanted.startswith("`") and wanted in text and "," in text):
            return Place(docs, number, text.index(f"`{word}`") + 2, len(word))
    return None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: StoryServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    index, path, word = _word(ls, params)
    if index is None or word is None:
        return []
    if index.node(word) is not None:
        places = index.node_references(word)
        if params.context.include_declaration:
            places = [index.node_definition(word), *places]  # type: ignore[list-item]
        return [location(p) for p in places if p is not None]
    if index.variable(word, path) is not None:
        return [location(p) for p in index.variable_places(word)]
    return []


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: StoryServer, params: lsp.DocumentSymbolParams) -> list[lsp.SymbolInformation]:
    index, path = ls.index_for(params.text_document.uri)
    if index is None or index.story is None:
        return []
    return [lsp.SymbolInformation(name=node.id, kind=lsp.SymbolKind.Class, location=location(index.node_definition(node.id)),  # type: ignore[arg-type]
                                  container_name=node.chapter)
            for node in index.story.nodes.values() if Path(node.loc.path) == path]


@server.feature(lsp.WORKSPACE_SYMBOL)
def workspace_symbols(ls: StoryServer, params: lsp.WorkspaceSymbolParams) -> list[lsp.SymbolInformation]:
    query = params.query.casefold()
    found = []
    for index in ls.indexes.values():
        if index.story is None:
            continue
        for node in index.story.nodes.values():
            if query in node.id.casefold() or query in (node.title or "").casefold():
                found.append(lsp.SymbolInformation(name=node.id, kind=lsp.SymbolKind.Class, container_name=node.chapter,
                                                   location=location(index.node_definition(node.id))))  # type: ignore[arg-type]
        for variable in index._all_variables():
            if query in variable.name.casefold():
                found.append(lsp.SymbolInformation(name=variable.name, kind=lsp.SymbolKind.Variable, container_name=variable.chapter or "",
                                                   location=location(Place(Path(variable.loc.path), variable.loc.line, variable.loc.col, len(variable.name)))))
    return found


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":", " ", "(", "{", ","]))
def completion(ls: StoryServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    index, path = ls.index_for(params.text_document.uri)
    items: list[lsp.CompletionItem] = []
    if index is not None:
        before = index.line_text(path, params.position.line + 1)
        document = ls.workspace.get_text_document(params.text_document.uri)
        lines = document.lines
        if params.position.line < len(lines):
            before = lines[params.position.line][: params.position.character]
        items = _completions(index, path, before, lines[: params.position.line])
    return lsp.CompletionList(is_incomplete=False, items=items)


def _completions(index: StoryIndex, path: Path, before: str, above: list[str]) -> list[lsp.CompletionItem]:
    Kind = lsp.CompletionItemKind
    story = index.story
    if (match := _SCENE_PARAM.search(before)) and match.group(1) in index.scenes():
        return [lsp.CompletionItem(label=name, kind=Kind.Property, detail=describe_param(param))
                for name, param in index.scenes()[match.group(1)].items()]
    if _SCENE_NAME.search(before) and "scene" in before:
        return [lsp.CompletionItem(label=name, kind=Kind.EnumMember,
                                   detail=", ".join(f"{p}: {describe_param(v)}" for p, v in params.items()) or "no parameters")
                for name, params in index.scenes().items()]
    if _AMBIENCE.search(before):
        return [lsp.CompletionItem(label=name, kind=Kind.EnumMember, detail="ambience") for name in index.ambiences()]
    if _NODE_SLOT.search(before) and story is not None:
        chapter = index.chapter_of(path)
        return [lsp.CompletionItem(label=node.id, kind=Kind.Reference, detail=node.title or f"node of {node.chapter}")
                for node in story.nodes.values() if chapter is None or node.chapter == chapter]
    if _EXPRESSION.search(before) and story is not None:
        chapter = index.chapter_of(path)
        variables = story.variables_for(chapter) if chapter else {v.name: v for v in index._all_variables()}
        return [lsp.CompletionItem(label=name, kind=Kind.Variable, detail=describe_variable(variable))
                for name, variable in variables.items()]
    if _KEY.match(before):
        return [lsp.CompletionItem(label=key, kind=Kind.Field, detail=f"{where} key", documentation=description)
                for key, where, description in _schema_keys(before, above)]
    return []


def _schema_keys(before: str, above: list[str]) -> list[tuple[str, str, str]]:
    """Keys that may be typed here, with their descriptions: a choice's inside a list item, else a node's or chapter's."""
    column = len(before) - len(before.lstrip())
    in_item = before.lstrip().startswith("-")
    for text in reversed(above):
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(text) - len(stripped)
        key_column = indent + 2 if stripped.startswith("- ") else indent
        if stripped.startswith("- ") and key_column == column:
            in_item = True
        if indent < column or in_item:
            break
    defs = SCHEMA["$defs"]
    wanted = ("choice",) if in_item else ("node", "chapter", "manifest")
    return [(key, def_name, spec.get("description", "")) for def_name in wanted
            for key, spec in defs[def_name].get("properties", {}).items()]


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: StoryServer, params: lsp.HoverParams) -> lsp.Hover | None:
    index, path, word = _word(ls, params)
    if index is None or word is None:
        return None
    text = _hover_text(index, path, word)
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text)) if text else None


def _hover_text(index: StoryIndex, path: Path, word: str) -> str | None:
    if re.fullmatch(r"CL\d{3}", word) and word in CODES:
        return f"**{word}**: {CODES[word]}\n\n{_code_explanation(word)}"
    node = index.node(word)
    if node is not None:
        lines = [f"**{node.title or node.id}** (node of chapter {node.chapter})"]
        first = " ".join(template.source for template in node.text)[:240]
        lines.append(first)
        leading = index.leading_here(word)
        lines.append("Led to by: " + ("; ".join(leading) if leading else "nothing but the chapter's start" if any(
            c.start == word for c in index.story.chapters) else "nothing"))  # type: ignore[union-attr]
        return "\n\n".join(lines)
    variable = index.variable(word, path)
    if variable is not None:
        return describe_variable(variable)
    if word in index.scenes():
        params = index.scenes()[word]
        return f"scene **{word}**: " + (", ".join(f"`{p}` {describe_param(v)}" for p, v in params.items()) or "no parameters")
    if word in index.ambiences():
        return f"ambience **{word}**"
    return None


def _code_explanation(code: str) -> str:
    try:
        docs = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    except OSError:
        return ""
    section = docs.split(f"## {code}\n", 1)
    return section[1].split("\n## ", 1)[0].strip() if len(section) == 2 else ""


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: StoryServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    index, path, word = _word(ls, params)
    if index is None or word is None:
        return None
    if index.node(word) is not None:
        places = [index.node_definition(word), *index.node_references(word)]
    elif index.variable(word, path) is not None:
        places = index.variable_places(word)
    else:
        return None
    changes: dict[str, list[lsp.TextEdit]] = {}
    for place in places:
        if place is not None:
            spot = location(place)
            changes.setdefault(spot.uri, []).append(lsp.TextEdit(range=spot.range, new_text=params.new_name))
    return lsp.WorkspaceEdit(changes=changes)


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION)
def code_actions(ls: StoryServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    actions = []
    for diagnostic in params.context.diagnostics:
        match = _DID_YOU_MEAN.search(diagnostic.message)
        if match is None:
            continue
        edit = lsp.TextEdit(range=diagnostic.range, new_text=match.group(1))
        actions.append(lsp.CodeAction(title=f"Change to '{match.group(1)}'", kind=lsp.CodeActionKind.QuickFix,
                                      diagnostics=[diagnostic], is_preferred=True,
                                      edit=lsp.WorkspaceEdit(changes={params.text_document.uri: [edit]})))
    return actions

