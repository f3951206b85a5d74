"""Text to the intermediate form: the only module of the project that reads Python's syntax tree.

Python's `ast` parses the text (parsing never runs anything); a strict whitelist of node kinds
then turns the tree into `ir` nodes, checking types on the way. Nothing is ever passed to eval or exec.
"""
from __future__ import annotations

import ast
import difflib
import warnings
from dataclasses import dataclass
from typing import Any, ClassVar

from game.core.lang import ir
from game.core.lang.ir import BOOL, FUNCTIONS, INT, STR, ExprError

MAX_SOURCE = 2000


@dataclass(frozen=True)
class Typed:
    """An expression in the intermediate form with its type, and its value when it is a literal."""

    node: ir.Node
    type: str
    values: tuple[str, ...] | None = None  # known enum values of a str
    constant: Any = None
    is_constant: bool = False


@dataclass(frozen=True)
class ParsedEffect:
    assign: ir.Assign
    value: Typed
    offset: int  # of the statement, into the source given
    source: str  # the statement's text
    value_source: str  # the value's text


@dataclass
class _Reader:
    source: str
    scope: Any  # .variables: dict[str, VarInfo]; .node_ids: set[str] | None; optional .cache

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
    def build(self, node: ast.AST) -> Typed:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise self.fail(node, f"'{_describe(node)}' is not part of the story expression language")
        return method(node)

    def _Constant(self, node: ast.Constant) -> Typed:
        value = node.value
        if isinstance(value, bool):
            raise self.fail(node, "write true and false in lower case")
        if isinstance(value, int):
            return Typed(ir.Const(value), INT, constant=value, is_constant=True)
        if isinstance(value, str):
            return Typed(ir.Const(value), STR, values=(value,), constant=value, is_constant=True)
        raise self.fail(node, f"{type(value).__name__} values are not part of the language; use whole numbers, true/false and 'text'", "CL033")

    def _Name(self, node: ast.Name) -> Typed:
        name = node.id
        if name in ("true", "false"):
            value = name == "true"
            return Typed(ir.Const(value), BOOL, constant=value, is_constant=True)
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
        return Typed(ir.Var(name), info.type, values=info.values)

    def _UnaryOp(self, node: ast.UnaryOp) -> Typed:
        operand = self.build(node.operand)
        if isinstance(node.op, ast.Not):
            self.expect(node.operand, operand, BOOL, "'not'")
            return Typed(ir.Unary("not", operand.node), BOOL)
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            self.expect(node.operand, operand, INT, "a sign")
            if operand.is_constant:
                value = -operand.constant if isinstance(node.op, ast.USub) else operand.constant
                return Typed(ir.Const(value), INT, constant=value, is_constant=True)
            if isinstance(node.op, ast.USub):
                return Typed(ir.Unary("-", operand.node), INT)
            return operand
        raise self.fail(node, "'~' is not part of the language")

    _ARITH: ClassVar[dict[type, str]] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Mod: "%"}

    def _BinOp(self, node: ast.BinOp) -> Typed:
        if isinstance(node.op, ast.Div):
            raise self.fail(node, "use // for whole-number division", "CL033")
        symbol = self._ARITH.get(type(node.op))
        if symbol is None:
            raise self.fail(node, "this operator is not part of the language; use + - * // %")
        left, right = self.build(node.left), self.build(node.right)
        if symbol == "+" and left.type == STR and right.type == STR:
            result_type = STR
        else:
            self.expect(node.left, left, INT, f"'{symbol}'")
            self.expect(node.right, right, INT, f"'{symbol}'")
            result_type = INT
        return Typed(ir.Binary(symbol, left.node, right.node), result_type)

    def _BoolOp(self, node: ast.BoolOp) -> Typed:
        parts = [self.build(value) for value in node.values]
        word = "and" if isinstance(node.op, ast.And) else "or"
        for value, part in zip(node.values, parts):
            self.expect(value, part, BOOL, f"'{word}'")
        return Typed(ir.Logic(word, tuple(part.node for part in parts)), BOOL)

    _COMPARE: ClassVar[dict[type, str]] = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}

    def _Compare(self, node: ast.Compare) -> Typed:
        operands_ast = [node.left, *node.comparators]
        operands = [self.build(operand) for operand in operands_ast]
        ops: list[str] = []
        for index, op in enumerate(node.ops):
            symbol = self._COMPARE.get(type(op))
            if symbol is None:
                raise self.fail(node, "'in' and 'is' are not part of the language; compare with == or !=")
            left, right = operands[index], operands[index + 1]
            if symbol in ("==", "!="):
                if left.type != right.type:
                    raise self.fail(operands_ast[index + 1],
                        f"cannot compare {article(left.type)} with {article(right.type)} using '{symbol}'", "CL033")
                self.check_enum(operands_ast[index], left, operands_ast[index + 1], right)
            else:
                self.expect(operands_ast[index], left, INT, f"'{symbol}'")
                self.expect(operands_ast[index + 1], right, INT, f"'{symbol}'")
            ops.append(symbol)
        return Typed(ir.Compare(tuple(ops), tuple(operand.node for operand in operands)), BOOL)

    def check_enum(self, left_ast: ast.AST, left: Typed, right_ast: ast.AST, right: Typed) -> None:
        """An enum compared with a literal: the literal must be one of its values."""
        for enum, literal, literal_ast in ((left, right, right_ast), (right, left, left_ast)):
            if enum.values and not enum.is_constant and literal.is_constant and literal.constant not in enum.values:
                raise self.fail(literal_ast,
                    f"'{literal.constant}' is not one of the values {', '.join(enum.values)}", "CL033")

    def _IfExp(self, node: ast.IfExp) -> Typed:
        test, body, orelse = self.build(node.test), self.build(node.body), self.build(node.orelse)
        self.expect(node.test, test, BOOL, "'if'")
        if body.type != orelse.type:
            raise self.fail(node.orelse, f"both sides of 'if … else' must have one type, not {body.type} and {orelse.type}", "CL033")
        values = None
        if body.values and orelse.values:
            values = tuple(dict.fromkeys(body.values + orelse.values))
        return Typed(ir.IfElse(test.node, body.node, orelse.node), body.type, values=values)

    def _Call(self, node: ast.Call) -> Typed:
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
        nodes = tuple(arg.node for arg in args)
        if name == "turns":
            return Typed(ir.Turns(), INT)
        if name in (ir.CHANCE, ir.RANDOM):
            return Typed(ir.Roll(name, nodes, self.random_site(node)), BOOL if name == ir.CHANCE else INT)
        return Typed(ir.Call(name, nodes), INT)

    def node_function(self, name: str, arg: ast.AST) -> Typed:
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
        if name == "seen":
            return Typed(ir.Seen(node_id), BOOL)
        return Typed(ir.Visits(node_id), INT)

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

    def expect(self, node: ast.AST, built: Typed, wanted: str, where: str) -> None:
        if built.type != wanted:
            raise self.fail(node, f"{where} needs {article(wanted)}, but this is {article(built.type)}", "CL033")


def article(type_name: str) -> str:
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


def parse_expression(source: str, scope: Any, *, want: str | None = None) -> Typed:
    """Parse and type-check one expression. Raises ExprError with an offset into `source`."""
    tree, shift = _parse(source, "eval")
    reader = _Reader(source[shift:], scope)
    try:
        built = reader.build(tree.body)  # type: ignore[attr-defined]
    except ExprError as error:
        error.offset += shift
        raise
    except RecursionError:
        raise ExprError("this expression is too deeply nested", shift) from None
    if want is not None and built.type != want:
        raise ExprError(f"this must be {article(want)}, but it is {article(built.type)}", shift, "CL033")
    return built


def parse_effects(source: str, scope: Any) -> list[ParsedEffect]:
    """Parse effects like `energy -= 1; seen_door = true`. Raises ExprError."""
    tree, shift = _parse(source, "exec")
    body_source = source[shift:]
    reader = _Reader(body_source, scope)
    effects: list[ParsedEffect] = []
    try:
        for statement in tree.body:  # type: ignore[attr-defined]
            effects.append(_effect(reader, statement, body_source, shift))
    except ExprError as error:
        error.offset += shift
        raise
    except RecursionError:
        raise ExprError("this effect is too deeply nested", shift) from None
    if not effects:
        raise ExprError("the effect is empty", 0)
    return effects


def _effect(reader: _Reader, statement: ast.stmt, source: str, shift: int) -> ParsedEffect:
    if isinstance(statement, ast.Assign):
        if len(statement.targets) != 1 or not isinstance(statement.targets[0], ast.Name):
            raise reader.fail(statement, "assign to one variable at a time: name = value")
        target, op, value_ast = statement.targets[0], "=", statement.value
    elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        op = {ast.Add: "+=", ast.Sub: "-="}.get(type(statement.op))
        if op is None:
            raise reader.fail(statement, "effects may use =, += and -= only")
        target, value_ast = statement.target, statement.value
    else:
        raise reader.fail(statement, "an effect must assign a variable: name = value, name += n or name -= n")
    info = reader.scope.variables.get(target.id)
    if info is None:
        close = difflib.get_close_matches(target.id, list(reader.scope.variables), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise reader.fail(target, f"unknown variable '{target.id}'{hint}", "CL031")
    built = reader.build(value_ast)
    if op != "=" and info.type != INT and not (op == "+=" and info.type == STR):
        raise reader.fail(statement, f"'{op}' works on whole numbers; '{target.id}' is {article(info.type)}", "CL033")
    if built.type != info.type:
        raise reader.fail(value_ast, f"'{target.id}' holds {article(info.type)}, but this is {article(built.type)}", "CL033")
    if info.values and op == "=" and built.is_constant and built.constant not in info.values:
        raise reader.fail(value_ast, f"'{built.constant}' is not one of {target.id}'s values: {', '.join(info.values)}", "CL033")
    return ParsedEffect(ir.Assign(target.id, op, built.node), built, reader.offset(statement) + shift,
                        _segment(source, statement), _segment(source, value_ast))


def _segment(source: str, node: ast.AST) -> str:
    segment = ast.get_source_segment(source, node)
    return segment if segment is not None else _describe(node)
