"""The loader's compiling of nodes: texts, choices, conditions, effects, scenes and pictures, each in its chapter's scope."""
from __future__ import annotations

import re
from typing import Any

from game.core import storyfiles
from game.core.expressions import Effect, Expr, ExprError, SimpleScope, compile_effects, compile_expression, effect_sources
from game.core.load_base import LoaderBase, names
from game.core.load_cache import LOAD_CACHE
from game.core.model import Chapter, Choice, Ending, Fact, Loc, Node, SceneRef
from game.core.suggest import hint
from game.core.templates import Template, compile_template, plain_template
from game.core.yamlevents import _LINE_SHIFT, _VALUE_MASK
from game.core.yamlsrc import YamlFile

_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")
# A node with only these keys has nothing else to read (most nodes are a text and a way on).
_PLAIN_NODE_KEYS = frozenset({"text", "choices", "next", "ending"})
_TEXT_AND_CHOICES = frozenset({"text", "choices"})
_TEXT_AND_TARGET = frozenset({"text", "to"})
_KEPT_SCOPES = 16
_new_loc = tuple.__new__
_UNKNOWN = object()  # `node` was not handed the node's entry: it walks to it


def scope_cache(variables: dict[str, Any], node_ids: set[str]) -> dict[tuple, Any]:
    """The compiled-source cache for a scope: a fresh one, or the one kept (LOAD_CACHE.compiled) from an earlier load of the same scope."""
    kept = LOAD_CACHE.compiled
    if kept is None:
        return {}
    key = (frozenset(variables.items()), frozenset(node_ids))
    cache = kept.pop(key, None)
    if cache is None:
        cache = {}
        while len(kept) >= _KEPT_SCOPES:
            kept.pop(next(iter(kept)))
    else:  # dice are named by how many identical rolls came before them in this load: count afresh
        for stale in [k for k in cache if k and k[0] == "random-site"]:
            del cache[stale]
    kept[key] = cache
    return cache


class NodeCompiler(LoaderBase):
    """Nodes compiled into the model, each finding reported where it is in the node's file."""

    def node(self, file: YamlFile, node_id: str, raw: dict, chapter: Chapter, scope: SimpleScope, loc: Loc | None = None,
             entry: Any = _UNKNOWN) -> Node:
        """A node; `entry` is its entry below the file's `nodes` (YamlFile.entries_below), when the caller holds it."""
        plain = plain_node(file.display, node_id, raw, chapter.id, scope, loc, entry)
        if plain is not None:
            return plain
        base = ("nodes", node_id)
        node = Node(node_id, chapter.id, loc or self.at(file, base, key=True))
        if entry is _UNKNOWN:
            below = file.entries_below(base)
        else:
            below = entry[1] if entry.__class__ is tuple else None
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
                    self.report(file, base + ("ambience",), f"unknown ambience '{ambience}'{hint(ambience, known.ambiences)}", "CL042")
                else:
                    node.ambience = ambience
            if "set" in raw:
                node.on_enter = self.effects(file, base + ("set",), raw["set"], scope)
            node.replaces = names(raw.get("replaces"))
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
                                 names(ending.get("renamed_from")))
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
        # Where the choice and its target are, from their packed entries (at_entry, inlined: it is asked
        # twice for every choice); a walk from the top only when no entry was kept.
        if entry.__class__ is tuple:
            fields, packed = entry[1], entry[0] & _VALUE_MASK
            to = fields.get("to") if fields.__class__ is dict else None
        else:
            packed, to = (entry & _VALUE_MASK if entry is not None else 0), None
        display = file.display
        loc = _new_loc(Loc, (display, packed >> _LINE_SHIFT, (packed >> 3) & 0xFFFFFF)) if packed else self.at(file, path)
        packed = (to[0] if to.__class__ is tuple else to) & _VALUE_MASK if to is not None else 0
        target_loc = _new_loc(Loc, (display, packed >> _LINE_SHIFT, (packed >> 3) & 0xFFFFFF)) if packed \
            else self.at(file, path + ("to",))
        choice = Choice(self.template(file, path + ("text",), text, scope), target, loc, key, target_loc=target_loc)
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
            self.report(file, name_path, f"unknown scene '{name}'{hint(name, known.scenes)}", "CL040")
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
                self.report(file, path + (key,), f"scene '{name}' has no parameter '{key}'{hint(str(key), spec)}"
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


def plain_node(display: str, node_id: str, raw: Any, chapter_id: str, scope: SimpleScope, loc: Loc | None,
               entry: Any) -> Node | None:
    """The commonest node, built straight: one line of plain text and choices that are each a plain text
    and a target, every position kept (`entry` is the node's entry below its file's `nodes`, and `loc`
    where its id is). None for anything else (`node` then reads it the general way, to the same result:
    nothing here reports a finding, so nothing is reported twice). It needs nothing of the chapter's
    scope but its cache of shared plain texts."""
    if loc is None or entry.__class__ is not tuple or raw.__class__ is not dict or not raw.keys() <= _TEXT_AND_CHOICES:
        return None
    below = entry[1]
    text = raw.get("text")
    if text.__class__ is not str or "\n" in text:
        return None
    text = text.strip()
    template = plain_template(text, scope) if text and text.isprintable() else None
    if template is None:
        return None
    choices: list[Choice] = []
    cache = scope.cache
    raw_choices = raw.get("choices")
    if raw_choices is not None:
        entries = below.get("choices") if below.__class__ is dict else None
        if raw_choices.__class__ is not list or entries.__class__ is not tuple or entries[1].__class__ is not list \
                or len(entries[1]) != len(raw_choices):
            return None
        for index, (raw_choice, entry) in enumerate(zip(raw_choices, entries[1])):
            if raw_choice.__class__ is not dict or raw_choice.keys() != _TEXT_AND_TARGET or entry.__class__ is not tuple:
                return None
            label, target = raw_choice["text"], raw_choice["to"]
            to = entry[1].get("to") if entry[1].__class__ is dict else None
            if label.__class__ is not str or target.__class__ is not str or to.__class__ is not int:
                return None
            packed, to = entry[0] & _VALUE_MASK, to & _VALUE_MASK
            # A label met before is its shared template already (plain_template's own cache, looked in first).
            label_template = (cache.get(("plain", label)) if cache is not None else None) or plain_template(label, scope)
            if not packed or not to or label_template is None:
                return None
            choices.append(Choice(label_template, target, _new_loc(Loc, (display, packed >> _LINE_SHIFT, (packed >> 3) & 0xFFFFFF)),
                                  str(index), target_loc=_new_loc(Loc, (display, to >> _LINE_SHIFT, (to >> 3) & 0xFFFFFF)),
                                  identity=f">{target}:{label}"))
    return Node(node_id, chapter_id, loc, [template], [None], choices=choices)


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


def _kind(type_name: str) -> str:
    return {"int": "a whole number", "bool": "true or false", "str": "text"}.get(type_name, type_name)
