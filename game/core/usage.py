"""Where each variable is read and set, and the checker warnings that follow from it (CL050–CL053, CL059).

A read is "for the player" when a condition, a text, a status line, a scene or a reason uses the
value; an effect's read counts only when what that effect sets is itself read later. A set is
"read later" when some node reachable from where it happens (conditions aside) reads the
variable. Everything here goes through the small query functions at the top, so the rest does
not depend on how expressions are represented.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from game.core.diagnostics import WARNING, Diagnostic
from game.core.expressions import Effect, Expr
from game.core.model import Choice, Loc, Node, Story

QUALITY_ALL = "all"  # the `quality:` entry that holds thresholds for every chapter


# -- the reads/writes query: the only place that looks inside expressions ---------------------

def expression_reads(expr: Expr | None) -> frozenset[str]:
    """The variables an expression reads."""
    return expr.reads if expr is not None else frozenset()


def expression_node_reads(expr: Expr | None) -> frozenset[str]:
    """The node ids whose visits an expression reads (seen(), visits())."""
    return expr.nodes if expr is not None else frozenset()


def template_reads(template: Any) -> frozenset[str]:
    """The variables a text template reads, in any of its branches."""
    if template is None:
        return frozenset()
    return template.reads  # the union of its expressions' reads, made once when it was compiled


def template_node_reads(template: Any) -> frozenset[str]:
    if template is None:
        return frozenset()
    return template.nodes


def effect_writes(effect: Effect) -> str:
    """The variable an effect sets."""
    return effect.target


def effect_reads(effect: Effect) -> frozenset[str]:
    """The variables an effect's value reads (`x += 1` reads only what `1` reads)."""
    return expression_reads(effect.value)


# -- the index ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class WriteSite:
    """One effect that sets a variable: on arriving at `node`, or when its choice `choice` is taken."""

    variable: str
    node: str
    after: str  # the node the player is at next, whose text is the first that can read the value
    loc: Loc
    effect: Effect
    choice: int | None = None


@dataclass
class ChapterUses:
    """Who reads and sets what in one chapter."""

    chapter: str
    # node id -> the nodes of the chapter with a link to it, made when first asked for (a chapter
    # that sets no variable never asks): `find_predecessors` makes it
    find_predecessors: Callable[[], dict[str, set[str]]]
    player_reads: dict[str, set[str]] = field(default_factory=dict)  # variable -> nodes reading it for the player
    everywhere: set[str] = field(default_factory=set)  # variables the chapter's status line reads at every node
    writes: list[WriteSite] = field(default_factory=list)
    node_reads: set[str] = field(default_factory=set)  # node ids whose visits something reads
    live_reads: dict[str, set[str]] = field(default_factory=dict)  # player reads plus effect reads that matter
    gated: list[tuple[str, Choice]] = field(default_factory=list)  # (node id, choice) for each choice with `enabled`
    _leading: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    _predecessors: dict[str, set[str]] | None = None

    @property
    def predecessors(self) -> dict[str, set[str]]:
        if self._predecessors is None:
            self._predecessors = self.find_predecessors()
        return self._predecessors

    def leading_to(self, nodes: set[str]) -> set[str]:
        """Every node from which a path (conditions aside) reaches one of `nodes`, those included.

        One backward walk per set of nodes, so the whole check stays linear in the story's size
        for each variable, however many nodes it has.
        """
        found = set(nodes)
        stack = list(nodes)
        while stack:
            for before in self.predecessors.get(stack.pop(), ()):
                if before not in found:
                    found.add(before)
                    stack.append(before)
        return found

    def read_after(self, variable: str, node: str) -> bool:
        """Whether something the player meets from `node` on reads `variable`."""
        if variable in self.everywhere:
            return True
        readers = self.live_reads.get(variable, set())
        key = (variable, len(readers))  # readers only ever grow, so their count names the set
        if key not in self._leading:
            self._leading[key] = self.leading_to(readers)
        return node in self._leading[key]

    def is_live(self, site: WriteSite) -> bool:
        return self.read_after(site.variable, site.after)

    def dead_writes(self) -> list[WriteSite]:
        return [site for site in self.writes if not self.is_live(site)]

    def set_anywhere(self, variable: str) -> bool:
        return any(site.variable == variable for site in self.writes)

    def read_anywhere(self, variable: str) -> bool:
        return variable in self.everywhere or bool(self.player_reads.get(variable))


def _player_reads_of_node(node: Node) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(variables, node ids) read for the player at a node: text, status, scene, choice texts and gates.

    Only the pieces that read something are listed: most prose reads nothing.
    """
    found: list[tuple[frozenset[str], frozenset[str]]] = []
    status, scene, choices = node.status, node.scene, node.choices
    if status is None and scene is None:
        for choice in choices:
            if choice.reason is not None or choice.condition is not None or choice.enabled is not None:
                break
        else:  # only texts, the commonest node: no list of every piece is made to find that none reads anything
            for template in node.text:
                if template.reads or template.nodes:
                    found.append((template.reads, template.nodes))
            for choice in choices:
                if choice.text.reads or choice.text.nodes:
                    found.append((choice.text.reads, choice.text.nodes))
            return found
    templates = [*node.text, status]
    exprs: list[Expr | None] = [value for value in scene.params.values() if isinstance(value, Expr)] if scene else []
    for choice in choices:
        templates.append(choice.text)
        templates.append(choice.reason)
        exprs.append(choice.condition)
        exprs.append(choice.enabled)
    for template in templates:
        if template is not None and (template.reads or template.nodes):  # what template_reads and template_node_reads give
            found.append((template.reads, template.nodes))
    for expr in exprs:
        if expr is not None:
            found.append((expression_reads(expr), expression_node_reads(expr)))
    return found


def predecessors_within(story: Story, node_ids: Iterable[str]) -> dict[str, set[str]]:
    """For each node, the nodes with a choice, next or fallback leading to it."""
    found: dict[str, set[str]] = {}
    for node_id in node_ids:
        node = story.nodes.get(node_id)
        if node is None:
            continue
        for target in node.targets():
            found.setdefault(target, set()).add(node_id)
    return found


def chapter_uses(story: Story, chapter_id: str) -> ChapterUses:
    chapter = story.chapter(chapter_id)
    uses = ChapterUses(chapter_id, lambda: predecessors_within(story, chapter.node_ids))
    uses.everywhere = set(template_reads(chapter.status))
    uses.node_reads |= template_node_reads(chapter.status)
    effect_reads_at: list[tuple[WriteSite, frozenset[str]]] = []
    nodes_by_id = story.nodes
    for node_id in chapter.node_ids:
        node = nodes_by_id[node_id]
        for names, nodes in _player_reads_of_node(node):
            uses.node_reads |= nodes
            for name in names:
                uses.player_reads.setdefault(name, set()).add(node_id)
        for effect in node.on_enter:
            site = WriteSite(effect_writes(effect), node_id, node_id, node.loc, effect)
            uses.writes.append(site)
            effect_reads_at.append((site, effect_reads(effect)))
            uses.node_reads |= expression_node_reads(effect.value)
        for index, choice in enumerate(node.choices):
            if choice.enabled is not None:
                uses.gated.append((node_id, choice))
            for effect in choice.effects:
                site = WriteSite(effect_writes(effect), node_id, choice.target, choice.loc, effect, index)
                uses.writes.append(site)
                effect_reads_at.append((site, effect_reads(effect)))
                uses.node_reads |= expression_node_reads(effect.value)
    uses.live_reads = {name: set(nodes) for name, nodes in uses.player_reads.items()}
    # An effect's reads count once what it sets is read later; that can make further effects count.
    changed = True
    while changed:
        changed = False
        for site, names in effect_reads_at:
            if not names or not uses.is_live(site):
                continue
            for name in names:
                readers = uses.live_reads.setdefault(name, set())
                if site.node not in readers:
                    readers.add(site.node)
                    changed = True
    return uses


# -- reasons and gates ----------------------------------------------------------------------------

def reason_mismatch(choice: Choice) -> tuple[set[str], set[str]] | None:
    """(read by the reason but not the gate, tested by the gate but not the reason), or None when they agree.

    Only a reason that varies (reads some variable) is compared: a plain reason cannot be said
    to name another cause, and an author writes one in words of the story, not of the variables.
    """
    if choice.enabled is None or choice.reason is None or choice.reason_note:
        return None
    reason = set(template_reads(choice.reason))
    if not reason:
        return None
    gate = set(expression_reads(choice.enabled))
    extra, missing = reason - gate, gate - reason
    if not extra and not missing:
        return None
    return extra, missing


# -- the checker warnings -----------------------------------------------------------------------

def check_usage(story: Story) -> list[Diagnostic]:
    """Variables set but not read after, read but never set, reasons naming another cause, and `quality:` keys."""
    found: list[Diagnostic] = []

    def add(loc: Loc, message: str, code: str) -> None:
        found.append(Diagnostic(loc.path, loc.line, loc.col, WARNING, message, code))

    for chapter in story.chapters:
        uses = chapter_uses(story, chapter.id)
        declared = story.variables_for(chapter.id)
        _check_dead_writes(uses, declared, add)
        for name, var in declared.items():
            if uses.read_anywhere(name) and not uses.set_anywhere(name):
                scope = "" if var.chapter else f" in chapter '{chapter.id}'"
                add(var.loc, f"variable '{name}' is read{scope} but never set there, so it is always {var.initial!r}; "
                    "set it somewhere or use the value itself", "CL051")
        for node_id, choice in uses.gated:  # the choices with an `enabled`, found in the same walk
            mismatch = reason_mismatch(choice)
            if mismatch is None:
                continue
            extra, missing = mismatch
            if extra:
                add(choice.loc, f"in '{node_id}', the reason for '{choice.text.source}' varies with "
                    f"{_names(extra)}, which its 'enabled' does not test", "CL052")
            if missing:
                add(choice.loc, f"in '{node_id}', the 'enabled' of '{choice.text.source}' tests "
                    f"{_names(missing)}, which its reason never mentions in any branch", "CL053")
    _check_quality_names(story, add)
    return found


def _check_dead_writes(uses: ChapterUses, declared: dict[str, Any], add: Callable[[Loc, str, str], None]) -> None:
    by_variable: dict[str, list[WriteSite]] = {}
    for site in uses.writes:
        by_variable.setdefault(site.variable, []).append(site)
    for name, sites in by_variable.items():
        if name not in declared or not (uses.read_anywhere(name) or uses.live_reads.get(name)):
            continue  # never read at all: CL035 already says so
        dead = sorted((site for site in sites if not uses.is_live(site)), key=lambda s: (s.loc.path, s.loc.line))
        if not dead:
            continue
        first = dead[0]
        lines = ", ".join(f"{site.loc.path.rsplit('/', 1)[-1]}:{site.loc.line}" for site in dead[:4])
        more = f" and {len(dead) - 4} more" if len(dead) > 4 else ""
        whole = f"all {len(sites)} places" if len(dead) == len(sites) else f"{len(dead)} of its {len(sites)} places"
        add(first.loc, f"variable '{name}' is set in {whole} where nothing read afterwards uses it "
            f"({lines}{more}); the player never feels those changes", "CL050")


def _check_quality_names(story: Story, add: Callable[[Loc, str, str], None]) -> None:
    known = {chapter.id for chapter in story.chapters}
    for name, loc in story.quality_locs.items():
        if name != QUALITY_ALL and name not in known:
            add(loc, f"the quality block names '{name}', which is not a chapter (the chapters are: "
                f"{', '.join(sorted(known))}; '{QUALITY_ALL}' is for every chapter)", "CL059")


def _names(names: set[str]) -> str:
    ordered = sorted(names)
    quoted = [f"'{name}'" for name in ordered]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
