"""The published JSON Schema is the checker's plus the game's catalogue, kept in step, described key by key."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import pytest
import yaml

from game.core import schema as schema_module
from game.core.registry import BoolParam, ChoiceParam, IntParam
from game.core.schema import SCHEMA, SCHEMA_FILE, catalogue, editor_schema, schema_json, validator
from tests.conftest import STORY_DIR

ROOT = Path(__file__).resolve().parents[2]


def test_published_schema_is_regenerated_from_the_code_and_the_catalogue() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), \
        "docs/story.schema.json is stale: regenerate it with python -m game.core.schema"
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == editor_schema()


def test_the_generator_writes_and_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "story.schema.json"
    monkeypatch.setattr(schema_module, "SCHEMA_FILE", target)
    assert schema_module.main(["--check"]) == 1  # missing counts as stale
    assert schema_module.main([]) == 0 and target.read_text(encoding="utf-8") == schema_json()
    assert schema_module.main(["--check"]) == 0
    checked = subprocess.run([sys.executable, "-m", "game.core.schema", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_schemas_are_themselves_valid() -> None:
    from jsonschema import Draft7Validator

    Draft7Validator.check_schema(SCHEMA)
    Draft7Validator.check_schema(editor_schema())


def _properties(schema: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(schema, dict):
        for name, sub in (schema.get("properties") or {}).items():
            yield f"{where}.{name}", sub
        for key, value in schema.items():
            yield from _properties(value, f"{where}/{key}" if key != "properties" else where)
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _properties(value, f"{where}[{index}]")


def test_every_key_has_a_description() -> None:
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    keys = list(_properties(published))
    assert len(keys) > 100
    missing = [where for where, sub in keys if not (isinstance(sub, dict) and sub.get("description", "").strip())]
    assert missing == []
    undescribed_defs = [name for name, sub in published["$defs"].items() if not sub.get("description")]
    assert undescribed_defs == []


def _scene_and_ambience(schema: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    node = schema["$defs"]["node"]["properties"]
    return node["scene"], node["ambience"]


def test_scene_and_ambience_names_and_parameters_are_the_catalogues() -> None:
    registry = catalogue()
    scene, ambience = _scene_and_ambience(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    plain, mapping = scene["oneOf"]
    assert plain["enum"] == list(registry.SCENES) == mapping["properties"]["name"]["enum"]
    assert ambience["enum"] == [*registry.AMBIENCES, registry.SILENCE]
    by_name = {rule["if"]["properties"]["name"]["const"]: rule["then"] for rule in mapping["allOf"]}
    assert list(by_name) == list(registry.SCENES)
    for name, params in registry.SCENES.items():
        then = by_name[name]
        assert set(then["properties"]) == {"name", *params}
        assert then["additionalProperties"] is False
        for key, param in params.items():
            literal = then["properties"][key]["anyOf"][0]
            if isinstance(param, IntParam):
                assert (literal["minimum"], literal["maximum"]) == (param.low, param.high)
            elif isinstance(param, BoolParam):
                assert literal == {"type": "boolean"}
            else:
                assert isinstance(param, ChoiceParam) and literal["enum"] == list(param.values)


def test_the_catalogue_is_read_through_one_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """Moving the catalogue means re-pointing `catalogue()`; the schema follows whatever it returns."""
    other = SimpleNamespace(SCENES={"pier": {"gulls": IntParam(0, 3, 1)}}, AMBIENCES=("waves",), SILENCE="none")
    monkeypatch.setattr(schema_module, "catalogue", lambda: other)
    scene, ambience = _scene_and_ambience(editor_schema())
    assert scene["oneOf"][0]["enum"] == ["pier"] and ambience["enum"] == ["waves", "none"]
    assert SCHEMA["$defs"]["node"]["properties"]["scene"]["oneOf"][0] == {"type": "string"}  # the checker's is untouched


def test_the_checkers_schema_is_the_published_one_without_the_catalogue() -> None:
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    checker = copy.deepcopy(SCHEMA)
    for key in ("scene", "ambience"):
        del published["$defs"]["node"]["properties"][key]
        del checker["$defs"]["node"]["properties"][key]
    assert published == json.loads(json.dumps(checker))


@pytest.mark.parametrize("which", ["checker", "editor"])
def test_every_story_file_matches_the_schema(which: str) -> None:
    from jsonschema import Draft7Validator

    check = validator() if which == "checker" else Draft7Validator(editor_schema())
    files = sorted(STORY_DIR.rglob("*.yaml"))
    assert (STORY_DIR / "story.yaml") in files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(data)]
        assert errors == [], f"{path}: {errors}"


def _node_errors(node: dict[str, Any]) -> list[str]:
    from jsonschema import Draft7Validator

    data = {"nodes": {"a": {"text": "x", "next": "a", **node}}}
    return [e.message for e in Draft7Validator(editor_schema()).iter_errors(data)]


def test_the_editor_schema_checks_scenes_and_ambiences() -> None:
    assert _node_errors({"scene": "dark_room", "ambience": "rain"}) == []
    assert _node_errors({"scene": {"name": "dark_room", "light": 5, "window": "shutters", "tv": True, "hour": "{hour}"}}) == []
    assert _node_errors({"scene": {"name": "title"}, "ambience": "none"}) == []
    assert _node_errors({"scene": "dark_rom"})
    assert _node_errors({"scene": {"name": "dark_room", "light": 6}})
    assert _node_errors({"scene": {"name": "dark_room", "window": "blinds"}})
    assert _node_errors({"scene": {"name": "dark_room", "dog": True}})  # night_street's, not dark_room's
    assert _node_errors({"scene": {"name": "konbini", "clerk": "yes please"}})
    assert _node_errors({"ambience": "thunder"})


def test_schema_rejects_what_the_checker_rejects() -> None:
    bad = {"nodes": {"a": {"text": "x", "choices": [{"text": "y", "enabled": "z"}]}}}
    kinds = {error.validator for error in validator().iter_errors(bad)}
    assert {"required", "dependencies"} <= kinds


def test_docs_give_the_editor_line() -> None:
    docs = (ROOT / "docs" / "story-format.md").read_text(encoding="utf-8")
    assert "yaml-language-server: $schema=" in docs
