"""The published schema in Red Hat's yaml-language-server, as an editor runs it, on a folder made by `main.py init`.

Runs when `yaml-language-server` is on PATH (or named by $YAML_LANGUAGE_SERVER), for example
after `npm install -g yaml-language-server`; skipped otherwise.
"""
from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from game.tools.init import make_story

SERVER = os.environ.get("YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")
pytestmark = pytest.mark.skipif(not SERVER, reason="yaml-language-server is not installed")

TEXT = """\
# yaml-language-server: $schema=story.schema.json
nodes:
  desk:
    scene: {name: dark_rom}
    ambience: thunder
    text: Hi.
    next: b
  b:
    scene: {name: dark_room, light: 9, dog: true}
    text: B.
    next: c
  c:
    scene: {name: night_street, hour: "{hour}", rain: true}
    ambience: rain
    text: C.
    ending: {id: e, title: E}
  d:
    scene: 
    text: D.
"""


async def _session(folder: Path) -> dict:
    client = LanguageClient("curtain-light-test", "1")
    published: asyncio.Queue[lsp.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    @client.feature(lsp.WORKSPACE_CONFIGURATION)
    def _configuration(params: lsp.ConfigurationParams) -> list:
        return [{"validate": True, "completion": True, "hover": True} for _ in params.items]

    await client.start_io(str(SERVER), "--stdio")
    capabilities = lsp.ClientCapabilities(
        text_document=lsp.TextDocumentClientCapabilities(hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown])),
        workspace=lsp.WorkspaceClientCapabilities(configuration=True))
    await client.initialize_async(lsp.InitializeParams(capabilities=capabilities, root_uri=from_fs_path(str(folder))))
    client.initialized(lsp.InitializedParams())
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"yaml": {"validate": True, "completion": True, "hover": True}}))
    uri = from_fs_path(str(folder / "letter.yaml")) or ""
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=TEXT)))
    found: list[lsp.Diagnostic] = []
    for _ in range(6):
        try:
            params = await asyncio.wait_for(published.get(), 20)
        except asyncio.TimeoutError:
            break
        if params.diagnostics:
            found = params.diagnostics
            break
    lines = TEXT.splitlines()

    async def complete(line: int, col: int) -> list[str]:
        answer = await client.text_document_completion_async(lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), lsp.Position(line, col)))
        items = answer.items if isinstance(answer, lsp.CompletionList) else (answer or [])
        return sorted(item.label for item in items)

    empty_scene = lines.index("    scene: ")
    params_line = next(i for i, line in enumerate(lines) if "light: 9" in line)
    ambience_line = lines.index("    ambience: rain")
    result = {
        "diagnostics": [(d.range.start.line + 1, d.message) for d in found],
        "scenes": await complete(empty_scene, len(lines[empty_scene])),
        "params": await complete(params_line, lines[params_line].index("light")),
        "ambiences": await complete(ambience_line, len("    ambience: ")),
        "hover": await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(6, 6))),
    }
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return result


def test_the_editor_completes_and_checks_scenes_and_ambiences(tmp_path: Path) -> None:
    from game.content import AMBIENCES, SCENES, SILENCE

    folder = tmp_path / "new-story"
    make_story(folder)
    result = asyncio.run(asyncio.wait_for(_session(folder), 120))
    assert result["scenes"] == sorted(SCENES)
    assert result["params"] == sorted(SCENES["dark_room"])
    assert result["ambiences"] == sorted([*AMBIENCES, SILENCE])
    by_line: dict[int, list[str]] = {}
    for line, message in result["diagnostics"]:
        by_line.setdefault(line, []).append(message)
    assert any("dark_room" in m for m in by_line.get(4, []))          # an unknown scene, with the valid names
    assert any("thunder" not in m and "room_tone" in m for m in by_line.get(5, []))  # an unknown ambience
    assert any("maximum of 5" in m for m in by_line.get(9, []))       # light: 9
    assert any("dog" in m for m in by_line.get(9, []))                # another scene's parameter
    assert 13 not in by_line and 14 not in by_line                    # "{hour}" and a known ambience are fine
    hover = result["hover"]
    assert hover is not None and "Space, Enter or a click" in hover.contents.value  # the key's description
