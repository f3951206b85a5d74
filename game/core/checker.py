"""The story checker: the loader's findings plus the graph, variable and soft-lock checks."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from game.core.cascades import without_cascades
from game.core.diagnostics import ERROR, WARNING, Diagnostic
from game.core.expressions import Expr
from game.core.house_style import house_style_findings
from game.core.lang import ir
from game.core.loader import LoadResult, collector_paused, load_story
from game.core.model import Loc, Node, Story, Variable
from game.core.registry import Catalogue
from game.core.runaway import check_runaway
from game.core.suggest import Suggester, hint
from game.core.usage import check_usage
from game.core.yaml_mistakes import PARSE_ERROR_CODES

EXPECTED_PAGES = ("content_note", "help", "credits")
UNREADABLE = {"CL001", "CL002", "CL003", "CL004", "CL005", *PARSE_ERROR_CODES}


def check_story(root: Path | str, catalogue: Catalogue | None = None) -> LoadResult:
    """Load a story with the game's catalogue (see load_story) and add the checker's findings."""
    with collector_paused():
        result = load_story(root, catalogue)
        unreadable = any(d.code in UNREADABLE for d in result.diagnostics)
        # When a file could not be read at all, every link into it would be reported again; skip those.
        if result.story is not None and not unreadable:
            result.diagnostics.extend(check_loaded(result.story))
        result.diagnostics = without_cascades(result.diagnostics, result.story)
    return result


def check_loaded(story: Story) -> list[Diagnostic]:
    found: list[Diagnostic] = []

    def add(loc: Loc, severity: str, message: str, code: str) -> None:
        found.append(Diagnostic(loc.path, loc.line, loc.col, severity, message, code))

    for chapter in story.chapters:
        if chapter.start not in story.nodes:
            own = [node_id for node_id, node in story.nodes.items() if node.chapter == chapter.id] or list(story.nodes)
            add(chapter.start_loc or chapter.loc, ERROR,
                f"chapter '{chapter.id}' starts at '{chapter.start}', which is not a node{hint(chapter.start, own)}", "CL022")
        elif story.nodes[chapter.start].chapter != chapter.id:
            add(chapter.start_loc or chapter.loc, ERROR, f"chapter '{chapter.id}' starts at '{chapter.start}', a node of another chapter", "CL026")

    # One walk over the nodes for what each node is checked for alone: its links, whether it can
    # go on, the variables it reads and the ranges its effects keep to (CL034, listed after the
    # reachability findings, in the order they were found before this walk did them all).
    node_names = Suggester(story.nodes)
    nodes = story.nodes
    read: set[tuple[str | None, str]] = set()
    ranges: list[Diagnostic] = []
    setting: list[Node] = []  # the nodes with an effect, for the runaway check

    def add_range(loc: Loc, severity: str, message: str, code: str) -> None:
        ranges.append(Diagnostic(loc.path, loc.line, loc.col, severity, message, code))

    get = nodes.get
    read_add = read.add
    for node in nodes.values():
        chapter_id = node.chapter
        choices = node.choices
        sets = bool(node.on_enter)
        # CL025 is asked of a node with choices and no other way on: whether each choice can be blocked.
        blockable = bool(choices) and not node.next and not node.ending and not node.fallback
        for template in node.text:
            for name in template.reads:
                read_add((chapter_id, name))
        if node.status or node.scene or sets:
            for names in _reads_of_node_itself(node):
                for name in names:
                    read_add((chapter_id, name))
        for choice in choices:
            other = get(choice.target)
            if other is None or other.chapter != chapter_id:
                _link_finding(node, choice.target, other, choice.target_loc or choice.loc, add, node_names)
            for name in choice.text.reads:
                read_add((chapter_id, name))
            if choice.reason is not None or choice.condition is not None or choice.enabled is not None or choice.effects:
                for names in _reads_of_choice(choice):
                    for name in names:
                        read_add((chapter_id, name))
                sets = sets or bool(choice.effects)
            if blockable:  # every choice so far can be blocked: can this one?
                blockable = (choice.once or choice.condition is not None or choice.enabled is not None) \
                    and _can_be_blocked(story, node, choice)
        if node.next:
            other = get(node.next)
            if other is None or other.chapter != chapter_id:
                _link_finding(node, node.next, other, node.next_loc or node.loc, add, node_names)
        if node.fallback:
            other = get(node.fallback)
            if other is None or other.chapter != chapter_id:
                _link_finding(node, node.fallback, other, node.fallback_loc or node.loc, add, node_names)
        if not choices and not node.next and not node.ending:
            add(node.loc, ERROR, f"'{node.id}' is a dead end: give it choices, a next or an ending", "CL024")
        elif blockable:
            add(node.loc, WARNING, f"every choice of '{node.id}' can be hidden or unavailable at once; "
                "add a choice that is always open or a 'fallback'", "CL025")
        if sets:
            setting.append(node)
            declared = story.variables_for(chapter_id)
            for effect in [*node.on_enter, *(e for c in choices for e in c.effects)]:
                _check_effect_range(declared.get(effect.target), effect, node, add_range)

    for chapter in story.chapters:
        if chapter.start not in nodes:
            continue
        reached = reachable(story, chapter.start)
        for node_id in chapter.node_ids:
            if node_id not in reached:
                add(nodes[node_id].loc, WARNING, f"no path from '{chapter.start}' reaches '{node_id}'", "CL023")

    found.extend(ranges)
    _check_variables(story, read, add)
    check_runaway(story, add, setting)
    found.extend(check_usage(story))
    for name in EXPECTED_PAGES:
        if name not in story.pages:
            add(Loc(_manifest_display(story), 1, 1), WARNING, f"the story has no '{name}' page; the game shows a plain one", "CL044")
    found.extend(house_style_findings(story, _manifest_display(story)))
    return found


def _manifest_display(story: Story) -> str:
    from game.core.loader import _Loader

    return _Loader(story.root).display(story.root / "story.yaml")


def _link_finding(node: Node, target: str, other: Node | None, loc: Loc, add: Any, node_names: Suggester) -> None:
    """CL021 or CL026 for a link from `node` to `target` (the node `other`, or None) that is not a node of its chapter."""
    if other is None:
        add(loc, ERROR, f"'{target}' is not a node{hint(target, node_names)}", "CL021")
    elif other.chapter != node.chapter:
        add(loc, ERROR, f"'{target}' belongs to chapter '{other.chapter}'; choices stay inside their chapter", "CL026")


def reachable(story: Story, start: str) -> set[str]:
    """Node ids a path from `start` reaches over choices, next and fallback, whatever the conditions."""
    nodes = story.nodes
    seen: set[str] = set()
    stack = [start]
    push, pop, get, see = stack.append, stack.pop, nodes.get, seen.add
    while stack:
        node_id = pop()
        if node_id in seen:
            continue
        node = get(node_id)
        if node is None:
            continue
        see(node_id)
        for choice in node.choices:  # node.targets(), without a list made for every node
            push(choice.target)
        if node.next:
            push(node.next)
        if node.fallback:
            push(node.fallback)
    return seen


# -- variables ----------------------------------------------------------------------

def _reads_of_node_itself(node: Node) -> Iterable[frozenset[str]]:
    """The names a node's status line, scene and arrival effects read (its texts and choices are read apart).

    A template already knows what all of its expressions read (and the common texts are one
    shared template each), so its expressions are not gathered again for every node.
    """
    if node.status:
        yield node.status.reads
    if node.scene:
        yield from (value.reads for value in node.scene.params.values() if isinstance(value, Expr))
    for effect in node.on_enter:
        yield effect.value.reads


def _reads_of_choice(choice: Any) -> Iterable[frozenset[str]]:
    """The names a choice's reason, conditions and effects read (its text is read apart)."""
    if choice.reason:
        yield choice.reason.reads
    for expr in (choice.condition, choice.enabled):
        if expr is not None:
            yield expr.reads
    for effect in choice.effects:
        yield effect.value.reads


def _check_variables(story: Story, read: set[tuple[str | None, str]], add: Any) -> None:
    """CL035: the variables nothing reads; `read` holds (chapter id, name) for what the nodes read."""
    for chapter in story.chapters:
        if chapter.status:
            for expr in chapter.status.expressions():
                for name in expr.reads:
                    read.add((chapter.id, name))
    read_names = {name for _, name in read}
    for name, var in story.variables.items():
        if name not in read_names:
            add(var.loc, WARNING, f"variable '{name}' is never read", "CL035")
    for chapter in story.chapters:
        for name, var in chapter.variables.items():
            if (chapter.id, name) not in read:
                add(var.loc, WARNING, f"variable '{name}' is never read in chapter '{chapter.id}'", "CL035")


def _check_effect_range(var: Variable | None, effect: Any, node: Node, add: Any) -> None:
    if var is None or var.type != "int" or not effect.value.is_constant:
        return
    amount = effect.value.constant
    low, high = var.low, var.high
    where = node.loc
    if effect.op == "=" and ((low is not None and amount < low) or (high is not None and amount > high)):
        add(where, WARNING, f"'{effect}' in '{node.id}' sets '{var.name}' outside its range {low}..{high}; it will be clamped", "CL034")
    elif effect.op in ("+=", "-=") and low is not None and high is not None and abs(amount) > high - low:
        add(where, WARNING, f"'{effect}' in '{node.id}' moves '{var.name}' by more than its whole range {low}..{high}", "CL034")


# -- soft-locks ---------------------------------------------------------------------

def _can_be_blocked(story: Story, node: Node, choice: Any) -> bool:
    """True when the checker can show the choice may be hidden or unavailable."""
    if choice.once:
        return True
    if choice.condition is None and choice.enabled is None:
        return False
    declared = story.variables_for(node.chapter)
    for expr in (choice.condition, choice.enabled):
        if expr is not None and _may_be_false(expr, declared):
            return True
    return False


def _may_be_false(expr: Expr, declared: dict[str, Variable]) -> bool:
    """Whether the condition can be false for some values in the declared ranges.

    Interval reasoning over comparisons of a variable with a constant; anything the analysis
    cannot follow counts as "may be false", which only ever makes the warning more cautious.
    """
    return _truth(expr.ir, declared) is not True


def _truth(node: ir.Node, declared: dict[str, Variable]) -> bool | None:
    """True (always true), False (always false) or None (depends)."""
    if isinstance(node, ir.Const) and isinstance(node.value, bool):
        return node.value
    if isinstance(node, ir.Logic):
        parts = [_truth(value, declared) for value in node.values]
        if node.op == "and":
            return False if False in parts else (True if all(p is True for p in parts) else None)
        return True if True in parts else (False if all(p is False for p in parts) else None)
    if isinstance(node, ir.Unary) and node.op == "not":
        inner = _truth(node.operand, declared)
        return None if inner is None else not inner
    if isinstance(node, ir.Compare) and len(node.ops) == 1:
        left, right = _interval(node.operands[0], declared), _interval(node.operands[1], declared)
        if left is None or right is None:
            return None
        (a, b), (c, d) = left, right
        op = node.ops[0]
        if op == "<":
            return True if b < c else (False if a >= d else None)
        if op == "<=":
            return True if b <= c else (False if a > d else None)
        if op == ">":
            return True if a > d else (False if b <= c else None)
        if op == ">=":
            return True if a >= d else (False if b < c else None)
        if op == "==":
            return True if a == b == c == d else (False if b < c or d < a else None)
        if op == "!=":
            return False if a == b == c == d else (True if b < c or d < a else None)
    return None


def _interval(node: ir.Node, declared: dict[str, Variable]) -> tuple[int, int] | None:
    constant = ir.int_constant(node)
    if constant is not None:
        return constant, constant
    if isinstance(node, ir.Unary) and node.op == "-":
        inner = _interval(node.operand, declared)
        return None if inner is None else (-inner[1], -inner[0])
    if isinstance(node, ir.Var):
        var = declared.get(node.name)
        if var is not None and var.type == "int" and var.low is not None and var.high is not None:
            return var.low, var.high
    return None
