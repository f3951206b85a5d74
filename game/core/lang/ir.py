"""The story language's one typed intermediate form: expressions and effects as frozen dataclasses.

`parse.py` builds it from text (under the language's whitelist, type-checked); `evaluate.py` runs
it; every tool that needs to know what an expression reads, compares or rolls walks this form.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Union

INT, BOOL, STR = "int", "bool", "str"
# Hard limits on what a variable may hold, so no loop can make a number too long to show or a
# text that fills memory: a change past them is refused and the variable keeps its last value.
INT_LIMIT = 10**15  # whole numbers lie within ±10^15
STR_LIMIT = 10_000  # text variables hold at most 10,000 characters

CHANCE, RANDOM = "chance", "random"
ARITHMETIC = ("+", "-", "*", "//", "%")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
EFFECT_OPS = ("=", "+=", "-=")


@dataclass(frozen=True)
class Const:
    value: Any  # int, bool or str


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Seen:
    """seen(node): whether the node has been visited."""

    node: str


@dataclass(frozen=True)
class Visits:
    """visits(node): how many times the node has been visited."""

    node: str


@dataclass(frozen=True)
class Turns:
    """turns(): steps taken so far."""


@dataclass(frozen=True)
class Roll:
    """chance(p) or random(low, high): the only places chance enters; each has a stable site name."""

    kind: str  # CHANCE or RANDOM
    args: tuple["Node", ...]
    site: str


@dataclass(frozen=True)
class Call:
    """A built-in function of whole numbers: min, max or abs."""

    name: str
    args: tuple["Node", ...]


@dataclass(frozen=True)
class Unary:
    op: str  # "not" or "-"
    operand: "Node"


@dataclass(frozen=True)
class Binary:
    op: str  # one of ARITHMETIC; "+" also joins two texts
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Logic:
    op: str  # "and" or "or"
    values: tuple["Node", ...]


@dataclass(frozen=True)
class Compare:
    """A comparison, possibly chained: operands[0] ops[0] operands[1] ops[1] operands[2] …"""

    ops: tuple[str, ...]
    operands: tuple["Node", ...]


@dataclass(frozen=True)
class IfElse:
    test: "Node"
    body: "Node"
    orelse: "Node"


Node = Union[Const, Var, Seen, Visits, Turns, Roll, Call, Unary, Binary, Logic, Compare, IfElse]


@dataclass(frozen=True)
class Assign:
    """One effect: target op value, with op one of EFFECT_OPS."""

    target: str
    op: str
    value: Node


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (Roll, Call, Logic)):
        return node.args if not isinstance(node, Logic) else node.values
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Compare):
        return node.operands
    if isinstance(node, IfElse):
        return (node.test, node.body, node.orelse)
    return ()


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def variables_read(node: Node) -> frozenset[str]:
    return frozenset(n.name for n in walk(node) if isinstance(n, Var))


def nodes_read(node: Node) -> frozenset[str]:
    return frozenset(n.node for n in walk(node) if isinstance(n, (Seen, Visits)))


def rolls(node: Node) -> bool:
    return any(isinstance(n, Roll) for n in walk(node))


def reads_turns(node: Node) -> bool:
    return any(isinstance(n, Turns) for n in walk(node))


def int_constant(node: Node) -> int | None:
    """The value of a whole-number literal (a sign already folded in at parse), else None."""
    if isinstance(node, Const) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def comparison_uses(root: Node) -> Iterator[tuple[Node, int | None]]:
    """For every comparison in `root`: each operand with the constant it is compared with (None if not one).

    An operand of a chained comparison is paired with each neighbour in turn.
    """
    for node in walk(root):
        if isinstance(node, Compare):
            operands = node.operands
            for index, operand in enumerate(operands):
                for other in (index - 1, index + 1):
                    if 0 <= other < len(operands):
                        yield operand, int_constant(operands[other])


class ExprError(Exception):
    """A problem in an expression, at a character offset into its source."""

    def __init__(self, message: str, offset: int = 0, code: str = "CL030") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.code = code


@dataclass(frozen=True)
class VarInfo:
    """What the parser knows of a variable: its type and, for enums, its values; for ints, its range."""

    type: str  # int, bool or str
    values: tuple[str, ...] | None = None  # for enums
    low: int | None = None
    high: int | None = None


FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "seen": (("node",), BOOL),
    "visits": (("node",), INT),
    "turns": ((), INT),
    "chance": ((INT,), BOOL),
    "random": ((INT, INT), INT),
    "min": ((INT, INT), INT),
    "max": ((INT, INT), INT),
    "abs": ((INT,), INT),
}
