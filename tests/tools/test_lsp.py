"""The language server, driven over stdio by a real LSP client (pytest-lsp): every feature on a small story."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient
from pygls.uris import from_fs_path

from tests.conftest import ONE_CHAPTER, ROOT

# The shared one-chapter manifest with only the variable these nodes read.
MANIFEST = "".join(line + "\n" for line in ONE_CHAPTER.splitlines() if not line.lstrip().startswith(("door:", "mood:", "status:")))

NODES = """\
nodes:
  start:
    title: The kettle
    text: Energy {energy}. The kettle clicks off.
    scene: {name: dark_room, light: 2}
    ambience: room_tone
    choices:
      - text: Rest.
        to: end
        set: energy += 1
      - text: Look.
        to: end
        if: energy >= 1 and visits(start) > 0
  end:
    text: Done. Energy {energy}.
    ending: {id: done, title: Done}
"""

pytestmark = pytest.mark.asyncio(loop_scope="module")

# The last diagnostics the server published for each file, whole (with the buffer version they are for).
published: dict[str, lsp.PublishDiagnosticsParams] = {}


@pytest.fixture(scope="module")
def story_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lsp") / "story"
    folder.mkdir()
    (folder / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "nodes.yaml").write_text(NODES, encoding="utf-8")
    return folder


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[sys.executable, str(ROOT / "main.py"), "lsp"]))
async def client(lsp_client: LanguageClient, story_dir: Path):
    lsp_client.protocol.fm.features.pop(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, None)

    @lsp_client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def record(params: lsp.PublishDiagnosticsParams) -> None:
        published[params.uri] = params

    await lsp_client.initialize_session(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(),
                                                             root_uri=from_fs_path(str(story_dir))))
    yield
    await lsp_client.shutdown_session()


def uri(story_dir: Path, name: str = "nodes.yaml") -> str:
    return from_fs_path(str(story_dir / name)) or ""


async def open_text(client: LanguageClient, story_dir: Path, text: str, version: int) -> list[lsp.Diagnostic]:
    doc = uri(story_dir)
    if version == 1:
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(uri=doc, language_id="yaml", version=1, text=text)))
    else:
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
    # One read can carry several files' diagnostics, and a waiter sees only the first of them, so the test
    # reads what the client recorded (the version names the buffer) and waits again only while it is missing.
    while (params := published.get(doc)) is None or params.version != version:
        await asyncio.wait_for(client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=60)
    return list(params.diagnostics)


def at(line: int, character: int) -> lsp.Position:
    return lsp.Position(line=line, character=character)


async def test_diagnostics_follow_the_unsaved_buffer_with_codes_and_ranges(client: LanguageClient, story_dir: Path) -> None:
    assert await open_text(client, story_dir, NODES, 1) == []
    broken = NODES.replace("        to: end\n        set:", "        to: ned\n        set:")
    found = await open_text(client, story_dir, broken, 2)
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.character) for d in found] == [("CL021", 8, 12, 15)]
    assert "did you mean 'end'?" in found[0].message
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri(story_dir)), range=found[0].range, context=lsp.CodeActionContext(diagnostics=found)))
    assert actions and actions[0].edit.changes[uri(story_dir)][0].new_text == "end"
    assert (story_dir / "nodes.yaml").read_text(encoding="utf-8") == NODES  # nothing was written to disk
    assert await open_text(client, story_dir, NODES, 3) == []


async def test_definition_of_nodes_variables_and_scenes(client: LanguageClient, story_dir: Path) -> None:
    doc = lsp.TextDocumentIdentifier(uri=uri(story_dir))
    target = await client.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=at(8, 14)))  # to: end
    assert target.range.start.line == 13 and target.uri == uri(story_dir)
    inside_visits = await client.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=at(12, 35)))  # visits(start)
    assert inside_visits.range.start.line == 1
    variable = await client.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=at(9, 15)))  # set: energy
    assert variable.uri == uri(story_dir, "story.yaml") and variable.range.start.line == 8
    scene = await client.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=at(4, 18)))  # dark_room
    assert scene.uri.endswith("docs/story-format.md")


async def test_references_and_symbols(client: LanguageClient, story_dir: Path) -> None:
    doc = lsp.TextDocumentIdentifier(uri=uri(story_dir))
    refs = await client.text_document_references_async(lsp.ReferenceParams(text_document=doc, position=at(13, 3), context=lsp.ReferenceContext(include_declaration=False)))
    assert sorted(r.range.start.line for r in refs) == [8, 11]
    symbols = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(text_document=doc))
    assert [s.name for s in symbols] == ["start", "end"]
    found = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="kettle"))
    assert [s.name for s in found] == ["start"]


async def labels(client: LanguageClient, story_dir: Path, line: int, character: int) -> dict[str, str | None]:
    result = await client.text_document_completion_async(lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri(story_dir)), position=at(line, character)))
    return {item.label: item.detail for item in result.items}


async def test_completion_of_nodes_variables_scenes_parameters_ambiences_and_keys(client: LanguageClient, story_dir: Path) -> None:
    edited = NODES.replace("        to: end\n        set:", "        to: \n        set:").replace("{name: dark_room, light: 2}", "{name: dark_room, ")
    edited = edited.replace("ambience: room_tone", "ambience: ").replace("if: energy >= 1", "if: en")
    await open_text(client, story_dir, edited, 4)
    nodes = await labels(client, story_dir, 8, 12)
    assert set(nodes) == {"start", "end"} and nodes["start"] == "The kettle"
    params = await labels(client, story_dir, 4, 29)
    assert "light" in params and params["light"] == "int 0–5 (2)"
    scenes = await labels(client, story_dir, 4, 19)
    assert "night_street" in scenes
    ambiences = await labels(client, story_dir, 5, 14)
    assert "room_tone" in ambiences and "none" in ambiences
    variables = await labels(client, story_dir, 12, 14)
    assert variables["energy"].startswith("energy: int 0..5, initially 2")
    keys = await labels(client, story_dir, 9, 8)
    assert {"to", "enabled", "reason"} <= set(keys)
    await open_text(client, story_dir, NODES, 5)


async def hover_text(client: LanguageClient, story_dir: Path, line: int, character: int) -> str:
    result = await client.text_document_hover_async(lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri(story_dir)), position=at(line, character)))
    return result.contents.value if result else ""


async def test_hover_on_nodes_variables_scenes_and_codes(client: LanguageClient, story_dir: Path) -> None:
    node = await hover_text(client, story_dir, 8, 14)
    assert "Done." in node and "'Rest.' in start" in node and "'Look.' in start" in node
    assert "The kettle" in await hover_text(client, story_dir, 12, 35)
    assert "int 0..5, initially 2" in await hover_text(client, story_dir, 9, 15)
    assert "`light` int 0–5 (2)" in await hover_text(client, story_dir, 4, 18)
    broken = NODES.replace("    text: Done.", "    text: Done. # CL093")
    await open_text(client, story_dir, broken, 6)
    code = await hover_text(client, story_dir, 14, 20)
    assert "CL093" in code and "starts a comment" in code
    await open_text(client, story_dir, NODES, 7)


async def test_rename_a_node_and_a_variable_in_every_file(client: LanguageClient, story_dir: Path) -> None:
    doc = lsp.TextDocumentIdentifier(uri=uri(story_dir))
    edit = await client.text_document_rename_async(lsp.RenameParams(text_document=doc, position=at(1, 3), new_name="kettle"))
    nodes_edits = edit.changes[uri(story_dir)]
    assert sorted(e.range.start.line for e in nodes_edits) == [1, 12]
    assert [e.range.start.line for e in edit.changes[uri(story_dir, "story.yaml")]] == [5]
    edit = await client.text_document_rename_async(lsp.RenameParams(text_document=doc, position=at(9, 15), new_name="strength"))
    assert sorted(e.range.start.line for e in edit.changes[uri(story_dir)]) == [3, 9, 12, 14]
    assert [e.range.start.line for e in edit.changes[uri(story_dir, "story.yaml")]] == [8]

