"""The schema's yes/no on node files: the structural look at plain nodes agrees with the full validator."""
from __future__ import annotations

from typing import Any

import pytest

from game.core import load_schema
from game.core.schema import validator

PLAIN = {"text": "Step on.", "choices": [{"text": "On.", "to": "b"}, {"text": "Back.", "to": "a"}]}
NODE_FILES: list[Any] = [
    {"nodes": {}},
    {"nodes": {"a": PLAIN}},
    {"nodes": {"a": {"text": "Only a text."}}},
    {"nodes": {"a": PLAIN, "b": {"text": "The end.", "ending": {"id": "e", "title": "E"}}}},
    {"nodes": {"a": PLAIN, "b": {"text": "The end.", "ending": {"id": "e e", "title": "E"}}}},
    {"nodes": {"a": {"text": ["One.", "Two."], "choices": []}}},
    {"nodes": {"a": {"text": 5, "choices": []}}},
    {"nodes": {"a": {"choices": [{"text": "On.", "to": "b"}]}}},
    {"nodes": {"a": {"text": "T", "choices": {"text": "On.", "to": "b"}}}},
    {"nodes": {"a": {"text": "T", "choices": None}}},
    {"nodes": {"a": {"text": "T", "choices": [{"text": "On."}]}}},
    {"nodes": {"a": {"text": "T", "choices": [{"text": "On.", "to": 3}]}}},
    {"nodes": {"a": {"text": "T", "choices": [{"text": True, "to": "b"}]}}},
    {"nodes": {"a": {"text": "T", "choices": [{"text": "On.", "to": "b", "once": True}]}}},
    {"nodes": {"a": {"text": "T", "choices": [{"text": "On.", "to": "b", "once": "yes"}]}}},
    {"nodes": {"a": {"text": "T", "choices": [{"text": "On.", "to": "b", "enabled": "x"}]}}},
    {"nodes": {"a": {"text": "T", "choices": ["On."]}}},
    {"nodes": {"a": {"text": "T", "colour": "red"}}},
    {"nodes": {"a": None}},
    {"nodes": {"a": "text"}},
    {"nodes": {"1a": PLAIN}},
    {"nodes": {"a\n": PLAIN}},
    {"nodes": {7: PLAIN}},
    {"nodes": {"a": PLAIN}, "variables": {"v": {"type": "int", "initial": 1}}},
    {"nodes": {"a": PLAIN}, "variables": {"v": {"type": "int"}}},
    {"nodes": {"a": PLAIN}, "extra": 1},
    {"nodes": []},
    {"variables": {}},
]


@pytest.mark.parametrize("data", NODE_FILES, ids=range(len(NODE_FILES)))
def test_the_verdict_on_a_node_file_is_the_reference_validators(data: Any) -> None:
    assert load_schema._schema_check_now(data) is validator().is_valid(data)


def test_plain_nodes_are_judged_without_the_schemas_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    load_schema._schema_check_now({"nodes": {}})  # the validators are made
    asked: list[Any] = []
    whole = load_schema._fast_validate
    monkeypatch.setattr(load_schema, "_fast_validate", lambda data: (asked.append(data), whole(data)))
    node_fits = load_schema._fast_node
    monkeypatch.setattr(load_schema, "_fast_node", lambda node: (asked.append(node), node_fits(node)))
    ending = {"text": "The end.", "ending": {"id": "e", "title": "E"}}
    assert load_schema._schema_check_now({"nodes": {f"n{i}": PLAIN for i in range(50)} | {"z": ending}})
    assert asked == [ending]  # only the node that is more than a text and choices went to the schema
