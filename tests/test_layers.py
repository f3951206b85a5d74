"""The layers in the README's table are the layers in the code: every import in game/ is one the table allows, and none is part of a cycle."""
from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "game"


@dataclass(frozen=True)
class Layer:
    name: str  # "game/core/", or "game" for the package's own modules, or "game/__main__.py"
    game: frozenset[str]  # the layers it may import
    outside: frozenset[str] | None  # top-level names outside the standard library; None for anything


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the imported module, dotted
    line: int


def read_table() -> list[Layer]:
    """The README's "Layers" table, row by row."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Layers", 1)[1]
    layers = []
    for row in section.splitlines():
        if not row.startswith("| `game"):
            if layers:
                break
            continue
        name, game, outside = (cell.strip() for cell in row.strip("|").split("|"))
        def names(cell: str) -> list[str]:
            return re.findall(r"`([^`]+)`", cell)
        allowed_outside = None if outside == "anything" else frozenset(
            () if outside == "nothing" else (part.strip() for part in outside.split(",")))
        layers.append(Layer(names(name)[0], frozenset(() if game == "nothing" else names(game)), allowed_outside))
    return layers


def read_exceptions() -> set[tuple[str, str]]:
    """The README's "Known exceptions": (importing file, imported layer or file) pairs the test lets through."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("Known exceptions", 1)[1]
    pairs = set()
    for row in section.splitlines()[1:]:
        if row.startswith("| `game"):
            importer, imported = re.findall(r"`([^`]+)`", row)[:2]
            pairs.add((importer, imported))
        elif pairs and not row.startswith("|"):
            break
    return pairs


def layer_of(module: str, layers: list[Layer]) -> Layer:
    """The row that covers a module: the deepest folder it is in, or the entry, or the package itself."""
    path = "/".join(module.split("."))
    for layer in sorted(layers, key=lambda item: -len(item.name)):
        if layer.name.endswith("/") and (path + "/").startswith(layer.name):
            return layer
        if layer.name.endswith(".py") and path + ".py" == layer.name:
            return layer
    return next(layer for layer in layers if layer.name == "game")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _under_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path) -> list[Import]:
    """Every import the module can run, at any depth; those only for type checkers are left out."""
    source = module_name(path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _under_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.extend(Import(source, alias.name, child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                found.append(Import(source, target, child.lineno))
                # `from game.player import bench` imports a module, not a name: count the module too.
                for alias in child.names:
                    candidate = f"{target}.{alias.name}"
                    if _is_module(candidate):
                        found.append(Import(source, candidate, child.lineno))
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def all_imports() -> list[Import]:
    return [found for path in sorted(GAME.rglob("*.py")) for found in imports_of(path)]


def _game_module(dotted: str) -> str | None:
    """The module of game/ an import names (`game.core.model`), or None for one outside game/."""
    if dotted != "game" and not dotted.startswith("game."):
        return None
    while dotted and not _is_module(dotted):
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def allows(source: Layer, target: Layer) -> bool:
    """Whether a layer may import another: itself, a layer its row names, or a row under a folder it names."""
    return target.name == source.name or any(
        target.name == allowed or (allowed.endswith("/") and target.name.startswith(allowed)) for allowed in source.game)


def test_the_readme_table_names_every_folder_of_game_and_of_the_player() -> None:
    layers = read_table()
    names = {layer.name for layer in layers}
    folders = {f"game/{path.name}/" for path in GAME.iterdir() if (path / "__init__.py").is_file()}
    player = GAME / "player"
    folders |= {f"game/player/{path.name}/" for path in player.iterdir() if (path / "__init__.py").is_file()}
    assert "game/player/display/" in folders and "game/player/persist/" in folders
    assert folders <= names, f"add a row to the README's Layers table for {sorted(folders - names)}"
    for layer in layers:
        assert layer.game <= names, f"{layer.name} names a layer the table does not have"
        assert not layer.name.endswith(".py") or (ROOT / layer.name).is_file(), f"{layer.name} is not a file"


def test_every_import_is_one_the_layer_table_allows() -> None:
    layers = read_table()
    exceptions = read_exceptions()
    stdlib = set(sys.stdlib_module_names)
    wrong = []
    for found in all_imports():
        source = layer_of(found.source, layers)
        where = f"{found.source.replace('.', '/')}.py:{found.line}: imports {found.target}"
        module = _game_module(found.target)
        if module is not None:
            target = layer_of(module, layers)
            allowed = (found.source.replace(".", "/") + ".py", target.name) in exceptions
            if not allows(source, target) and not allowed:
                wrong.append(f"{where} ({source.name} may not import {target.name})")
            continue
        top = found.target.split(".")[0]
        if top in stdlib or top == "__future__" or source.outside is None:
            continue
        if top not in source.outside:
            wrong.append(f"{where} ({source.name} may not import {top})")
    assert not wrong, "imports the README's Layers table does not allow:\n" + "\n".join(wrong)


def test_no_import_cycle_between_modules() -> None:
    exceptions = read_exceptions()
    edges: dict[str, set[str]] = {}
    for found in all_imports():
        target = _game_module(found.target)
        # A package's own __init__ is imported by every module inside it; that is not a cycle.
        listed = (found.source.replace(".", "/") + ".py", (target or "").replace(".", "/") + ".py") in exceptions
        if target is not None and target != found.source and not found.source.startswith(target + ".") and not listed:
            edges.setdefault(found.source, set()).add(target)
    cycles = _cycles(edges)
    assert not cycles, "modules that import each other in a ring:\n" + "\n".join(", ".join(ring) for ring in cycles)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The modules of each ring of imports: every strongly connected component of more than one (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


# The App and the two files it is split into (its chapter flow, and its story and language).
APP_MODULES = ("game.player.app", "game.player.app_chapters", "game.player.app_story")


def test_screens_post_messages_and_only_the_app_makes_them() -> None:
    """Inside the player: no screen imports the App or the session, and only the App imports the screens."""
    wrong = []
    for found in all_imports():
        target = _game_module(found.target) or ""
        where = f"{found.source.replace('.', '/')}.py:{found.line}: imports {target}"
        in_screens = found.source.startswith("game.player.screens.")
        if in_screens and target in (*APP_MODULES, "game.player.session"):
            wrong.append(where)
        if (target.startswith("game.player.screens.") and found.source.startswith("game.player.")
                and not in_screens and found.source not in APP_MODULES):
            wrong.append(where)
    assert not wrong, "screens reach the App only through messages (game/player/messages.py):\n" + "\n".join(wrong)


@pytest.mark.parametrize("source, target, allowed", [
    ("game.core.model", "game.player.app", False),
    ("game.player.app", "game.tools.graph", False),
    ("game.tools.graph", "game.player.app", False),
    ("game.tools.explore.search", "game.core.lang.ir", True),
    ("game.core.lang.ir", "game.core.model", True),
    ("game.cli.play", "game.player.app", True),
    ("game.bench.player", "game.cli", False),
    ("game.player.app", "game.cli", False),
    ("game.bench.player", "game.player.display.window", True),
    ("game.player.app", "game.player.screens.play", True),
    ("game.player.screens.play", "game.player.ui.document", True),
    ("game.player.screens.play", "game.player.messages", True),
    ("game.player.screens.play", "game.player.app", False),
    ("game.player.ui.document", "game.player.screens.base", False),
    ("game.player.display.text", "game.player.ui.document", False),
    ("game.player.persist.saves", "game.player.display.window", False),
    ("game.player.persist.storage", "game.player.sound.cache", False),
    ("game.player.sound.worker", "game.player.persist.storage", True),
    ("game.player.scenes.room", "game.player.display.window", False),
    ("game.player.input.keymap", "game.player.ui.document", False),
    ("game.player.guard", "game.player.app", False),
])
def test_the_rules_are_by_folder(source: str, target: str, allowed: bool) -> None:
    layers = read_table()
    from_layer, to_layer = layer_of(source, layers), layer_of(target, layers)
    assert allows(from_layer, to_layer) is allowed
