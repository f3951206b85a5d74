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
    from game.core.model import Chapter, Choice, Node, Story
    from game.tools.graph_layout import Placed

RENDER_TIMEOUT = 120  # seconds for `dot`; a story graph renders in well under that
# Above this many nodes, `graph` lays the drawing out itself (graph_layout) and Graphviz only draws it:
# `dot`'s own layout of 2,000 nodes takes minutes.
LARGE_GRAPH = 400
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


def _targets(node: "Node") -> list[str]:
    """Where a node leads: its choices' targets, its next and its fallback."""
    found = [choice.target for choice in node.choices]
    if node.next:
        found.append(node.next)
    if node.fallback:
        found.append(node.fallback)
    return found


def neighbourhood(story: "Story", centre: str, depth: int) -> set[str]:
    """The nodes at most `depth` links from `centre`, following links either way."""
    near: dict[str, set[str]] = {}
    for node in story.nodes.values():
        for target in _targets(node):
            if target in story.nodes:
                near.setdefault(node.id, set()).add(target)
                near.setdefault(target, set()).add(node.id)
    found = {centre}
    frontier = [centre]
    for _ in range(max(0, depth)):
        frontier = [n for current in frontier for n in near.get(current, ()) if n not in found]
        found.update(frontier)
        if not frontier:
            break
    return found


def _left_out(story: "Story", node_id: str, keep: set[str] | None) -> int:
    """How many of a node's links (either way) lead outside the drawn neighbourhood."""
    if keep is None:
        return 0
    node = story.nodes[node_id]
    out = sum(1 for t in _targets(node) if t in story.nodes and t not in keep)
    return out + sum(1 for other in story.nodes.values() if other.id not in keep and node_id in _targets(other))


def chapter_lines(story: "Story", chapter: "Chapter", keep: set[str] | None = None,
                  positions: "dict[str, Placed] | None" = None) -> list[str]:
    """One chapter's cluster; with `keep`, only those nodes and the links between them.

    With `positions` (a big graph, laid out by graph_layout), each node is pinned there and
    choice texts go in edge tooltips instead of labels, so Graphviz only draws."""
    large = positions is not None
    from game.core.checker import reachable

    lines = [f"  subgraph {quote('cluster_' + chapter.id)} {{",
             f"    label={quote(f'{chapter.title} ({chapter.id})')};",
             '    style="rounded"; color="#999999"; fontsize=16;']
    reached = reachable(story, chapter.start)
    missing: set[str] = set()
    edges: list[str] = []
    for node_id in chapter.node_ids:
        node = story.nodes.get(node_id)
        if node is None or (keep is not None and node_id not in keep):
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
        more = _left_out(story, node_id, keep)
        if more:
            label += f"\n+{more} link{'s' if more != 1 else ''} not drawn"
        if positions is not None:
            parts.append(_pos(positions, node_id))
        lines.append(f"    {quote(node_id)}{_attrs('label=' + quote(label), *parts)};")

        def drawn(target: str) -> bool:
            return keep is None or target in keep or target not in story.nodes

        text_key = "tooltip=" if large else "label="
        for choice in node.choices:
            if not drawn(choice.target):
                continue
            label = short(_choice_label(choice)) + (" (once)" if choice.once else "")
            edges.append(f"    {quote(node_id)} -> {quote(choice.target)}{_attrs(text_key + quote(label), _edge_style(choice))};")
            if choice.target not in story.nodes:
                missing.add(choice.target)
        if node.next and drawn(node.next):
            edges.append(f"    {quote(node_id)} -> {quote(node.next)};")
            if node.next not in story.nodes:
                missing.add(node.next)
        if node.fallback and drawn(node.fallback):
            fallback_attrs = _attrs(text_key + quote("fallback"), STYLE_FALLBACK)
            edges.append(f"    {quote(node_id)} -> {quote(node.fallback)}{fallback_attrs};")
            if node.fallback not in story.nodes:
                missing.add(node.fallback)
    for node_id in sorted(missing):
        missing_attrs = _attrs("label=" + quote(node_id + "\nmissing: not a node"), STYLE_MISSING,
                               _pos(positions, node_id) if positions is not None else "")
        lines.append(f"    {quote(node_id)}{missing_attrs};")
    lines.extend(edges)
    lines.append("  }")
    return lines


def _pos(positions: "dict[str, Placed]", node_id: str) -> str:
    from game.tools.graph_layout import NODE_HEIGHT, NODE_WIDTH

    place = positions[node_id]
    return (f'pos="{place.x:.0f},{-place.y:.0f}!", width={NODE_WIDTH / 72:.2f}, height={NODE_HEIGHT / 72:.2f}, '
            'fixedsize=true, fontsize=8')


def drawn_nodes(story: "Story", chapter_ids: Iterable[str] | None = None, keep: set[str] | None = None) -> list[str]:
    """The ids a drawing shows, chapter by chapter: existing nodes, then missing targets."""
    wanted = set(chapter_ids) if chapter_ids is not None else {c.id for c in story.chapters}
    shown: list[str] = []
    missing: list[str] = []
    for chapter in story.chapters:
        if chapter.id not in wanted:
            continue
        for node_id in chapter.node_ids:
            node = story.nodes.get(node_id)
            if node is None or (keep is not None and node_id not in keep):
                continue
            shown.append(node_id)
            missing.extend(t for t in _targets(node) if t not in story.nodes and t not in missing)
    return shown + missing


def layout(story: "Story", chapter_ids: Iterable[str] | None = None, keep: set[str] | None = None,
           centre: str | None = None) -> "dict[str, Placed]":
    """Positions for a drawing, from graph_layout: each chapter ranked from its start (or from
    `centre`), the chapters side by side from left to right."""
    from game.tools.graph_layout import GAP_X, NODE_WIDTH, Placed, layered

    wanted = set(chapter_ids) if chapter_ids is not None else {c.id for c in story.chapters}
    placed: dict[str, Placed] = {}
    left = 0.0
    for chapter in story.chapters:
        if chapter.id not in wanted:
            continue
        ids = [n for n in drawn_nodes(story, [chapter.id], keep) if n not in placed]
        if not ids:
            continue
        edges = [(node_id, target) for node_id in ids if node_id in story.nodes for target in _targets(story.nodes[node_id])]
        starts = [centre] if centre in ids else [chapter.start]
        group = layered(ids, edges, starts)
        low = min(p.x for p in group.values())
        high = max(p.x for p in group.values())
        shift = left - low
        for node_id, place in group.items():
            placed[node_id] = Placed(place.x + shift, place.y, place.rank)
        left += high - low + NODE_WIDTH + 4 * GAP_X
    return placed


def story_dot(story: "Story", chapter_ids: Iterable[str] | None = None, keep: set[str] | None = None,
              positions: "dict[str, Placed] | None" = None) -> str:
    """The DOT text of the story graph: one cluster per chapter (or only those in `chapter_ids`),
    only the nodes in `keep` if given; with `positions`, pinned for `neato -n` to draw as laid out."""
    wanted = list(chapter_ids) if chapter_ids is not None else [c.id for c in story.chapters]
    graph_attrs = ('  graph [fontname="Helvetica", splines=false, overlap=true, outputorder=edgesfirst];'
                   if positions is not None else '  graph [rankdir=TB, fontname="Helvetica", nodesep=0.35, ranksep=0.5];')
    lines = [f"digraph {quote(story.title)} {{",
             graph_attrs,
             '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=11];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for chapter in story.chapters:
        if chapter.id in wanted and (keep is None or any(n in keep for n in chapter.node_ids)):
            lines.extend(chapter_lines(story, chapter, keep, positions))
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot_text: str, output: Path, *, positioned: bool = False) -> tuple[bool, str]:
    """Render DOT to `output` (.svg or .png) with Graphviz: `dot` lays it out, or with `positioned`,
    `neato -n` draws it where its nodes are pinned; (done, message)."""
    if shutil.which("dot") is None:
        return False, "Graphviz's dot is not installed"
    program = shutil.which("neato") if positioned else shutil.which("dot")
    if program is None:
        return False, "Graphviz's neato is not installed"
    # A picture of thousands of nodes at full size would be hundreds of megapixels: scale it to fit.
    fit = ["-Gsize=60,60", "-Gdpi=72"] if positioned and output.suffix.lower() == ".png" else []
    command = [program, *(["-n"] if positioned else []), *fit, f"-T{output.suffix[1:]}", "-o", str(output)]
    try:
        result = subprocess.run(command, input=dot_text.encode("utf-8"), capture_output=True, timeout=RENDER_TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, f"{Path(program).name} did not finish within {RENDER_TIMEOUT} s"
    except OSError as error:
        return False, f"{Path(program).name} could not run: {error}"
    if result.returncode != 0:
        return False, f"{Path(program).name} failed: " + result.stderr.decode("utf-8", "replace").strip()
    return True, ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    parser.add_argument("story", nargs="?", default=str(story_dir()), help="the story folder (default: the game's story/)")
    parser.add_argument("--chapter", help="draw only this chapter")
    parser.add_argument("--around", metavar="NODE", help="draw only the nodes near this one (see --depth)")
    parser.add_argument("--depth", type=int, default=2, metavar="N",
                        help="with --around: the nodes at most N links away, either way (default: 2)")
    parser.add_argument("-o", "--output", help="the file to write: .dot, .svg or .png (default: DOT on standard output)")
    parser.add_argument("--html", metavar="FILE",
                        help="also write an interactive page (pan, zoom, click a node for its text) that needs no network")


def run(args: argparse.Namespace) -> int:
    import time

    from game.core.suggest import hint
    from game.tools.opening import open_story

    began = time.perf_counter()
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in FORMATS:
        print(f"graph: write to a .dot, .svg or .png file, not '{output.name}'", file=sys.stderr)
        return 2
    html = Path(args.html) if getattr(args, "html", None) else None
    if html is not None and html.suffix.lower() not in (".html", ".htm"):
        print(f"graph: --html writes a .html file, not '{html.name}'", file=sys.stderr)
        return 2
    around, depth = getattr(args, "around", None), getattr(args, "depth", 2)
    if depth < 0:
        print("graph: --depth is a number of links, 0 or more", file=sys.stderr)
        return 2
    opened = open_story(args.story, "graph", chapter=args.chapter, checked=False)
    if isinstance(opened, int):
        return opened
    story = opened.story
    chapters = [args.chapter] if args.chapter else None
    keep = None
    if around is not None:
        if around not in story.nodes:
            print(f"graph: no node '{around}'{hint(around, story.nodes)}", file=sys.stderr)
            return 2
        keep = neighbourhood(story, around, depth)
    count = len(drawn_nodes(story, chapters, keep))
    large = count > LARGE_GRAPH
    if html is not None:
        from game.tools.graph_html import story_html

        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(story_html(story, chapters, keep, centre=around), encoding="utf-8")
        print(f"graph: wrote {html} ({count} nodes; open it in a browser)")
        if output is None:
            return 0
    positions = layout(story, chapters, keep, around) if large and output is not None and output.suffix.lower() in (".svg", ".png") else None
    text = story_dot(story, chapters, keep, positions)
    if output is None:
        sys.stdout.write(text)
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.suffix.lower() in (".dot", ".gv"):
        output.write_text(text, encoding="utf-8")
        print(f"graph: wrote {output}")
        return 0
    done, why = render(text, output, positioned=positions is not None)
    if done:
        how = f", laid out by graph itself as it has more than {LARGE_GRAPH} nodes" if positions is not None else ""
        print(f"graph: wrote {output} ({count} nodes{how}; {time.perf_counter() - began:.1f} s)")
        return 0
    beside = output.with_suffix(".dot")
    beside.write_text(text, encoding="utf-8")
    program = "neato -n" if positions is not None else "dot"
    print(f"graph: {why}; wrote {beside} instead. Render it with:\n"
          f"  {program} -T{output.suffix[1:].lower()} {beside} -o {output}\n"
          "Graphviz: apt install graphviz, brew install graphviz or winget install graphviz", file=sys.stderr)
    return 1
