"""The published JSON Schema is the one the checker uses, and it accepts the game's own story."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from game.core.schema import SCHEMA, SCHEMA_FILE, schema_json, validator
from tests.conftest import STORY_DIR


def test_published_schema_matches_the_checkers() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), \
        "docs/story.schema.json is stale: regenerate it with python -c 'from game.core.schema import *; SCHEMA_FILE.write_text(schema_json())'"
    json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_schema_is_itself_valid() -> None:
    from jsonschema import Draft7Validator

    Draft7Validator.check_schema(SCHEMA)


def test_every_story_file_matches_the_schema() -> None:
    files = sorted(STORY_DIR.rglob("*.yaml"))
    assert (STORY_DIR / "story.yaml") in files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data)]
        assert errors == [], f"{path}: {errors}"


def test_schema_rejects_what_the_checker_rejects() -> None:
    bad = {"nodes": {"a": {"text": "x", "choices": [{"text": "y", "enabled": "z"}]}}}
    kinds = {error.validator for error in validator().iter_errors(bad)}
    assert {"required", "dependencies"} <= kinds


def test_docs_give_the_editor_line() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "story-format.md").read_text(encoding="utf-8")
    assert "yaml-language-server: $schema=" in docs
