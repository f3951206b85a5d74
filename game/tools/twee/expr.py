"""Harlowe, SugarCube and Chapbook expressions read into a small tree and written in the story language."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from game.tools.twee.variables import BOOL, INT, STR, Evidence, Variables

# A tree node: ("lit", value), ("var", source name), ("not", x), ("neg", x),
# ("op", operator, left, right) with a story-language operator, ("call", name, args).
Tree = tuple
_COMPARE = ("==", "!=", "<", "<=", ">", ">=")
_PRECEDENCE = {"or": 1, "and": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "//": 6, "%": 6}
# Each dialect's words for the operators, as the story language writes them.
_WORDS = {
    "harlowe": {"is": "==", "and": "and", "or": "or", "not": "not", "contains": "contains", "to": "to", "into": "into"},
    "sugarcube": {"eq": "==", "neq": "!=", "is": "==", "isnot": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=",
                  "and": "and", "or": "or", "not": "not", "to": "to"},
    "chapbook": {},
}
_SYMBOLS = {"===": "==", "!==": "!=", "==": "==", "!=": "!=", "<=": "<=", ">=": ">=", "<": "<", ">": ">", "&&": "and",
            "||": "or", "!": "not", "+": "+", "-": "-", "*": "*", "/": "//", "%": "%", "+=": "+=", "-=": "-=", "=": "=",
            "*=": "*=", "++": "++", "--": "--"}
_TOKEN = re.compile(
    r"""\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<var>[$_][A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)"""
    r"""|(?P<macro>\([A-Za-z][\w-]*:)|(?P<name>[A-Za-z_]\w*)|(?P<sym>===|!==|==|!=|<=|>=|&&|\|\||\+\+|--|\+=|-=|\*=|[-+*/%<>!=(),.;{}:\[\]]))""",
)


_POSSESSIVE = re.compile(r"([$_][A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)'s\s+([A-Za-z_]\w*)")
# Harlowe's words for the parts of an array or string, which are not a datamap's named values.
_ARRAY_WORDS = frozenset({"last", "length", "random", "any", "all", "start", "end", "some", "none", "first"})
# Properties of strings and arrays in JavaScript: `$name.length` is not a variable of its own.
_JS_MEMBERS = frozenset({"length", "size", "first", "last", "count"})


class Unexpressible(Exception):
    """The source means something the story language cannot say; the message says what."""


def tokens(text: str, dialect: str) -> list[tuple[str, str]]:
    """(kind, value) tokens; kinds: num, str, var, macro, name, op, punct. Raises Unexpressible."""
    if dialect == "harlowe":
        # A datamap's named value, `$player's gold`, is read as SugarCube's `$player.gold`.
        text = _POSSESSIVE.sub(lambda found: found.group(0) if found.group(2) in _ARRAY_WORDS else f"{found.group(1)}.{found.group(2)}", text)
    if re.search(r"[$_]\w+'s\b|\bits\b", text):
        raise Unexpressible("Harlowe's `'s` on an array or string, which the story language has no form for")
    found: list[tuple[str, str]] = []
    words = _WORDS.get(dialect, {})
    index = 0
    text = text.rstrip()
    while index < len(text):
        match = _TOKEN.match(text, index)
        if not match or match.end() == index:
            raise Unexpressible(f"cannot read {text[index:].strip()!r}")
        index = match.end()
        kind = match.lastgroup
        value = match.group(kind)  # type: ignore[arg-type]
        if kind == "name" and value in words:
            found.append(("op", words[value]))
        elif kind == "name" and dialect == "chapbook" and value not in ("true", "false"):
            found.append(("var", value))
        elif kind == "sym" and value in _SYMBOLS:
            found.append(("op", _SYMBOLS[value]))
        elif kind == "sym":
            found.append(("punct", value))
        else:
            found.append((kind, value))  # type: ignore[arg-type]
    # Harlowe's `is not` is one operator.
    merged: list[tuple[str, str]] = []
    for token in found:
        if token == ("op", "not") and merged and merged[-1] == ("op", "=="):
            merged[-1] = ("op", "!=")
        elif token[0] == "op" and token[1] in _COMPARE and merged and merged[-1] == ("op", "=="):
            merged[-1] = token  # Harlowe's `is >=` is `>=`
        else:
            merged.append(token)
    return merged


class Parser:
    """A precedence parser over one expression's tokens; `it` is Harlowe's last-compared value."""

    def __init__(self, toks: list[tuple[str, str]], dialect: str, it: Tree | None = None) -> None:
        self.toks = toks
        self.pos = 0
        self.dialect = dialect
        self.it = it
        self.last_left: Tree | None = None

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise Unexpressible("the expression ends too early")
        self.pos += 1
        return token

    def expect(self, value: str) -> None:
        token = self.take()
        if token[1] != value:
            raise Unexpressible(f"expected {value!r}, found {token[1]!r}")

    def expression(self, level: int = 0) -> Tree:
        left = self.unary()
        while True:
            token = self.peek()
            if token is None or token[0] != "op":
                return left
            op = token[1]
            if op == "contains":
                self.pos += 1
                left = ("contains", left, self.unary())
                continue
            strength = _PRECEDENCE.get(op)
            if strength is None or strength <= level:
                return left
            self.pos += 1
            if op in _COMPARE:
                self.last_left = left
            right = self.expression(strength)
            left = ("op", op, left, right)

    def unary(self) -> Tree:
        token = self.take()
        kind, value = token
        if kind == "op" and value == "not":
            return ("not", self.expression(3))
        if kind == "op" and value == "-":
            return ("neg", self.unary())
        if kind == "op" and value in _COMPARE and self.last_left is not None:
            # Harlowe's elided comparison: `$x > 2 and < 5` compares $x again.
            return ("op", value, self.last_left, self.expression(4))
        if kind == "num":
            if "." in value:
                raise Unexpressible(f"the fraction {value} (the story language has whole numbers only)")
            return ("lit", int(value))
        if kind == "str":
            return ("lit", re.sub(r"\\(.)", r"\1", value[1:-1]))
        if kind == "var":
            tree: Tree = ("var", value)
            following = self.peek()
            if following is not None and following[1] in (".", "'s", "(", "["):
                raise Unexpressible(f"{value} is used as an object or array, which the story language has no form for")
            if "." in value and value.rsplit(".", 1)[1] in _JS_MEMBERS:
                raise Unexpressible(f"{value} is a property of a string or array")
            return tree
        if kind == "name":
            return self.name(value)
        if kind == "macro":
            return self.macro(value[1:-1].lower().replace("-", "").replace("_", ""))
        if kind == "punct" and value == "{":
            return self.object()
        if kind == "punct" and value == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        raise Unexpressible(f"{value!r} where a value should be")

    def object(self) -> Tree:
        """A JavaScript object literal, `{gold: 0, name: "Ann"}`: only ever given whole to a variable."""
        items: list[tuple[str, Tree]] = []
        while self.peek() != ("punct", "}"):
            key_kind, key = self.take()
            if key_kind == "str":
                key = key[1:-1]
            elif key_kind not in ("name", "op"):
                raise Unexpressible(f"an object key {key!r}")
            self.expect(":")
            items.append((key, self.expression()))
            if self.peek() == ("punct", ","):
                self.pos += 1
        self.expect("}")
        return ("object", items)

    def arguments(self) -> list[Tree]:
        found: list[Tree] = []
        while self.peek() is not None and self.peek() != ("punct", ")"):
            found.append(self.expression())
            if self.peek() == ("punct", ","):
                self.pos += 1
        self.expect(")")
        return found

    def name(self, word: str) -> Tree:
        if word == "true" or word == "false":
            return ("lit", word == "true")
        if word == "it" and self.dialect == "harlowe" and (self.it or self.last_left) is not None:
            return self.it or self.last_left  # type: ignore[return-value]
        if word == "visits" and self.dialect == "harlowe":
            return ("call", "visits", [])
        if word in ("visited", "random", "turns") and self.peek() == ("punct", "("):
            self.pos += 1
            return ("call", word, self.arguments())
        raise Unexpressible(f"{word!r} has no counterpart in the story language")

    def macro(self, name: str) -> Tree:
        args = self.arguments()
        if name == "history" and not args:
            return ("call", "history", [])
        if name in ("visited", "random"):
            return ("call", name, args)
        if name in ("dm", "datamap") and len(args) % 2 == 0:
            keys = args[::2]
            if all(key[0] == "lit" and isinstance(key[1], str) for key in keys):
                return ("object", [(key[1], value) for key, value in zip(keys, args[1::2])])
        raise Unexpressible(f"({name}:) has no counterpart in the story language")


def parse(text: str, dialect: str, it: Tree | None = None) -> Tree:
    parser = Parser(tokens(text, dialect), dialect, it)
    tree = parser.expression()
    if parser.peek() is not None:
        raise Unexpressible(f"cannot read {parser.peek()[1]!r} after the expression")  # type: ignore[index]
    return tree


def observe(tree: Tree, variables: Variables) -> None:
    """Gather type evidence from one expression tree (the first pass)."""
    kind = tree[0]
    if kind == "op":
        _, op, left, right = tree
        for one, other in ((left, right), (right, left)):
            if one[0] == "var":
                ev = variables.of(one[1])
                if other[0] == "lit":
                    _note_literal(ev, other[1])
                elif op in ("<", "<=", ">", ">=", "-", "*", "//", "%"):
                    ev.types.add(INT)
        observe(left, variables)
        observe(right, variables)
    elif kind in ("not", "neg"):
        observe(tree[1], variables)
        if tree[1][0] == "var" and kind == "neg":
            variables.of(tree[1][1]).types.add(INT)
    elif kind == "call":
        for arg in tree[2]:
            observe(arg, variables)
    elif kind == "contains":
        observe(tree[1], variables)
        observe(tree[2], variables)
    elif kind == "var":
        variables.name(tree[1])


def _note_literal(ev: Evidence, value: object) -> None:
    if isinstance(value, bool):
        ev.types.add(BOOL)
    elif isinstance(value, int):
        ev.types.add(INT)
        ev.ints.add(value)
    elif isinstance(value, str):
        ev.types.add(STR)
        ev.strs.add(value)


def observe_assignment(source: str, op: str, value: Tree, variables: Variables) -> None:
    ev = variables.of(source)
    if value[0] == "lit" and op == "=":
        _note_literal(ev, value[1])
    else:
        guessed = literal_type(value, variables)
        if guessed:
            ev.types.add(guessed)
        if value[0] == "var":
            ev.copies.add(value[1])
        ev.other_strings = True
        ev.arithmetic = True
    observe(value, variables)


def literal_type(tree: Tree, variables: Variables) -> str | None:
    """The type an expression has from its literals and operators alone (the first pass's guess)."""
    kind = tree[0]
    if kind == "lit":
        value = tree[1]
        return BOOL if isinstance(value, bool) else INT if isinstance(value, int) else STR
    if kind in ("not", "contains"):
        return BOOL
    if kind == "neg":
        return INT
    if kind == "op":
        if tree[1] in _COMPARE or tree[1] in ("and", "or"):
            return BOOL
        return literal_type(tree[2], variables) or literal_type(tree[3], variables)
    if kind == "call":
        return BOOL if tree[1] in ("history",) else INT
    return None


@dataclass
class Writer:
    """Writes trees in the story language once the variables' types are fixed; node ids come from `node_id`."""

    variables: Variables
    node_id: Callable[[str], str | None]
    here: str  # the current node's id, for Harlowe's `visits`

    def write(self, tree: Tree, want: str | None = None) -> str:
        text, kind = self.typed(tree)
        if want == BOOL and kind != BOOL:
            return self.truth(text, kind)
        if want is not None and want != kind:
            raise Unexpressible(f"a {kind} where a {want} is needed")
        return text

    def truth(self, text: str, kind: str) -> str:
        # Harlowe and JavaScript test any value for truth: 0 and "" are false.
        return f"{text} != 0" if kind == INT else f"{text} != ''"

    def typed(self, tree: Tree) -> tuple[str, str]:
        kind = tree[0]
        if kind == "lit":
            value = tree[1]
            if isinstance(value, bool):
                return ("true" if value else "false"), BOOL
            if isinstance(value, int):
                return str(value), INT
            return quote(value), STR
        if kind == "var":
            name = self.variables.name(tree[1])
            found = self.variables.type_of(tree[1])
            if found is None:
                raise Unexpressible(f"the type of {tree[1]} is not known")
            return name, found
        if kind == "not":
            return f"not ({self.write(tree[1], BOOL)})", BOOL
        if kind == "neg":
            return f"-({self.write(tree[1], INT)})", INT
        if kind == "call":
            return self.call(tree[1], tree[2])
        if kind == "contains":
            return self.contains(tree[1], tree[2])
        if kind == "object":
            raise Unexpressible("an object used as a value")
        _, op, left, right = tree
        if op in ("and", "or"):
            return f"({self.write(left, BOOL)}) {op} ({self.write(right, BOOL)})", BOOL
        (ltext, lkind), (rtext, rkind) = self.typed(left), self.typed(right)
        if op in ("==", "!="):
            if lkind == BOOL and right[0] == "lit" and isinstance(right[1], bool):
                return (ltext if right[1] == (op == "==") else f"not ({ltext})"), BOOL
            if lkind != rkind:
                raise Unexpressible(f"compares a {lkind} with a {rkind}")
            return f"{_wrap(ltext)} {op} {_wrap(rtext)}", BOOL
        if op in _COMPARE:
            if lkind != INT or rkind != INT:
                raise Unexpressible(f"orders a {lkind} and a {rkind}")
            return f"{_wrap(ltext)} {op} {_wrap(rtext)}", BOOL
        if op == "+" and lkind == STR and rkind == STR:
            return f"{_wrap(ltext)} + {_wrap(rtext)}", STR
        if lkind != INT or rkind != INT:
            raise Unexpressible(f"arithmetic on a {lkind} and a {rkind}")
        return f"{_wrap(ltext)} {op} {_wrap(rtext)}", INT

    def passage(self, args: list[Tree]) -> str:
        if len(args) != 1 or args[0][0] != "lit" or not isinstance(args[0][1], str):
            raise Unexpressible("a passage named by an expression, not a plain string")
        found = self.node_id(args[0][1])
        if found is None:
            raise Unexpressible(f"there is no passage {args[0][1]!r}")
        return found

    def call(self, name: str, args: list[Tree]) -> tuple[str, str]:
        if name == "visits" and not args:
            return f"visits({self.here})", INT
        if name == "visited":
            # SugarCube's visited() counts; Harlowe 3's (visited:) is true once seen.
            target = self.here if not args else self.passage(args)
            return f"visits({target})", INT
        if name == "random" and len(args) == 2:
            return f"random({self.write(args[0], INT)}, {self.write(args[1], INT)})", INT
        if name == "turns" and not args:
            return "turns()", INT
        raise Unexpressible(f"{name}() has no counterpart in the story language")

    def contains(self, left: Tree, right: Tree) -> tuple[str, str]:
        if left == ("call", "history", []):
            return f"seen({self.passage([right])})", BOOL
        raise Unexpressible("`contains` on a value other than (history:)")


def quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    if "'" not in value:
        return "'" + escaped + "'"
    if '"' not in value:
        return '"' + escaped + '"'
    raise Unexpressible("a string holding both kinds of quote")


def _wrap(text: str) -> str:
    return text if re.fullmatch(r"[\w.']+|'[^']*'|\"[^\"]*\"|\w+\([^()]*\)", text) else f"({text})"


def both(conditions: list[str]) -> str | None:
    """The conjunction of conditions (None when there are none), each written once."""
    conditions = list(dict.fromkeys(conditions))
    if not conditions:
        return None
    if len(conditions) == 1:
        return conditions[0]
    return " and ".join(f"({c})" for c in conditions)


def statements(text: str, dialect: str) -> list[tuple[str, str, Tree]]:
    """The assignments in a `(set:)`, `(put:)` or `<<set>>`: (source variable, `=`/`+=`/`-=`, value)."""
    toks = tokens(text, dialect)
    parts: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for token in toks:
        if token in (("punct", ","), ("punct", ";")) and depth == 0:
            parts.append([])
            continue
        depth += {("punct", "("): 1, ("punct", ")"): -1, ("punct", "{"): 1, ("punct", "}"): -1,
                  ("punct", "["): 1, ("punct", "]"): -1}.get(token, 0)
        if token[0] == "macro":
            depth += 1
        parts[-1].append(token)
    found: list[tuple[str, str, Tree]] = []
    for part in parts:
        if not part:
            continue
        if ("op", "into") in part:
            cut = part.index(("op", "into"))
            if part[cut + 1 :] == [] or len(part) != cut + 2 or part[cut + 1][0] != "var":
                raise Unexpressible("(put:) into something other than one variable")
            found.extend(_spread(part[cut + 1][1], _whole(part[:cut], dialect)))
            continue
        if part[0][0] != "var" or len(part) < 2:
            raise Unexpressible("an assignment to something other than a variable")
        target, op = part[0][1], part[1][1]
        rest = part[2:]
        it: Tree = ("var", target)
        if op in ("++", "--") and not rest:
            found.append((target, "+=" if op == "++" else "-=", ("lit", 1)))
        elif op in ("to", "="):
            found.extend(_spread(target, _whole(rest, dialect, it)))
        elif op in ("+=", "-="):
            found.append((target, op, _whole(rest, dialect, it)))
        elif op == "*=":
            found.append((target, "=", ("op", "*", it, _whole(rest, dialect, it))))
        else:
            raise Unexpressible(f"the assignment {op!r}")
    return found


def _spread(target: str, value: Tree) -> list[tuple[str, str, Tree]]:
    """An object given to a variable becomes one variable per named value: `$player.gold`, `$player.name`."""
    if value[0] != "object":
        return [(target, "=", value)]
    found: list[tuple[str, str, Tree]] = []
    for key, item in value[1]:
        if not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise Unexpressible(f"the object key {key!r}")
        found.extend(_spread(f"{target}.{key}", item))
    return found


def _whole(toks: list[tuple[str, str]], dialect: str, it: Tree | None = None) -> Tree:
    parser = Parser(toks, dialect, it)
    tree = parser.expression()
    if parser.peek() is not None:
        raise Unexpressible(f"cannot read {parser.peek()[1]!r} after the value")  # type: ignore[index]
    return tree


@dataclass(frozen=True)
class Effect:
    """One effect on arrival or on a choice: `name op value`, taking place only while `condition` holds."""

    name: str
    op: str
    value: str
    condition: str | None = None

    def under(self, condition: str | None) -> "Effect":
        return Effect(self.name, self.op, self.value, both([c for c in (condition, self.condition) if c]))

    def text(self) -> str:
        if self.condition is None:
            return f"{self.name} {self.op} {self.value}"
        value = self.value if self.op == "=" else f"{self.name} {self.op[0]} ({self.value})"
        return f"{self.name} = ({value}) if ({self.condition}) else {self.name}"


def effect(writer: Writer, target: str, op: str, value: Tree) -> Effect:
    """One assignment in the story language, type-checked against the variable's type."""
    name = writer.variables.name(target)
    kind = writer.variables.type_of(target)
    if kind is None:
        raise Unexpressible(f"the type of {target} is not known")
    if op != "=":
        if kind == STR and op == "+=":
            value, op = ("op", "+", ("var", target), value), "="
        elif kind != INT:
            raise Unexpressible(f"{op} on a {kind}")
    if writer.variables.types and writer.variables.types.get(name) == "enum":
        if value[0] != "lit" or op != "=":
            raise Unexpressible(f"{target} takes only its few literal values")
    return Effect(name, op, writer.write(value, kind))
