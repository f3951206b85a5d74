"""One story language: only the parser reads Python's syntax tree, one evaluator, one roll hook, one fallback text."""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from game.core.expressions import SimpleScope, VarInfo, compile_effects, compile_expression
from game.core.lang import ir
from game.core.lang.evaluate import compile_node, evaluate, outcomes, seeded_roll
from game.core.loader import load_story
from game.core.runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]
PARSER = ROOT / "game" / "core" / "lang" / "parse.py"
SCOPE = SimpleScope({"n": VarInfo("int"), "f": VarInfo("bool"), "s": VarInfo("str", ("a", "b"))}, {"start"})


class Ctx:
    def __init__(self) -> None:
        self.vars = {"n": 3, "f": True, "s": "a"}
        self.visits = {"start": 2}
        self.turns = 5
        self.seed = 11


def _modules_using_ast() -> list[str]:
    found = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "ast" or name.startswith("ast.") for name in names) and path != PARSER:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_only_the_parser_imports_pythons_syntax_tree() -> None:
    assert _modules_using_ast() == [], "only game/core/lang/parse.py may import ast"


@pytest.mark.parametrize("source", ["n + 2 * 3 > 8 and not f", "s == 'a' if n >= 3 else false", "visits(start) + turns()",
                                    "min(n, 2) - abs(0 - n)", "1 < n <= 3", "seen(start) or n // 0 == 0"])
def test_the_intermediate_form_is_what_runs(source: str) -> None:
    expr = compile_expression(source, SCOPE)
    assert evaluate(expr.ir, Ctx()) == expr(Ctx()) == compile_node(expr.ir)(Ctx())
    assert expr.reads == ir.variables_read(expr.ir) and expr.nodes == ir.nodes_read(expr.ir)


def test_signs_fold_into_constants_and_effects_keep_their_text() -> None:
    assert compile_expression("-3", SCOPE).ir == ir.Const(-3)
    (effect,) = compile_effects("n -= -2", SCOPE)
    assert effect.assign == ir.Assign("n", "-=", ir.Const(-2)) and str(effect) == "n -= -2"


def test_chance_goes_through_the_roll_hook() -> None:
    expr = compile_expression("chance(30) or random(1, 6) == 6", SCOPE)
    assert expr.random
    calls: list[tuple] = []

    def roll(context, kind, site, first, second):
        calls.append((kind, first, second))
        return outcomes(kind, first, second)[-1]

    assert expr.runner(roll)(Ctx()) is True  # chance(30): its last outcome is False; random's last is 6
    assert [c[0] for c in calls] == ["chance", "random"]
    assert expr(Ctx()) == expr.runner(seeded_roll)(Ctx())  # the seeded roll is the default
    assert list(outcomes("chance", 0)) == [False] and list(outcomes("chance", 100)) == [True]
    assert list(outcomes("random", 3, 1)) == [1, 2, 3]


def test_the_story_can_word_the_fallback(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(textwrap.dedent("""
        title: T
        fallback_text: Wait a while.
        chapters:
          - {id: c, title: C, start: a, files: [n.yaml], variables: {k: {type: bool, initial: false}}}
    """), encoding="utf-8")
    (tmp_path / "n.yaml").write_text(textwrap.dedent("""
        nodes:
          a:
            text: A.
            choices:
              - {text: Go., to: b, enabled: k, reason: Not yet.}
          b:
            text: B.
            ending: {id: b, title: B}
    """), encoding="utf-8")
    result = load_story(tmp_path)
    assert result.story is not None and not [d for d in result.diagnostics if d.severity == "error"]
    views = Runtime(result.story, "c", seed=1).choices
    assert views[-1].fallback and views[-1].text == "Wait a while."
