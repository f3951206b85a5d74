"""Whether a story file's data fits the schema, and each misfit in an author's words (CL010)."""
from __future__ import annotations

import copy
import re
from typing import Any, Callable

from game.core.load_cache import LOAD_CACHE
from game.core.schema import ID_PATTERN, SCHEMA, validator
from game.core.suggest import hint as _hint
from game.core.yamlsrc import YamlFile

_fast_validate: Callable[[Any], Any] | None = None
_fast_node: Callable[[Any], Any] | None = None  # the same validator's check of one node
_NODES_ONLY = {"nodes"}
_PLAIN_NODE = frozenset({"text", "choices"})
_PLAIN_CHOICE = {"text", "to"}
_ID = re.compile(ID_PATTERN)
def validate(file: YamlFile, verdict: bool | None = None) -> None:
    """Report each way a file's data does not fit the schema, in an author's words, as CL010 in that file.

    `verdict` is `schema_verdict` on this data when it was already asked (where the file was read)."""
    if verdict is None:
        verdict = _schema_check(file.data, f"{file.path}\0{file.display}")
    if verdict:
        return
    for error in validator().iter_errors(file.data):
        message, key, path = _explain(error, tuple(error.absolute_path))
        file.error(path, message, "CL010", key=key)


def schema_verdict(data: Any) -> bool | None:
    """The fast yes/no on a node file's data where it was read, or None when `validate` is to ask later
    (data that is no mapping is not validated; remembered verdicts are looked up by the file)."""
    if LOAD_CACHE.verdicts is not None or not isinstance(data, dict):
        return None
    return _schema_check_now(data)


def _schema_check(data: Any, name: str | None = None) -> bool:
    """A fast yes/no against the schema; the detailed (slower) walk runs only on failure.

    With `reuse_between_loads`, the verdict on a file (by `name`) is kept while its parse is the same."""
    kept = LOAD_CACHE.verdicts
    if kept is not None and name is not None:
        known = kept.get(name)
        if known is not None and known[0] is data:
            return known[1]
        verdict = _schema_check_now(data)
        kept[name] = (data, verdict)  # one a file: an edited file's older parse is let go
        return verdict
    return _schema_check_now(data)


def _schema_check_now(data: Any) -> bool:
    global _fast_validate, _fast_node
    if _fast_validate is None:
        try:
            _fast_validate, _fast_node = _compile_yes_no(SCHEMA)
        except ImportError:  # fall back to the reference validator alone
            _fast_validate = validator().validate
    quick = _node_file_fits(data, _fast_node)
    if quick is not None:
        return quick
    try:
        _fast_validate(data)
        return True
    except Exception:  # fastjsonschema and jsonschema raise their own error types
        return False


def _node_file_fits(data: Any, node_fits: Callable[[Any], Any] | None) -> bool | None:
    """The schema's yes/no on a node file of plain nodes, found without its validator; None when it is to be asked.

    Most nodes of a large story are a text and choices of a text and a target: such a node fits
    the schema exactly when those are strings (each `text` a node_text, each choice a `choice`), which
    is looked at here directly. Any other node is handed to the schema's own check of a node
    (`node_fits`); a file with variables, an id that is not a string, or anything else unusual is
    left to the whole validator.
    """
    if data.__class__ is not dict or data.keys() != _NODES_ONLY or node_fits is None:
        return None
    nodes = data["nodes"]
    if nodes.__class__ is not dict:
        return None
    id_fits = _ID.search
    for node_id, node in nodes.items():
        if node_id.__class__ is not str or not id_fits(node_id):
            return None
        if node.__class__ is dict and node.keys() <= _PLAIN_NODE and node.get("text").__class__ is str:
            choices = node.get("choices")
            if choices.__class__ is list or "choices" not in node:
                for choice in choices or ():
                    if choice.__class__ is not dict or choice.keys() != _PLAIN_CHOICE or choice["text"].__class__ is not str \
                            or choice["to"].__class__ is not str:
                        break
                else:
                    continue
        try:
            node_fits(node)
        except Exception:  # the schema's refusal of this node
            return False
    return True


def _compile_yes_no(schema: dict) -> tuple[Callable[[Any], Any], Callable[[Any], Any] | None]:
    """fastjsonschema's validator for `schema` (and its check of one node), without building an error name for every value it passes.

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
        return fastjsonschema.compile(copy.deepcopy(schema)), None
    return namespace[first.group(1)], namespace.get(first.group(1) + "___defs_node")


def _refused_type() -> type:
    """A refusal of the yes/no validator: one of fastjsonschema's, so its `oneOf` catches it, made without a message."""
    from fastjsonschema import JsonSchemaValueException

    class Refused(JsonSchemaValueException):
        def __init__(self) -> None:  # noqa: D107 - nothing to say: only that the data does not fit
            Exception.__init__(self)

    return Refused


def _explain(error: Any, path: tuple) -> tuple[str, bool, tuple]:
    """A schema error in an author's words, and whether it points at a key."""
    kind = error.validator
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed]
        if extra:
            key = extra[0]
            hint = _hint(str(key), allowed)
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
