"""Writing the imported story as YAML that reads back exactly as built, and comments that YAML accepts."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from game.tools.twee.parse import TweeReadError

# Characters YAML reads as line breaks or refuses outright; a comment must not hold them.
_UNSAFE_IN_COMMENT = re.compile("[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


def comment_safe(text: str) -> str:
    return _UNSAFE_IN_COMMENT.sub(lambda found: f"\\u{ord(found.group(0)):04x}", text)


# libyaml's C emitter and parser when present: the pure-Python ones take seconds on a big story.
_BaseDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Safe dumping, multi-line text as `|` blocks, and never an alias (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: Any, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    if any(char in data for char in "\x85\u2028\u2029\ufeff"):
        # YAML reads these as line breaks (or a byte-order mark) when written raw; only the
        # double-quoted style writes them as escapes.
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)


def load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)


def write_story(story_yaml: str, nodes_yaml: str, out_dir: Path, *, force: bool, nodes_file: str = "nodes.yaml") -> None:
    """Write story.yaml and nodes.yaml, refusing to mix them into a folder that holds anything."""
    if out_dir.exists() and not out_dir.is_dir():
        raise TweeReadError(f"{out_dir}: exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise TweeReadError(f"{out_dir}: the folder is not empty; use --force to write into it anyway")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "story.yaml").write_text(story_yaml, encoding="utf-8")
        (out_dir / nodes_file).write_text(nodes_yaml, encoding="utf-8")
    except OSError as error:
        raise TweeReadError(f"{out_dir}: cannot write the story ({error.strerror or error})") from None
