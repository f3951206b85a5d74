"""The story's small expression language: parsed once at load, type-checked, run as closures.

Python's `ast` parses the text (parsing never runs anything); a strict whitelist of node kinds
then turns the tree into plain Python closures. Nothing is ever passed to eval or exec.
"""
from __future__ import annotations

import ast
import difflib
import random
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterable, Protocol

INT, BOOL, STR = "int", "bool", "str"
MAX_SOURCE = 2000


class ExprError(Exception):
    """A problem in an expression, at a character offset into its source."""

    def __init__(self, message: str, offset: int = 0, code: str = "CL030") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.code = code


@dataclass(frozen=True)
class VarInfo:
    type: str  # int, bool or str
    values: tuple[str, ...] | None = None  # for enums
    low: int | None = None
    high: int | None = None


class Scope(Protocol):
    variables: dict[str, VarInfo]
    node_ids: set[str] | None


@dataclass
class SimpleScope:
    variables: dict[str, VarInfo]
    node_ids: set[str] | None = None
    # Compiled expressions and templates by source: stories repeat conditions, and a compiled
    # one holds no state, so one load shares them (those that roll dice keep their own).
    cache: dict[tuple, Any] | None = field(default_factory=dict)


class Context(Protocol):
    """What a running expression may read: the state's variables, visits, turns and seed."""

    vars: dict[str, Any]
    visits: dict[str, int]
    turns: int
    seed: int


def seeded_rng(context: Context, site: str) -> random.Random:
    """A generator fixed by the seed, the turn and the call site: the same save gives the same roll."""
    return random.Random(f"{context.seed}:{context.turns}:{site}")


Evaluator = Callable[[Context], Any]


@dataclass
class Expr:
    source: str
    type: str
    run: Evaluator
    tree: ast.AST
    reads: frozenset[str] = frozenset()
    nodes: frozenset[str] = frozenset()
    random: bool = False
    constant: Any = None  # the value when the expression is a literal
    is_constant: bool = False

    def __call__(self, context: Context) -> Any:
        return self.run(context)


@dataclass
class Effect:
    target: str
    op: str  # "=", "+=" or "-="
    value: Expr
    offset: int
    source: str = ""

    def __str__(self) -> str:
        return f"{self.target} {self.op} {self.value.source}"


@dataclass
class _Built:
    type: str
    run: Evaluator
    values: tuple[str, ...] | None = None  # known enum values of a str
    constant: Any = None
    is_constant: bool = False


@dataclass
class _Compiler:
    source: str
    scope: Scope
    reads: set[str] = field(default_factory=set)
    nodes: set[str] = field(default_factory=set)
    random: bool = False

    # -- positions --------------------------------------------------------------
    def offset(self, node: ast.AST) -> int:
        lineno = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        if lineno == 1 and self.source.isascii():
            return col
        lines = self.source.split("\n")
        before = sum(len(line) + 1 for line in lines[: lineno - 1])
        line = lines[lineno - 1] if lineno - 1 < len(lines) else ""
        return before + len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))

    def fail(self, node: ast.AST, message: str, code: str = "CL030") -> ExprError:
        return ExprError(message, self.offset(node), code)

    # -- expressions ------------------------------------------------------------
    def build(self, node: ast.AST) -> _Built:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise self.fail(node, f"'{_describe(node)}' is not part of the story expression language")
        return method(node)

    def _Constant(self, node: ast.Constant) -> _Built:
        value = node.value
        if isinstance(value, bool):
            raise self.fail(node, "write true and false in lower case")
        if isinstance(value, int):
            return _Built(INT, lambda c, v=value: v, constant=value, is_constant=True)
        if isinstance(value, str):
            return _Built(STR, lambda c, v=value: v, values=(value,), constant=value, is_constant=True)
        raise self.fail(node, f"{type(value).__name__} values are not part of the language; use whole numbers, true/false and 'text'", "CL033")

    def _Name(self, node: ast.Name) -> _Built:
        name = node.id
        if name in ("true", "false"):
            value = name == "true"
            return _Built(BOOL, lambda c, v=value: v, constant=value, is_constant=True)
        info = self.scope.variables.get(name)
        if info is None:
            hint = ""
            if name in ("True", "False"):
                hint = f"; write {name.lower()}"
            else:
                close = difflib.get_close_matches(name, list(self.scope.variables), n=1)
                if close:
                    hint = f"; did you mean '{close[0]}'?"
            raise self.fail(node, f"unknown variable '{name}'{hint}", "CL031")
        self.reads.add(name)
        return _Built(info.type, lambda c, n=name: c.vars[n], values=info.values)

    def _UnaryOp(self, node: ast.UnaryOp) -> _Built:
        operand = self.build(node.operand)
        if isinstance(node.op, ast.Not):
            self.expect(node.operand, operand, BOOL, "'not'")
            run = operand.run
            return _Built(BOOL, lambda c: not run(c))
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            self.expect(node.operand, operand, INT, "a sign")
            if operand.is_constant:
                value = -operand.constant if isinstance(node.op, ast.USub) else operand.constant
                return _Built(INT, lambda c, v=value: v, constant=value, is_constant=True)
            run = operand.run
            if isinstance(node.op, ast.USub):
                return _Built(INT, lambda c: -run(c))
            return operand
        raise self.fail(node, "'~' is not part of the language")

    _ARITH: ClassVar[dict[type, tuple[str, Callable[[Any, Any], Any]]]] = {
        ast.Add: ("+", lambda a, b: a + b),
        ast.Sub: ("-", lambda a, b: a - b),
        ast.Mult: ("*", lambda a, b: a * b),
        ast.FloorDiv: ("//", lambda a, b: a // b if b else 0),
        ast.Mod: ("%", lambda a, b: a % b if b else 0),
    }

    def _BinOp(self, node: ast.BinOp) -> _Built:
        if isinstance(node.op, ast.Div):
            raise self.fail(node, "use // for whole-number division", "CL033")
        entry = self._ARITH.get(type(node.op))
        if entry is None:
            raise self.fail(node, "this operator is not part of the language; use + - * // %")
        symbol, operate = entry
        left, right = self.build(node.left), self.build(node.right)
        if symbol == "+" and left.type == STR and right.type == STR:
            result_type = STR
        else:
            self.expect(node.left, left, INT, f"'{symbol}'")
            self.expect(node.right, right, INT, f"'{symbol}'")
            result_type = INT
        lrun, rrun = left.run, right.run
        return _Built(result_type, lambda c: operate(lrun(c), rrun(c)))

    def _BoolOp(self, node: ast.BoolOp) -> _Built:
        parts = [self.build(value) for value in node.values]
        word = "and" if isinstance(node.op, ast.And) else "or"
        for value, part in zip(node.values, parts):
            self.expect(value, part, BOOL, f"'{word}'")
        runs = [part.run for part in parts]
        # Folded into nested two-way closures: no generator per call, and short-circuiting kept.
        combined = runs[-1]
        for run in reversed(runs[:-1]):
            if word == "and":
                combined = (lambda a, b: lambda c: a(c) and b(c))(run, combined)
            else:
                combined = (lambda a, b: lambda c: a(c) or b(c))(run, combined)
        return _Built(BOOL, combined)

    _COMPARE: ClassVar[dict[type, tuple[str, Callable[[Any, Any], bool]]]] = {
        ast.Eq: ("==", lambda a, b: a == b),
        ast.NotEq: ("!=", lambda a, b: a != b),
        ast.Lt: ("<", lambda a, b: a < b),
        ast.LtE: ("<=", lambda a, b: a <= b),
        ast.Gt: (">", lambda a, b: a > b),
        ast.GtE: (">=", lambda a, b: a >= b),
    }

    def _Compare(self, node: ast.Compare) -> _Built:
        operands_ast = [node.left, *node.comparators]
        operands = [self.build(operand) for operand in operands_ast]
        steps: list[Callable[[Any, Any], bool]] = []
        for index, op in enumerate(node.ops):
            entry = self._COMPARE.get(type(op))
            if entry is None:
                raise self.fail(node, "'in' and 'is' are not part of the language; compare with == or !=")
            symbol, compare = entry
            left, right = operands[index], operands[index + 1]
            if symbol in ("==", "!="):
                if left.type != right.type:
                    raise self.fail(operands_ast[index + 1],
                        f"cannot compare {_article(left.type)} with {_article(right.type)} using '{symbol}'", "CL033")
                self.check_enum(operands_ast[index], left, operands_ast[index + 1], right)
            else:
                self.expect(operands_ast[index], left, INT, f"'{symbol}'")
                self.expect(operands_ast[index + 1], right, INT, f"'{symbol}'")
            steps.append(compare)
        runs = tuple(operand.run for operand in operands)
        if len(steps) == 1:
            compare, lrun, rrun = steps[0], runs[0], runs[1]
            return _Built(BOOL, lambda c: compare(lrun(c), rrun(c)))
        pairs = tuple(steps)

        def chained(c: Context) -> bool:
            left_value = runs[0](c)
            for compare, run in zip(pairs, runs[1:]):
                right_value = run(c)
                if not compare(left_value, right_value):
                    return False
                left_value = right_value
            return True

        return _Built(BOOL, chained)

    def check_enum(self, left_ast: ast.AST, left: _Built, right_ast: ast.AST, right: _Built) -> None:
        """An enum compared with a literal: the literal must be one of its values."""
        for enum, literal, literal_ast in ((left, right, right_ast), (right, left, left_ast)):
            if enum.values and not enum.is_constant and literal.is_constant and literal.constant not in enum.values:
                raise self.fail(literal_ast,
                    f"'{literal.constant}' is not one of the values {', '.join(enum.values)}", "CL033")

    def _IfExp(self, node: ast.IfExp) -> _Built:
        test, body, orelse = self.build(node.test), self.build(node.body), self.build(node.orelse)
        self.expect(node.test, test, BOOL, "'if'")
        if body.type != orelse.type:
            raise self.fail(node.orelse, f"both sides of 'if … else' must have one type, not {body.type} and {orelse.type}", "CL033")
        trun, brun, orun = test.run, body.run, orelse.run
        values = None
        if body.values and orelse.values:
            values = tuple(dict.fromkeys(body.values + orelse.values))
        return _Built(body.type, lambda c: brun(c) if trun(c) else orun(c), values=values)

    def _Call(self, node: ast.Call) -> _Built:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only the story's functions can be called")
        name = node.func.id
        if node.keywords:
            raise self.fail(node.keywords[0].value if node.keywords else node, "functions take plain arguments, not name=value", "CL032")
        spec = FUNCTIONS.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(FUNCTIONS), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; the functions are {', '.join(FUNCTIONS)}"
            raise self.fail(node.func, f"unknown function '{name}'{hint}", "CL032")
        params, _ = spec
        if len(node.args) != len(params):
            plural = "s" if len(params) != 1 else ""
            raise self.fail(node, f"{name}() takes {len(params)} argument{plural}, not {len(node.args)}", "CL032")
        if name in ("seen", "visits"):
            return self.node_function(name, node.args[0])
        args = [self.build(arg) for arg in node.args]
        for arg_ast, arg in zip(node.args, args):
            self.expect(arg_ast, arg, INT, f"{name}()")
        runs = tuple(arg.run for arg in args)
        if name == "turns":
            return _Built(INT, lambda c: c.turns)
        if name in ("chance", "random"):
            self.random = True
            site = self.random_site(node)
            if name == "chance":
                (prun,) = runs
                return _Built(BOOL, lambda c: seeded_rng(c, site).random() * 100 < prun(c))
            lrun, hrun = runs
            return _Built(INT, lambda c: _random_between(seeded_rng(c, site), lrun(c), hrun(c)))
        if name == "abs":
            (arun,) = runs
            return _Built(INT, lambda c: abs(arun(c)))
        first, second = runs
        pick = min if name == "min" else max
        return _Built(INT, lambda c: pick(first(c), second(c)))

    def node_function(self, name: str, arg: ast.AST) -> _Built:
        if isinstance(arg, ast.Name):
            node_id = arg.id
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            node_id = arg.value
        else:
            raise self.fail(arg, f"{name}() takes a node id, like {name}(room_start)", "CL032")
        known = self.scope.node_ids
        if known is not None and node_id not in known:
            close = difflib.get_close_matches(node_id, list(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise self.fail(arg, f"{name}() names '{node_id}', which is not a node{hint}", "CL021")
        self.nodes.add(node_id)
        if name == "seen":
            return _Built(BOOL, lambda c, n=node_id: c.visits.get(n, 0) > 0)
        return _Built(INT, lambda c, n=node_id: c.visits.get(n, 0))

    def random_site(self, node: ast.AST) -> str:
        """A name for a dice roll that is the same on every load of the same story.

        It is the expression's text plus how many identical rolls came before it in this load,
        so two `chance(50)` in different places roll independently, and a reload rolls the same.
        """
        name = f"{self.source}@{self.offset(node)}"
        cache = getattr(self.scope, "cache", None)
        if cache is None:
            return name
        key = ("random-site", name)
        count = cache.get(key, 0)
        cache[key] = count + 1
        return f"{name}#{count}"

    def expect(self, node: ast.AST, built: _Built, wanted: str, where: str) -> None:
        if built.type != wanted:
            raise self.fail(node, f"{where} needs {_article(wanted)}, but this is {_article(built.type)}", "CL033")


def _random_between(rng: random.Random, low: int, high: int) -> int:
    if high < low:
        low, high = high, low
    return rng.randint(low, high)


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


def _article(type_name: str) -> str:
    return {INT: "a whole number", BOOL: "true or false", STR: "text"}.get(type_name, type_name)


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # unparse can fail on odd trees; the kind name is enough then
        return type(node).__name__


def _parse(source: str, mode: str) -> tuple[ast.AST, int]:
    if len(source) > MAX_SOURCE:
        raise ExprError(f"an expression may be at most {MAX_SOURCE} characters long", 0)
    stripped = source.lstrip()
    shift = len(source) - len(stripped)
    if not stripped.strip():
        raise ExprError("the expression is empty", 0)
    try:
        with warnings.catch_warnings():
            # Python only warns, on stderr, about `1and f` or `{1if f else 2}`; as errors they become findings.
            warnings.simplefilter("error", SyntaxWarning)
            return ast.parse(stripped.rstrip(), mode=mode), shift
    except SyntaxError as error:
        message = (error.msg or "invalid syntax").replace("invalid syntax. Perhaps you forgot a comma?", "invalid syntax")
        lines = stripped.split("\n")
        line_index = max((error.lineno or 1) - 1, 0)
        offset = sum(len(line) + 1 for line in lines[:line_index]) + max((error.offset or 1) - 1, 0)
        raise ExprError(f"cannot read this expression: {message}", shift + min(offset, len(stripped))) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError("this expression is too deeply nested or malformed to read", shift) from None


def compile_expression(source: Any, scope: Scope, *, want: str | None = None) -> Expr:
    """Parse and type-check one expression. Raises ExprError with an offset into `source`.

    Stories repeat the same conditions many times; a compiled expression holds no state, so
    identical sources in one scope share one (except those that roll dice: each keeps its own).
    """
    cache = getattr(scope, "cache", None)
    if isinstance(source, str) and cache is not None:
        key = ("expr", source, want)
        if key in cache:
            return cache[key]
        expr = _compile_expression(source, scope, want=want)
        if not expr.random:
            cache[key] = expr
        return expr
    return _compile_expression(source, scope, want=want)


def _compile_expression(source: Any, scope: Scope, *, want: str | None = None) -> Expr:
    if isinstance(source, bool):
        source = "true" if source else "false"
    elif isinstance(source, int):
        source = str(source)
    if not isinstance(source, str):
        raise ExprError("an expression must be written as text", 0)
    tree, shift = _parse(source, "eval")
    compiler = _Compiler(source[shift:], scope)
    try:
        built = compiler.build(tree.body)  # type: ignore[attr-defined]
    except ExprError as error:
        error.offset += shift
        raise
    except RecursionError:
        raise ExprError("this expression is too deeply nested", shift) from None
    if want is not None and built.type != want:
        raise ExprError(f"this must be {_article(want)}, but it is {_article(built.type)}", shift, "CL033")
    return Expr(source, built.type, built.run, tree, frozenset(compiler.reads), frozenset(compiler.nodes),
                compiler.random, built.constant, built.is_constant)


def compile_effects(source: Any, scope: Scope) -> list[Effect]:
    """Parse effects like `energy -= 1; seen_door = true`. Raises ExprError."""
    cache = getattr(scope, "cache", None)
    if isinstance(source, str) and cache is not None:
        key = ("effects", source)
        if key in cache:
            return list(cache[key])
        effects = _compile_effects(source, scope)
        if not any(effect.value.random for effect in effects):
            cache[key] = effects
        return list(effects)
    return _compile_effects(source, scope)


def _compile_effects(source: Any, scope: Scope) -> list[Effect]:
    if not isinstance(source, str):
        raise ExprError("an effect must be written as text, like energy -= 1", 0)
    tree, shift = _parse(source, "exec")
    body_source = source[shift:]
    compiler = _Compiler(body_source, scope)
    effects: list[Effect] = []
    try:
        for statement in tree.body:  # type: ignore[attr-defined]
            effects.append(_effect(compiler, statement, body_source))
    except ExprError as error:
        error.offset += shift
        raise
    except RecursionError:
        raise ExprError("this effect is too deeply nested", shift) from None
    if not effects:
        raise ExprError("the effect is empty", 0)
    for effect in effects:
        effect.offset += shift
    return effects


def _effect(compiler: _Compiler, statement: ast.stmt, source: str) -> Effect:
    if isinstance(statement, ast.Assign):
        if len(statement.targets) != 1 or not isinstance(statement.targets[0], ast.Name):
            raise compiler.fail(statement, "assign to one variable at a time: name = value")
        target, op, value_ast = statement.targets[0], "=", statement.value
    elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        op = {ast.Add: "+=", ast.Sub: "-="}.get(type(statement.op))
        if op is None:
            raise compiler.fail(statement, "effects may use =, += and -= only")
        target, value_ast = statement.target, statement.value
    else:
        raise compiler.fail(statement, "an effect must assign a variable: name = value, name += n or name -= n")
    info = compiler.scope.variables.get(target.id)
    if info is None:
        close = difflib.get_close_matches(target.id, list(compiler.scope.variables), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise compiler.fail(target, f"unknown variable '{target.id}'{hint}", "CL031")
    built = compiler.build(value_ast)
    if op != "=" and info.type != INT and not (op == "+=" and info.type == STR):
        raise compiler.fail(statement, f"'{op}' works on whole numbers; '{target.id}' is {_article(info.type)}", "CL033")
    if built.type != info.type:
        raise compiler.fail(value_ast, f"'{target.id}' holds {_article(info.type)}, but this is {_article(built.type)}", "CL033")
    if info.values and op == "=" and built.is_constant and built.constant not in info.values:
        raise compiler.fail(value_ast, f"'{built.constant}' is not one of {target.id}'s values: {', '.join(info.values)}", "CL033")
    value = Expr(_segment(source, value_ast, compiler), built.type, built.run, value_ast,
                 frozenset(compiler.reads), frozenset(compiler.nodes), compiler.random, built.constant, built.is_constant)
    return Effect(target.id, op, value, compiler.offset(statement), _segment(source, statement, compiler))


def _segment(source: str, node: ast.AST, compiler: _Compiler) -> str:
    segment = ast.get_source_segment(source, node)
    return segment if segment is not None else _describe(node)


def effect_sources(value: Any) -> Iterable[tuple[Any, Any]]:
    """The effects of a `set:` value as (index or None, source) pairs: one string or a list."""
    if isinstance(value, list):
        return list(enumerate(value))
    return [(None, value)]
