"""A story's node files read in turn, or, when there are megabytes of them, shared out to forked processes.

Parsing is most of a large story's load and each file parses alone, so on Linux with more than one
core a large story's files are split between this process and forked children. A child reads its
share exactly as this process would and sends each file back whole (data, positions, text and
findings, with the schema's verdict on it) in one `marshal` blob, which costs a tenth of the parse.
Anything that goes wrong in a child (it dies, a value will not marshal) only means this process reads
that share itself, so the files, and every finding on them, are the same whichever way they were read.
"""
from __future__ import annotations

import marshal
import os
import signal
import sys
from dataclasses import astuple
from pathlib import Path
from typing import Any, Callable

from game.core.diagnostics import Diagnostic
from game.core import yamlsrc
from game.core.yamlsrc import Path_, YamlFile, read_yaml

# Below this many bytes of node files a story is read in this process. Measured on 13-file stories
# (two cores): shared out, 0.15 MB loads in 59 ms instead of 69, 0.9 MB in 226 instead of 279, 3 MB in
# 1.1 s instead of 1.2; the game's own 0.45 MB story gains nothing (99 ms against 103), so it and
# anything of its size keep to one process, and a reload in the game never forks for it.
SHARED_FROM_BYTES = 1_000_000
_MOST_CHILDREN = 3
# This process's share of the reading, against a child's, when it has work of its own to do on its
# share while the children read (the loader builds that share's plain nodes meanwhile): measured on
# 100,000 nodes in 13 files (two cores), where the first 6 files here and 7 in a child balance best.
OWN_SHARE = 0.85

Judge = Callable[[Any], "bool | None"]  # the schema's verdict on a file's data (None: not asked)


def read_node_files(paths: list[tuple[Path, str]], duplicate_code: Callable[[Path_], str], judge: Judge,
                    meanwhile: Callable[[list[tuple[YamlFile, bool | None]]], None] | None = None) -> list[tuple[YamlFile, bool | None]]:
    """Each (path, display) read as `read_yaml` reads it, in order, with `judge`'s verdict on its data
    (None where it was not asked: the caller then asks when it needs to).

    When children read the later files, `meanwhile` is handed the first ones, read here, before
    their wait: the caller's work on those is done while the others are still being read."""
    shares = _shares(paths, meanwhile is not None)
    read: list[list[tuple[YamlFile, bool | None]]] = [[] for _ in shares]
    children: list[list[int]] = []  # [share, pid, pipe]; a pid or pipe already dealt with is 0 or -1
    try:
        for number, share in enumerate(shares[1:], 1):
            child = _fork(share, duplicate_code, judge)
            if child is not None:
                children.append([number, *child])
        forked = {child[0] for child in children}
        for number, share in enumerate(shares):
            if number not in forked:  # this process's own share, and any whose child could not start
                read[number] = [(read_yaml(path, display, duplicate_code), None) for path, display in share]
        if children and meanwhile is not None:
            meanwhile(read[0])
        for child in children:
            number, pid, pipe = child
            child[2] = -1  # the pipe is closed below, whatever happens
            with os.fdopen(pipe, "rb") as stream:
                blob = stream.read()
            status = os.waitpid(pid, 0)[1]
            child[1] = 0
            read[number] = _unpacked(blob, status, shares[number], duplicate_code)
        return [item for share in read for item in share]
    finally:
        for _, pid, pipe in children:  # only after an error here: stop and reap every child still running
            _stop(pid, pipe)


def _shares(paths: list[tuple[Path, str]], busy_here: bool = False) -> list[list[tuple[Path, str]]]:
    """The files split into consecutive runs of about equal bytes, one for this process and one per child;
    a single run when the story is small, forking is not safe here, or files are remembered between loads.

    `busy_here`: this process has more to do with its own share while the children read (see
    read_node_files), so its run is OWN_SHARE of an equal one."""
    cores = _cores()
    if cores < 2 or len(paths) < 2 or not sys.platform.startswith("linux") or yamlsrc.remembering_parsed():
        return [paths]
    sizes = []
    for path, _ in paths:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)
    total = sum(sizes)
    if total < SHARED_FROM_BYTES:
        return [paths]
    count = min(cores, _MOST_CHILDREN + 1, len(paths))
    shares: list[list[tuple[Path, str]]] = [[] for _ in range(count)]
    own = OWN_SHARE if busy_here else 1.0
    # Run boundaries in bytes: this process's run, then equal ones; a file goes to the run its middle falls in.
    first = total * own / (count - 1 + own)
    rest = (total - first) / (count - 1)
    so_far = 0
    for item, size in zip(paths, sizes):
        middle = so_far + size / 2
        shares[0 if middle < first else min(count - 1, 1 + int((middle - first) // rest))].append(item)
        so_far += size
    return [share for share in shares if share]


def _cores() -> int:
    """How many cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _fork(share: list[tuple[Path, str]], duplicate_code: Callable[[Path_], str], judge: Judge) -> tuple[int, int] | None:
    """A child reading `share` and writing what it read to a pipe: (its pid, the pipe's reading end), or None."""
    try:
        pipe, out = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(pipe)
        os.close(out)
        return None
    if pid:
        os.close(out)
        return pid, pipe
    status = 1
    try:  # the child: it never returns to the caller, whatever happens
        os.close(pipe)
        read = []
        for path, display in share:
            file = read_yaml(path, display, duplicate_code)
            read.append((file.data, file.root, file.tree, file.text,
                         [astuple(finding) for finding in file.diagnostics], judge(file.data)))
        blob = marshal.dumps(read)
        with os.fdopen(out, "wb") as stream:
            stream.write(blob)
        status = 0
    finally:
        os._exit(status)


def _unpacked(blob: bytes, status: int, share: list[tuple[Path, str]],
              duplicate_code: Callable[[Path_], str]) -> list[tuple[YamlFile, bool | None]]:
    """What a child sent, as YamlFiles; the share read here instead if the child failed."""
    sent = None
    if status == 0:
        try:
            sent = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            sent = None
    if not isinstance(sent, list) or len(sent) != len(share):
        return [(read_yaml(path, display, duplicate_code), None) for path, display in share]
    return [(YamlFile(path, display, data, root, tree, text, [Diagnostic(*finding) for finding in findings]), verdict)
            for (path, display), (data, root, tree, text, findings, verdict) in zip(share, sent)]


def _stop(pid: int, pipe: int) -> None:
    """End a child that was not waited for (its pid is still ours: it has not been reaped) and close its pipe."""
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    if pipe >= 0:
        try:
            os.close(pipe)
        except OSError:
            pass
