"""A story's node files read in turn, or, when there are megabytes of them, shared out to forked processes.

Parsing is most of a large story's load and each file parses alone, so on Linux with more than one
core a large story's files are split between this process and forked children. A child reads its
share exactly as this process would and sends each file back whole (data, positions, text and
findings, with the schema's verdict on it) as soon as it is read, in one `marshal` record, which costs
a tenth of the parse; the caller takes each file in as it comes. Anything that goes wrong in a child (it
dies, a value will not marshal) only means this process reads the rest of that share itself, so the
files, and every finding on them, are the same whichever way they were read.
"""
from __future__ import annotations

import marshal
import os
import signal
import struct
import sys
import tempfile
from dataclasses import astuple
from pathlib import Path
from typing import Any, Callable, Iterator

from game.core.diagnostics import Diagnostic
from game.core.load_cache import LOAD_CACHE
from game.core.yamlsrc import Path_, YamlFile, read_yaml

# Below this many bytes of node files a story is read in this process. Measured on 13-file stories
# (two cores): shared out, 0.15 MB loads in 59 ms instead of 69, 0.9 MB in 226 instead of 279, 3 MB in
# 1.1 s instead of 1.2; the game's own 0.45 MB story gains nothing (99 ms against 103), so it and
# anything of its size keep to one process, and a reload in the game never forks for it.
SHARED_FROM_BYTES = 1_000_000
_MOST_CHILDREN = 3
_WHERE = struct.Struct("<QQ")  # where in a child's store one file's record lies: offset and size
# This process's share of the reading, against a child's, when it takes every file in as it comes
# (the loader builds each file's plain nodes then): it does that for the children's files too, so
# it reads less itself. On 100,000 nodes in 13 files (two cores), 5 files here and 8 in the child
# balance the two: a file is parsed in about 0.3 s and its nodes built in 0.1 s.
OWN_SHARE = 0.6

Judge = Callable[[Any], "bool | None"]  # the schema's verdict on a file's data (None: not asked)


def read_node_files(paths: list[tuple[Path, str]], duplicate_code: Callable[[Path_], str], judge: Judge,
                    meanwhile: Callable[[list[tuple[YamlFile, bool | None]]], None] | None = None) -> list[tuple[YamlFile, bool | None]]:
    """Each (path, display) read as `read_yaml` reads it, in order, with `judge`'s verdict on its data
    (None where it was not asked: the caller then asks when it needs to).

    When children read the later files, `meanwhile` is handed every file in order as soon as it is
    here (this process's own first, then each child's as the child sends it): the caller's work on
    those is done while the rest are still being read."""
    shares = _shares(paths, meanwhile is not None)
    read: list[list[tuple[YamlFile, bool | None]]] = [[] for _ in shares]
    children: dict[int, list[int]] = {}  # share -> [pid, pipe, store]; a pid or pipe already dealt with is 0 or -1
    try:
        for number, share in enumerate(shares[1:], 1):
            child = _fork(share, duplicate_code, judge)
            if child is not None:
                children[number] = list(child)
        for number, share in enumerate(shares):
            if number not in children:  # this process's own share, and any whose child could not start
                read[number] = [(read_yaml(path, display, duplicate_code), None) for path, display in share]
        hand_over = meanwhile if children else None
        for number, share in enumerate(shares):
            child = children.get(number)
            if child is not None:
                pid, pipe, store = child
                child[1] = -1  # the pipe is closed below, whatever happens
                with os.fdopen(pipe, "rb") as stream:
                    for item in _received(stream, store, share):
                        read[number].append(item)
                        if hand_over is not None:
                            hand_over([item])
                os.waitpid(pid, 0)
                child[0] = 0
                # Whatever a child did not send (it died, a value would not marshal) is read here.
                rest = [(read_yaml(path, display, duplicate_code), None) for path, display in share[len(read[number]):]]
                read[number].extend(rest)
                if hand_over is not None and rest:
                    hand_over(rest)
            elif hand_over is not None:
                hand_over(read[number])
        return [item for share in read for item in share]
    finally:
        for pid, pipe, store in children.values():  # after an error here, stop and reap every child still running
            _stop(pid, pipe)
            os.close(store)


def _shares(paths: list[tuple[Path, str]], busy_here: bool = False) -> list[list[tuple[Path, str]]]:
    """The files split into consecutive runs of about equal bytes, one for this process and one per child;
    a single run when the story is small, forking is not safe here, or files are remembered between loads.

    `busy_here`: this process has more to do with its own share while the children read (see
    read_node_files), so its run is OWN_SHARE of an equal one."""
    cores = _cores()
    if cores < 2 or len(paths) < 2 or not sys.platform.startswith("linux") or LOAD_CACHE.keeping:
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


def _fork(share: list[tuple[Path, str]], duplicate_code: Callable[[Path_], str], judge: Judge) -> tuple[int, int, int] | None:
    """A child reading `share`: (its pid, the reading end of its pipe, its store), or None.

    The child writes each file, as soon as it has read it, to the store (a file in memory) and
    then says where on the pipe: its few bytes never fill the pipe, so the child never waits for
    this process to be ready for them."""
    try:
        store = _store()
    except OSError:
        return None
    try:
        pipe, out = os.pipe()
    except OSError:
        os.close(store)
        return None
    try:
        pid = os.fork()
    except OSError:
        for end in (pipe, out, store):
            os.close(end)
        return None
    if pid:
        os.close(out)
        return pid, pipe, store
    status = 1
    try:  # the child: it never returns to the caller, whatever happens
        os.close(pipe)
        offset = 0
        for path, display in share:
            file = read_yaml(path, display, duplicate_code)
            record = marshal.dumps((file.data, file.root, file.tree, file.text,
                                    [astuple(finding) for finding in file.diagnostics], judge(file.data)))
            written = 0
            while written < len(record):
                written += os.pwrite(store, record[written:], offset + written)
            os.write(out, _WHERE.pack(offset, len(record)))
            offset += len(record)
        status = 0
    finally:
        os._exit(status)


def _store() -> int:
    """A file in memory to hand a child's reading over in (a temporary file where there is no memfd)."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("story-files", getattr(os, "MFD_CLOEXEC", 0))
    handle = tempfile.TemporaryFile()
    return os.dup(handle.fileno())


def _received(stream: Any, store: int, share: list[tuple[Path, str]]) -> Iterator[tuple[YamlFile, bool | None]]:
    """The files of `share` a child sent, in order, each as it comes; it stops at the first that did not come whole."""
    for path, display in share:
        where = stream.read(_WHERE.size)
        if len(where) != _WHERE.size:
            return
        offset, size = _WHERE.unpack(where)
        record = os.pread(store, size, offset)
        try:
            data, root, tree, text, findings, verdict = marshal.loads(record)
        except (EOFError, ValueError, TypeError):
            return
        yield YamlFile(path, display, data, root, tree, text, [Diagnostic(*finding) for finding in findings]), verdict


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
