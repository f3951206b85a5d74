"""How soon the language server answers a keystroke on the game's story: `python -m game.tools.lsp.bench`.

A real client starts `main.py lsp` over stdio, opens a node file of the game's story, then
types into it: each change is timed from the moment it is sent to the moment the server's
diagnostics for the whole story come back. Prints the figures; asserts nothing.

Each change re-checks the whole story with the real loader and checker; the server keeps the
parse of every file whose text did not change, and the texts and conditions compiled in an
unchanged scope (game.core.loader.reuse_between_loads), so only the edited file is parsed again.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parents[3]
STORY = ROOT / "story"
TARGET_SECONDS = 0.300


async def measure(keystrokes: int = 15) -> list[float]:
    client = LanguageClient("curtain-light-bench", "1")
    arrived: asyncio.Queue[str] = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params.uri)

    await client.start_io(sys.executable, str(ROOT / "main.py"), "lsp")
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=from_fs_path(str(STORY))))
    client.initialized(lsp.InitializedParams())
    node_file = sorted(path for path in STORY.rglob("*.yaml") if path.name != "story.yaml")[-1]
    uri = from_fs_path(str(node_file)) or ""
    text = node_file.read_text(encoding="utf-8")
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    await _until(arrived, uri)
    timings = []
    for version in range(2, keystrokes + 2):
        text = text + ("#" if version % 2 else "\n")  # typing at the end of the file
        began = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
        await _until(arrived, uri)
        timings.append(time.perf_counter() - began)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return timings


async def _until(arrived: "asyncio.Queue[str]", uri: str) -> None:
    while await asyncio.wait_for(arrived.get(), timeout=60) != uri:
        pass


def main() -> int:
    timings = asyncio.run(measure())
    files = len(list(STORY.rglob("*.yaml")))
    median, worst = statistics.median(timings), max(timings)
    print(f"language server, game story ({files} files): keystroke to diagnostics for the whole story over stdio, {len(timings)} changes")
    print(f"  median {median * 1000:.0f} ms, slowest {worst * 1000:.0f} ms (target {TARGET_SECONDS * 1000:.0f} ms: "
          f"{'met' if median <= TARGET_SECONDS else 'not met'} at the median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
