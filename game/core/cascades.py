"""Cascade rules: a finding that only follows from an earlier one is not printed, and root causes come first.

One mistake should give one message. A node id defined twice, a misspelt `files:` glob or a
choice without `to:` break the graph, so "no path reaches" warnings after them are noise; an
expression that does not compile no longer reads its variables, so "never read" after it is
wrong; a node whose own keys do not fit the schema is not also a "dead end".
"""
from __future__ import annotations

import bisect

from game.core.diagnostics import Diagnostic, sort_key
from game.core.model import NodeStarts, Story

GLOB_MATCHES_NOTHING = "matches no file"
# Errors that change which nodes exist or where choices lead: reachability means nothing after them.
_GRAPH_BREAKING = {"CL010", "CL013", "CL014", "CL020", "CL021", "CL022", "CL026"}
_EXPRESSION_ERRORS = {"CL030", "CL031", "CL032", "CL033", "CL037"}
# "never read", "set but never used afterwards", "read but never set": all follow from what loaded.
_VARIABLE_USE = {"CL035", "CL050", "CL051"}


def is_missing_files(diagnostic: Diagnostic) -> bool:
    return diagnostic.code == "CL013" and GLOB_MATCHES_NOTHING in diagnostic.message


def without_cascades(diagnostics: list[Diagnostic], story: Story | None) -> list[Diagnostic]:
    """The findings an author should see, root causes first, then by file and line."""
    errors = {d.code for d in diagnostics if d.is_error}
    missing_files = any(is_missing_files(d) for d in diagnostics)
    dropped: set[str] = set()
    if errors & _GRAPH_BREAKING:
        dropped.add("CL023")
    if errors & (_EXPRESSION_ERRORS | _GRAPH_BREAKING):
        # A condition, effect or choice that did not load no longer reads or sets its variables.
        dropped.update(_VARIABLE_USE)
    if missing_files:
        # The nodes the missing file would hold look like typos; the suggestions would mislead.
        dropped.update({"CL021", "CL022", "CL026"})
    schema_lines = _schema_error_lines(diagnostics)
    starts = NodeStarts(story) if story is not None else None
    kept = [d for d in diagnostics
            if d.code not in dropped and not (d.code == "CL024" and _node_has_schema_error(d, schema_lines, starts))]
    return sorted(kept, key=lambda d: (not is_missing_files(d), *sort_key(d)))


def _schema_error_lines(diagnostics: list[Diagnostic]) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = {}
    for diagnostic in diagnostics:
        if diagnostic.code == "CL010" and diagnostic.is_error:
            lines.setdefault(diagnostic.path, []).append(diagnostic.line)
    for in_file in lines.values():
        in_file.sort()
    return lines


def _node_has_schema_error(dead_end: Diagnostic, schema_lines: dict[str, list[int]], starts: NodeStarts | None) -> bool:
    """Whether a schema error lies inside the node a dead-end finding is about (a misspelt key, an ending without id)."""
    in_file = schema_lines.get(dead_end.path)
    if not in_file or starts is None:
        return False
    following = starts.next_after(dead_end.path, dead_end.line)
    end = following if following is not None else float("inf")
    first = bisect.bisect_left(in_file, dead_end.line)  # in_file is sorted
    return first < len(in_file) and in_file[first] < end
