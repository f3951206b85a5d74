"""What the loader keeps between loads of one story (the language server's): parses, schema verdicts and compiled sources."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator


class LoadCache:
    """The one owner of everything kept from one load for the next, all off until `keep` is asked.

    - `parsed`: (path, display) -> (the bytes read, duplicate_code, the file as read), so a file whose
      bytes did not change is not parsed again (yamlsrc.read_yaml); one entry a file.
    - `verdicts`: a file -> (its parse, whether it fits the schema), asked again only for a new parse
      (load_schema).
    - `compiled`: a scope (its variables and node ids) -> the expressions and templates compiled in it
      (load_nodes.scope_cache), for the last few scopes.
    """

    def __init__(self) -> None:
        self.parsed: dict[tuple[str, str], tuple[bytes, Any, Any]] | None = None
        self.verdicts: dict[str, tuple[Any, bool]] | None = None
        self.compiled: dict[tuple, dict[tuple, Any]] | None = None

    @property
    def keeping(self) -> bool:
        """Whether loads keep what they read for the next (see `keep`)."""
        return self.parsed is not None

    def keep(self, on: bool = True) -> None:
        """Keep what each load reads for the next, starting empty; or (`on` False) keep nothing and forget it all."""
        self.parsed, self.verdicts, self.compiled = ({}, {}, {}) if on else (None, None, None)

    def clear(self) -> None:
        """Forget everything kept so far; loads go on keeping if they were."""
        self.keep(self.keeping)

    @contextmanager
    def from_scratch(self) -> Iterator[None]:
        """Loads inside read, validate and compile everything afresh, as if nothing were kept; what was
        kept is put back after, untouched (to compare the two ways of loading)."""
        kept = self.parsed, self.verdicts, self.compiled
        self.parsed = self.verdicts = self.compiled = None
        try:
            yield
        finally:
            self.parsed, self.verdicts, self.compiled = kept


LOAD_CACHE = LoadCache()
