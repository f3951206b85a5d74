"""`main.py graph`: the story graph in Graphviz DOT, rendered to .svg or .png when Graphviz is installed."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from game.core.model import Chapter, Choice, Story

RENDER_TIMEOUT = 120  # seconds for `dot`; a story graph renders in well under that
LABEL_CHARS = 42  # a choice label is cut to this many characters
LABEL_WIDTH = 22  # and wrapped at this width
FORMATS = (".dot", ".gv", ".svg", ".png")

# The look of each kind of thing, in one place, so the docs and the drawing agree.
STYLE_START = 'penwidth=2.2'
STYLE_ENDING = 'shape=doubleoctagon, style="filled", fillcolor="#f3ecd9"'
STYLE_UNREACHABLE = 'color="#c0392b", fontcolor="#c0392b", penwidth=2'
STYLE_MISSING = 'shape=box, style="dashed", color="#c0392b", fontcolor="#c0392b"'
STYLE_HIDDEN = 'style=dashed'  # a choice with `if`
STYLE_GATED = 'style=dotted, color="#888888", fontcolor="#777777"'  # a choice with `enabled`
STYLE_HIDDEN_GATED = 'style=dashed, color="#888888", fontcolor="#777777"'
STYLE_FALLBACK = 'style=dashed, color="#d35400", fontcolor="#d35400"'


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def short(text: str, limit: int = LABEL_CHARS, width: int = LABEL_WIDTH) -> str:
    """A choice text cut to a label: at most `limit` characters, wrapped at `width`."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return "\n".join(textwrap.wrap(text, width)) or text


def _first_words(template: object, count: int = 5) -> str:
    """The first words of a text without its {…} markup, for a node that has no title."""
    if template is None:
        return ""
    from game.tools.stats import template_text

    words = template_text(template, every_branch=False).split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _choice_label(choice: "Choice") -> str:
    from game.tools.stats import template_text

    return template_text(choice.text, every_branch=False) or choice.text.source


def _edge_style(choice: "Choice") -> str:
    if choice.condition is not None and choice.enabled is not None:
        return STYLE_HIDDEN_GATED
    if choice.condition is not None:
        return STYLE_HIDDEN
    if choice.enabled is not None:
        return STYLE_GATED
    return ""


def _attrs(*parts: str) -> str:
    joined = ", ".join(part for part in parts if part)
    return f" [{joined}]" if joined else ""


def chapter_lines(story: "Story", chapter: "Chapter") -> list[str]:
    from game.core.checker import reachable

    lines = [f"  subgraph {quote('cluster_' + chapter.id)} {{",
             f"    label={quote(f'{chapter.title} ({chapter.id})')};",
             '    style="rounded"; color="#999999"; fontsize=16;']
    reached = reachable(story, chapter.start)
    missing: set[str] = set()
    edges: list[str] = []
    for node_id in chapter.node_ids:
        node = story.nodes.get(node_id)
        if node is None:
            continue
        title = node.title or _first_words(node.text[0] if node.text else None)
        label = f"{title}\n({node_id})" if title and title != node_id else node_id
        parts = []
        if node.ending:
            label = f"{title or node_id}\n({node_id})\nending: {node.ending.title}"
            parts.append(STYLE_ENDING)
        if node_id == chapter.start:
            parts.append(STYLE_START)
        if node_id not in reached:
            parts.append(STYLE_UNREACHABLE)
            label += "\nunreachable"
        lines.append(f"    {quote(node_id)}{_attrs('label=' + quote(label), *parts)};")
        for choice in node.choices:
            label = short(_choice_label(choice)) + (" (once)" if choice.once else "")
            edges.append(f"    {quote(node_id)} -> {quote(choice.target)}{_attrs('label=' + quote(label), _edge_style(choice))};")
            if choice.target not in story.nodes:
                missing.add(choice.target)
        if node.next:
            edges.append(f"    {quote(node_id)} -> {quote(node.next)};")
            if node.next not in story.nodes:
                missing.add(node.next)
        if node.fallback:
            fallback_attrs = _attrs("label=" + quote("fallback"), STYLE_FALLBACK)
            edges.append(f"    {quote(node_id)} -> {quote(node.fallback)}{fallback_attrs};")
            if node.fallback not in story.nodes:
                missing.add(node.fallback)
    for node_id in sorted(missing):
        missing_attrs = _attrs("label=" + quote(node_id + "\nmissing: not a node"), STYLE_MISSING)
        lines.append(f"    {quote(node_id)}{missing_attrs};")
    lines.extend(edges)
    lines.append("  }")
    return lines


def story_dot(story: "Story", chapter_ids: Iterable[str] | None = None) -> str:
    """The DOT text of the story graph: one cluster per chapter (or only those in `chapter_ids`)."""
    wanted = list(chapter_ids) if chapter_ids is not None else [c.id for c in story.chapters]
    lines = [f"digraph {quote(story.title)} {{",
             '  graph [rankdir=TB, fontname="Helvetica", nodesep=0.35, ranksep=0.5];',
             '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=11];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for chapter in story.chapters:
        if chapter.id in wanted:
            lines.extend(chapter_lines(story, chapter))
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot_text: str, output: Path) -> tuple[bool, str]:
    """Render DOT to `output` (.svg or .png) with Graphviz's `dot`; (done, message)."""
    dot = shutil.which("dot")
    if dot is None:
        return False, "Graphviz's dot is not installed"
    try:
        result = subprocess.run([dot, f"-T{output.suffix[1:]}", "-o", str(output)], input=dot_text.encode("utf-8"),
                                capture_output=True, timeout=RENDER_TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, f"dot did not finish within {RENDER_TIMEOUT} s"
    except OSError as error:
        return False, f"dot could not run: {error}"
    if result.returncode != 0:
        return False, "dot failed: " + result.stderr.decode("utf-8", "replace").strip()
    return True, ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("story", nargs="?", default=str(story_dir()), help="the story folder (default: the game's story/)")
    parser.add_argument("--chapter", help="draw only this chapter")
    parser.add_argument("-o", "--output", help="the file to write: .dot, .svg or .png (default: DOT on standard output)")


def run(args: argparse.Namespace) -> int:
    from game.tools.opening import open_story

    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in FORMATS:
        print(f"graph: write to a .dot, .svg or .png file, not '{output.name}'", file=sys.stderr)
        return 2
    opened = open_story(args.story, "graph", chapter=args.chapter, checked=False)
    if isinstance(opened, int):
        return opened
    text = story_dot(opened.story, [args.chapter] if args.chapter else None)
    if output is None:
        sys.stdout.write(text)
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.suffix.lower() in (".dot", ".gv"):
        output.write_text(text, encoding="utf-8")
        print(f"graph: wrote {output}")
        return 0
    done, why = render(text, output)
    if done:
        print(f"graph: wrote {output}")
        return 0
    beside = output.with_suffix(".dot")
    beside.write_text(text, encoding="utf-8")
    print(f"graph: {why}; wrote {beside} instead. Render it with:\n"
          f"  dot -T{output.suffix[1:].lower()} {beside} -o {output}", file=sys.stderr)
    return 1
