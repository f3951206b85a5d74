"""Shared by `play` and `screenshot`: read --set assignments; the core's `start_at` places the runtime."""
from __future__ import annotations


def parse_assignment(text: str) -> tuple[str, str]:
    """`VAR=VALUE` from --set; raises ValueError with a message for the player."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--set {text!r}: write it as NAME=VALUE, for example --set energy=3")
    return name.strip(), value.strip()
