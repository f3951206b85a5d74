"""`main.py graph --html FILE`: the story graph as one self-contained page (pan, zoom, click a node for its text).

Everything is inline, the data as JSON and a small script that draws it as SVG, so the page
opens from disk with no network and no Graphviz. The layout is graph_layout's, so a story of
thousands of nodes is written in about a second.
"""
from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any, Iterable

from game.tools.graph_layout import NODE_HEIGHT, NODE_WIDTH

if TYPE_CHECKING:
    from game.core.model import Story


def _source(template: Any) -> str:
    return getattr(template, "source", None) or str(template or "")


def _expression(expr: Any) -> str | None:
    if expr is None:
        return None
    return getattr(expr, "source", None) or str(expr)


def graph_data(story: "Story", chapter_ids: Iterable[str] | None = None, keep: set[str] | None = None,
               centre: str | None = None) -> dict[str, Any]:
    """What the page draws: every node with its place, text and choices, and every link."""
    from game.core.checker import reachable
    from game.tools.graph import _choice_label, _first_words, _left_out, drawn_nodes, layout, short

    chapters = list(chapter_ids) if chapter_ids is not None else None
    positions = layout(story, chapters, keep, centre)
    ids = drawn_nodes(story, chapters, keep)
    index = {node_id: i for i, node_id in enumerate(ids)}
    reached: set[str] = set()
    starts = set()
    for chapter in story.chapters:
        if chapters is None or chapter.id in chapters:
            reached |= reachable(story, chapter.start)
            starts.add(chapter.start)
    nodes: list[dict[str, Any]] = []
    edges: list[list[Any]] = []
    for node_id in ids:
        place = positions[node_id]
        node = story.nodes.get(node_id)
        if node is None:
            nodes.append({"id": node_id, "title": node_id, "x": round(place.x), "y": round(place.y), "missing": True})
            continue
        title = node.title or _first_words(node.text[0] if node.text else None) or node_id
        entry: dict[str, Any] = {
            "id": node_id, "title": title, "chapter": node.chapter, "x": round(place.x), "y": round(place.y),
            "text": [_source(t) for t in node.text],
            "where": f"{node.loc.path}:{node.loc.line}" if node.loc else "",
        }
        if node_id in starts:
            entry["start"] = True
        if node.ending:
            entry["ending"] = node.ending.title
        if node_id not in reached:
            entry["unreachable"] = True
        more = _left_out(story, node_id, keep)
        if more:
            entry["more"] = more
        choices = []
        for choice in node.choices:
            item: dict[str, Any] = {"text": _source(choice.text), "to": choice.target}
            if choice.condition is not None:
                item["if"] = _expression(choice.condition)
            if choice.enabled is not None:
                item["enabled"] = _expression(choice.enabled)
                item["reason"] = _source(choice.reason)
            if choice.once:
                item["once"] = True
            choices.append(item)
            if choice.target in index:
                kind = ("hidden_gated" if choice.condition is not None and choice.enabled is not None else
                        "hidden" if choice.condition is not None else "gated" if choice.enabled is not None else "choice")
                edges.append([index[node_id], index[choice.target], kind, short(_choice_label(choice), 60, 200)])
        if choices:
            entry["choices"] = choices
        if node.next:
            entry["next"] = node.next
            if node.next in index:
                edges.append([index[node_id], index[node.next], "next", ""])
        if node.fallback:
            entry["fallback"] = node.fallback
            if node.fallback in index:
                edges.append([index[node_id], index[node.fallback], "fallback", "fallback"])
        nodes.append(entry)

    groups = []
    for chapter in story.chapters:
        members = [positions[n].x for n in ids if n in story.nodes and story.nodes[n].chapter == chapter.id]
        if members:
            groups.append({"title": f"{chapter.title} ({chapter.id})", "x": round(min(members) - NODE_WIDTH / 2),
                           "y": round(min(positions[n].y for n in ids if n in story.nodes and story.nodes[n].chapter == chapter.id))})
    return {"title": story.title, "width": NODE_WIDTH, "height": NODE_HEIGHT, "nodes": nodes, "edges": edges,
            "chapters": groups, "centre": centre}


def story_html(story: "Story", chapter_ids: Iterable[str] | None = None, keep: set[str] | None = None,
               centre: str | None = None) -> str:
    data = json.dumps(graph_data(story, chapter_ids, keep, centre), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c")  # `<` only occurs inside JSON strings: nothing in the data can end the script element
    title = html.escape(f"{story.title}: story graph")
    return PAGE.replace("@TITLE@", title).replace("@DATA@", data)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<style>
  html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; color: #222; background: #fbfaf7; }
  #bar { position: fixed; top: 0; left: 0; right: 0; height: 40px; display: flex; gap: 8px; align-items: center;
         padding: 0 10px; background: #f0ede4; border-bottom: 1px solid #ccc; z-index: 2; font-size: 14px; }
  #bar button, #bar input { font: inherit; }
  #bar .title { font-weight: bold; margin-right: 8px; }
  #view { position: fixed; top: 41px; left: 0; right: 360px; bottom: 0; cursor: grab; touch-action: none; }
  #view.dragging { cursor: grabbing; }
  #panel { position: fixed; top: 41px; right: 0; width: 340px; bottom: 0; overflow: auto; padding: 10px;
           border-left: 1px solid #ccc; background: #fff; font-size: 14px; line-height: 1.4; }
  #panel h2 { font-size: 17px; margin: 4px 0; }
  #panel .meta { color: #666; font-size: 12px; }
  #panel p { margin: 6px 0; white-space: pre-wrap; }
  #panel li { margin: 4px 0; }
  #panel a { color: #2a5db0; cursor: pointer; text-decoration: underline; }
  .cond { color: #777; font-size: 12px; }
  svg text { pointer-events: none; font-size: 11px; }
  svg text.chapter { font-size: 22px; font-weight: bold; fill: #666; }
  .node rect { fill: #fff; stroke: #555; stroke-width: 1; rx: 6; }
  .node.start rect { stroke-width: 3; }
  .node.ending rect { fill: #f3ecd9; }
  .node.unreachable rect { stroke: #c0392b; stroke-width: 2; }
  .node.missing rect { stroke: #c0392b; stroke-dasharray: 4 3; }
  .node.more rect { stroke-dasharray: 2 2; }
  .node.selected rect { stroke: #2a5db0; stroke-width: 4; }
  .node:hover rect { fill: #eef3fb; }
  line { stroke: #777; stroke-width: 1; }
  line.hidden { stroke-dasharray: 6 4; }
  line.gated, line.hidden_gated { stroke: #aaa; stroke-dasharray: 2 3; }
  line.fallback { stroke: #d35400; stroke-dasharray: 6 4; }
  line.near { stroke: #2a5db0; stroke-width: 2.5; }
</style>
</head>
<body>
<div id="bar">
  <span class="title" id="title"></span>
  <button id="zoom-in" title="zoom in">+</button>
  <button id="zoom-out" title="zoom out">&minus;</button>
  <button id="fit" title="show the whole graph">Fit</button>
  <input id="find" placeholder="find a node id or title" size="24">
  <span id="count" class="meta"></span>
</div>
<div id="view"><svg id="svg" width="100%" height="100%" xmlns="http://www.w3.org/2000/svg">
  <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
    <path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>
  <g id="world"><g id="edges"></g><g id="nodes"></g></g>
</svg></div>
<div id="panel"><p class="meta">Drag to pan, scroll (or + and &minus;) to zoom, click a node to read it.</p></div>
<script type="application/json" id="graph-data">@DATA@</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("svg"), world = document.getElementById("world");
  var view = document.getElementById("view"), panel = document.getElementById("panel");
  var W = data.width, H = data.height;
  var scale = 1, tx = 0, ty = 0, selected = null, byId = {}, nodeEls = [], edgeEls = [];
  document.getElementById("title").textContent = data.title;
  document.getElementById("count").textContent = data.nodes.length + " nodes, " + data.edges.length + " links";
  document.title = data.title + ": story graph";

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function cut(text, n) { return text.length > n ? text.slice(0, n - 1) + "\\u2026" : text; }

  var edgeLayer = document.getElementById("edges"), nodeLayer = document.getElementById("nodes");
  (data.chapters || []).forEach(function (c) {
    var label = el("text", {x: c.x, y: c.y - H / 2 - 14, "class": "chapter"}, world); label.textContent = c.title;
  });
  data.edges.forEach(function (e, i) {
    var a = data.nodes[e[0]], b = data.nodes[e[1]];
    var x1 = a.x, y1 = a.y + H / 2, x2 = b.x, y2 = b.y - H / 2;
    if (b.y <= a.y) { y1 = a.y; y2 = b.y; x2 = b.x + (b.x >= a.x ? -W / 2 : W / 2); }
    if (e[0] === e[1]) { x1 = a.x + W / 2; y1 = a.y - 8; x2 = a.x + W / 2; y2 = a.y + 8; }
    var line = el("line", {x1: x1, y1: y1, x2: x2, y2: y2, "class": e[2], "marker-end": "url(#arrow)"}, edgeLayer);
    if (e[3]) el("title", {}, line).textContent = e[3];
    edgeEls.push(line);
  });
  data.nodes.forEach(function (n, i) {
    byId[n.id] = i;
    var classes = ["node"];
    ["start", "ending", "unreachable", "missing", "more"].forEach(function (k) { if (n[k]) classes.push(k); });
    var g = el("g", {"class": classes.join(" "), transform: "translate(" + (n.x - W / 2) + "," + (n.y - H / 2) + ")"}, nodeLayer);
    el("rect", {width: W, height: H}, g);
    var t1 = el("text", {x: 6, y: 17}, g); t1.textContent = cut(n.title, 24);
    var t2 = el("text", {x: 6, y: 33, fill: "#777"}, g);
    t2.textContent = n.missing ? "missing: not a node" : cut(n.id + (n.ending ? "  \\u25a0 " + n.ending : ""), 26);
    g.style.cursor = "pointer";
    g.addEventListener("click", function (ev) { ev.stopPropagation(); select(i, false); });
    nodeEls.push(g);
  });

  function apply() { world.setAttribute("transform", "translate(" + tx + "," + ty + ") scale(" + scale + ")"); }
  function fit() {
    var xs = data.nodes.map(function (n) { return n.x; }), ys = data.nodes.map(function (n) { return n.y; });
    if (!xs.length) return;
    var left = Math.min.apply(null, xs) - W, right = Math.max.apply(null, xs) + W;
    var top = Math.min.apply(null, ys) - H, bottom = Math.max.apply(null, ys) + H;
    var vw = view.clientWidth || 800, vh = view.clientHeight || 600;
    scale = Math.min(vw / (right - left), vh / (bottom - top), 1.5);
    tx = (vw - (right - left) * scale) / 2 - left * scale; ty = (vh - (bottom - top) * scale) / 2 - top * scale;
    apply();
  }
  function zoomAt(factor, cx, cy) {
    var next = Math.max(0.02, Math.min(8, scale * factor));
    tx = cx - (cx - tx) * next / scale; ty = cy - (cy - ty) * next / scale; scale = next; apply();
  }
  function centreOn(i) {
    var n = data.nodes[i], vw = view.clientWidth || 800, vh = view.clientHeight || 600;
    if (scale < 0.6) scale = 0.9;
    tx = vw / 2 - n.x * scale; ty = vh / 2 - n.y * scale; apply();
  }
  function add(parent, tag, text, cls) {
    var e = document.createElement(tag); if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls; parent.appendChild(e); return e;
  }
  function link(parent, id) {
    var a = add(parent, "a", id);
    a.addEventListener("click", function () { if (id in byId) select(byId[id], true); });
    return a;
  }
  function select(i, centre) {
    if (selected !== null) nodeEls[selected].classList.remove("selected");
    edgeEls.forEach(function (line, k) {
      var e = data.edges[k]; line.classList.toggle("near", e[0] === i || e[1] === i);
    });
    selected = i; nodeEls[i].classList.add("selected");
    if (centre) centreOn(i);
    var n = data.nodes[i];
    panel.textContent = "";
    add(panel, "h2", n.title);
    add(panel, "div", n.id + (n.chapter ? " \\u00b7 chapter " + n.chapter : "") + (n.where ? " \\u00b7 " + n.where : ""), "meta");
    if (n.missing) { add(panel, "p", "Something leads here, but there is no node with this id."); return; }
    var flags = [];
    if (n.start) flags.push("the chapter's start");
    if (n.unreachable) flags.push("unreachable from the start");
    if (n.more) flags.push(n.more + " link(s) outside this view");
    if (flags.length) add(panel, "div", flags.join("; "), "meta");
    (n.text || []).forEach(function (p) { add(panel, "p", p); });
    if (n.ending) add(panel, "p", "Ending: " + n.ending, "meta");
    if (n.choices) {
      var list = add(panel, "ol");
      n.choices.forEach(function (c) {
        var li = add(list, "li"); add(li, "span", c.text + " \\u2192 "); link(li, c.to);
        var conds = [];
        if (c["if"]) conds.push("if " + c["if"]);
        if (c.enabled) conds.push("enabled " + c.enabled + " (else: " + c.reason + ")");
        if (c.once) conds.push("once");
        if (conds.length) add(li, "div", conds.join("; "), "cond");
      });
    }
    if (n.next) { var d = add(panel, "p", "Next: "); link(d, n.next); }
    if (n.fallback) { var f = add(panel, "p", "Fallback: "); link(f, n.fallback); }
    var from = data.edges.filter(function (e) { return e[1] === i && e[0] !== i; });
    if (from.length) {
      var led = add(panel, "p", "Led to from: ");
      from.forEach(function (e, k) { if (k) add(led, "span", ", "); link(led, data.nodes[e[0]].id); });
    }
  }

  var drag = null;
  view.addEventListener("pointerdown", function (ev) {
    drag = {x: ev.clientX, y: ev.clientY, tx: tx, ty: ty, moved: false};
    view.classList.add("dragging");
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    tx = drag.tx + ev.clientX - drag.x; ty = drag.ty + ev.clientY - drag.y; apply();
  });
  window.addEventListener("pointerup", function () { drag = null; view.classList.remove("dragging"); });
  view.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var box = view.getBoundingClientRect();
    zoomAt(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - box.left, ev.clientY - box.top);
  }, {passive: false});
  document.getElementById("zoom-in").onclick = function () { zoomAt(1.3, view.clientWidth / 2, view.clientHeight / 2); };
  document.getElementById("zoom-out").onclick = function () { zoomAt(1 / 1.3, view.clientWidth / 2, view.clientHeight / 2); };
  document.getElementById("fit").onclick = fit;
  document.getElementById("find").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var q = this.value.trim().toLowerCase();
    for (var i = 0; i < data.nodes.length; i++) {
      var n = data.nodes[i];
      if (n.id.toLowerCase() === q || n.title.toLowerCase().indexOf(q) >= 0) { select(i, true); return; }
    }
  });
  fit();
  if (data.centre && data.centre in byId) select(byId[data.centre], true);
  window.storyGraph = {select: select, zoomAt: zoomAt, fit: fit, state: function () { return {scale: scale, tx: tx, ty: ty, selected: selected}; }};
})();
</script>
</body>
</html>
"""
