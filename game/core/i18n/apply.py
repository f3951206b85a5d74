"""A story in another language: each string replaced by its translation, compiled and proved to keep the source's expressions."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable

from game.core.expressions import ExprError, SimpleScope, compile_expression
from game.core.i18n.catalogue import Translation
from game.core.i18n.keys import FACT_PARTS, bare_variables, choice_keys, paragraph_key, shown_values, value_key
from game.core.i18n.languages import join_lines
from game.core.model import Chapter, Node, Page, Story
from game.core.templates import Conditional, Interpolation, Parts, Template, compile_template

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Mismatch:
    """A translation that cannot be shown as written: it does not compile, or it changes the source's logic."""

    key: str
    code: str  # CL122 (expressions), CL123 (branches), CL124 (does not compile)
    message: str


def shape(parts: Parts) -> tuple:
    """What a translation must keep of a template: its expressions and its {if …} branches, not its words or order."""
    interpolations: list[str] = []
    conditionals: list[tuple] = []
    for part in parts:
        if isinstance(part, Interpolation):
            interpolations.append(_SPACE.sub("", part.expr.source))
        elif isinstance(part, Conditional):
            conditionals.append(tuple((_SPACE.sub("", c.source) if c is not None else None, shape(branch)) for c, branch in part.branches))
    return tuple(sorted(interpolations)), tuple(sorted(conditionals, key=repr))


def compare(key: str, source: Template, translated: Template) -> Mismatch | None:
    """Why `translated` does not keep `source`'s logic, or None."""
    (mine, my_ifs), (theirs, their_ifs) = shape(source.parts), shape(translated.parts)
    if mine != theirs:
        missing = sorted(set(mine) - set(theirs))
        extra = sorted(set(theirs) - set(mine))
        said = "; ".join(filter(None, [
            f"missing {', '.join('{' + e + '}' for e in missing)}" if missing else "",
            f"not in the source {', '.join('{' + e + '}' for e in extra)}" if extra else "",
        ])) or "the same expressions a different number of times"
        return Mismatch(key, "CL122", f"the translation's {{…}} expressions differ from the source's: {said}")
    if [len(c) for c in my_ifs] != [len(c) for c in their_ifs] or my_ifs != their_ifs:
        counts = lambda ifs: "+".join(str(len(c)) for c in ifs) or "none"  # noqa: E731
        return Mismatch(key, "CL123", f"the translation's {{if …}} branches differ from the source's "
                                      f"(source: {counts(my_ifs)}; translation: {counts(their_ifs)}); keep each condition and branch")
    return None


class _Translator:
    def __init__(self, story: Story, translation: Translation) -> None:
        self.story, self.translation = story, translation
        self.mismatches: list[Mismatch] = []
        self.used = 0
        # Enum values a text shows as they are ({pen}), with their translations: shown in the language.
        self.values: dict[str, dict[str, str]] = {}
        for (chapter, name), options in shown_values(story).items():
            words = {value: found for value in options
                     if (found := translation.usable(value_key(chapter, name, value), value)) is not None}
            if words:
                self.values[name] = words
                self.used += len(words)

    def shown_in_language(self, parts: Parts, scope: SimpleScope) -> Parts:
        """`{pen}` of an enum whose values are translated becomes `{if pen == 'X': 訳|…|else: {pen}}`."""
        out: Parts = []
        for part in parts:
            name = part.expr.source.strip() if isinstance(part, Interpolation) else ""
            if name in self.values:
                branches = [(compile_expression(f"{name} == {value!r}", scope, want="bool"), [word])
                            for value, word in self.values[name].items()]
                out.append(Conditional([*branches, (None, [part])]))
            elif isinstance(part, Conditional):
                out.append(Conditional([(c, self.shown_in_language(branch, scope)) for c, branch in part.branches]))
            else:
                out.append(part)
        return out

    def with_values(self, template: Template, scope: SimpleScope) -> Template:
        if not self.values or template.is_plain or not any(name in self.values for name in bare_variables(template.parts)):
            return template
        return dataclasses.replace(template, parts=self.shown_in_language(template.parts, scope))

    def text(self, key: str, source: str) -> str:
        found = self.translation.usable(key, source)
        if found is None:
            return source
        self.used += 1
        return join_lines(found, self.translation.lang)

    def template(self, key: str, source: Template, scope: SimpleScope) -> Template:
        return self.with_values(self._template(key, source, scope), scope)

    def _template(self, key: str, source: Template, scope: SimpleScope) -> Template:
        found = self.translation.usable(key, source.source)
        if found is None:
            return source
        try:
            translated = compile_template(join_lines(found, self.translation.lang), scope)
        except ExprError as error:
            self.mismatches.append(Mismatch(key, "CL124", f"the translation does not read as a template: {error.message}"))
            return source
        problem = compare(key, source, translated)
        if problem is not None:
            self.mismatches.append(problem)
            return source
        self.used += 1
        return translated

    def node(self, node: Node, scope: SimpleScope) -> Node:
        choices = []
        for key, choice in zip(choice_keys(node), node.choices):
            reason = self.template(f"{key}.reason", choice.reason, scope) if choice.reason is not None else None
            choices.append(dataclasses.replace(choice, text=self.template(key, choice.text, scope), reason=reason))
        ending = node.ending
        if ending is not None:
            ending = dataclasses.replace(ending, title=self.text(f"{node.id}.ending", ending.title))
        fact = node.fact
        if fact is not None:
            fact = dataclasses.replace(fact, **{part: self.text(f"{node.id}.fact.{part}", getattr(fact, part))
                                                for part, _note in FACT_PARTS if getattr(fact, part)})
        return dataclasses.replace(
            node, fact=fact,
            title=self.text(f"{node.id}.title", node.title) if node.title else node.title,
            text=[self.template(paragraph_key(node, index), paragraph, scope) for index, paragraph in enumerate(node.text)],
            status=self.template(f"{node.id}.status", node.status, scope) if node.status is not None else None,
            choices=choices, ending=ending)

    def chapter(self, chapter: Chapter, scope: SimpleScope, nodes: dict[str, Node]) -> Chapter:
        prefix = f"chapter.{chapter.id}"
        endings = [nodes[ending.node].ending or ending if ending.node in nodes else ending for ending in chapter.endings]
        return dataclasses.replace(
            chapter,
            title=self.text(f"{prefix}.title", chapter.title),
            blurb=self.text(f"{prefix}.blurb", chapter.blurb) if chapter.blurb else "",
            inspired_by=self.text(f"{prefix}.inspired_by", chapter.inspired_by) if chapter.inspired_by else "",
            status=self.template(f"{prefix}.status", chapter.status, scope) if chapter.status is not None else None,
            endings=endings)


def translate_story(story: Story, translation: Translation,
                    scope_for: Callable[[str], SimpleScope] | None = None) -> tuple[Story, list[Mismatch], int]:
    """The story with every usable translation in place, the translations refused, and how many were used.

    The result shares everything else with `story` (variables, effects, conditions, ids), so a save made in one
    language loads and plays on in the other."""
    translator = _Translator(story, translation)
    scope_for = scope_for or (lambda chapter_id: SimpleScope({name: var.info for name, var in story.variables_for(chapter_id).items()},
                                                             set(story.nodes)))
    scopes: dict[str, SimpleScope] = {}
    nodes: dict[str, Node] = {}
    for node_id, node in story.nodes.items():
        scope = scopes.get(node.chapter) or scopes.setdefault(node.chapter, scope_for(node.chapter))
        nodes[node_id] = translator.node(node, scope)
    chapters = [translator.chapter(chapter, scopes.get(chapter.id) or scope_for(chapter.id), nodes) for chapter in story.chapters]
    pages = {name: Page(translator.text(f"page.{name}.title", page.title),
                        [translator.text(f"page.{name}.{index}", paragraph) for index, paragraph in enumerate(page.paragraphs)])
             for name, page in story.pages.items()}
    translated = dataclasses.replace(story, title=translator.text("story.title", story.title),
                                     tagline=translator.text("story.tagline", story.tagline) if story.tagline else "", chapters=chapters, nodes=nodes, pages=pages)
    return translated, translator.mismatches, translator.used


def in_language(story: Story, lang: str | None) -> Story:
    """The story as a player reads it in `lang` (the source language for None or English).

    Raises CatalogueError, in words for the player, when the language has no catalogue; lines that
    are missing, fuzzy or refused show in the source language."""
    from game.core.i18n.catalogue import CatalogueError, po_path, read  # noqa: PLC0415
    from game.core.i18n.languages import SOURCE, language  # noqa: PLC0415

    if lang is None:
        return story
    try:
        code = language(lang).code
    except KeyError as error:
        raise CatalogueError(str(error).strip("'\"")) from None
    if code == SOURCE:
        return story
    path = po_path(story.root, code)
    if not path.is_file():
        raise CatalogueError(f"this story has no translation into '{code}' ({path} does not exist)")
    translated, _mismatches, _used = translate_story(story, read(path, code))
    return translated
