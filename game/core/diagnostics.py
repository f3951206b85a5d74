"""Findings about a story: a location, a severity, a message and a stable code."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# Every code, with the one-line summary that docs/diagnostics.md explains at length.
CODES: dict[str, str] = {
    "CL001": "the file is not valid YAML",
    "CL002": "the file cannot be read: missing, too large, binary or not UTF-8",
    "CL003": "a YAML tag that could construct objects or is unknown",
    "CL004": "YAML aliases and merge keys are not allowed",
    "CL005": "nesting deeper than a story needs",
    "CL006": "a key appears twice in one mapping",
    "CL010": "the file does not match the story schema",
    "CL011": "the story folder has no story.yaml manifest",
    "CL012": "the story folder does not exist",
    "CL013": "a path leaves the story folder, or a glob matches no file",
    "CL014": "a node file is claimed by more than one chapter",
    "CL020": "a node id is defined twice",
    "CL021": "a choice, next or fallback names a node that does not exist",
    "CL022": "a chapter's start node does not exist",
    "CL023": "a node no path from its chapter's start reaches",
    "CL024": "a dead end: a node that is not an ending and has no way on",
    "CL025": "a soft-lock: every choice of a node can be shown unavailable or hidden at once",
    "CL026": "a choice leads into another chapter",
    "CL027": "an id (chapter, ending, choice) is used twice",
    "CL030": "an expression does not parse",
    "CL031": "an unknown variable",
    "CL032": "an unknown function, or the wrong number or kind of arguments",
    "CL033": "a type error in an expression",
    "CL034": "an effect that can be seen to leave the variable's declared range",
    "CL035": "a variable that is declared but never read",
    "CL036": "a variable declaration that does not fit (initial value, range, values)",
    "CL037": "a text template does not parse",
    "CL038": "a variable is declared twice",
    "CL040": "an unknown scene name",
    "CL041": "an unknown scene parameter, or a value that does not fit it",
    "CL042": "an unknown ambience name",
    "CL043": "a file the story names does not exist",
    "CL044": "a page the game expects is missing",
    "CL045": "a picture the story names is not a PNG or JPEG, or declares too many pixels",
    "CL070": "an effect that feeds a variable on itself, so a loop can grow it without end",
    "CL050": "a variable is set where nothing read afterwards uses the value",
    "CL051": "a variable is read but never set, so it always has its initial value",
    "CL052": "an unavailable choice's reason varies with variables its 'enabled' does not test",
    "CL053": "an unavailable choice's 'enabled' tests variables its varying reason never mentions",
    "CL059": "the quality block names a chapter the story does not have",
    "CL090": "a line is indented with a tab",
    "CL091": "unquoted text holds ': ', which YAML reads as another key",
    "CL092": "a line is indented too far or not far enough for the mapping it belongs to",
    "CL093": "' #' in unquoted prose starts a comment and cuts the text",
    "CL094": "a bare yes, no, on or off where text is expected",
    "CL110": "story prose with a straight quote or a double hyphen instead of curly quotes or an em dash",
    "CL120": "a line a player can meet has no translation in the language checked",
    "CL121": "a translated line is marked fuzzy: its source changed and the translator has not checked it",
    "CL122": "a translation's {…} expressions differ from its source's",
    "CL123": "a translation's {if …} conditions or branches differ from its source's",
    "CL124": "a translation does not read as a template (an unclosed brace, a bad expression)",
    "CL125": "a translation holds characters its language's font cannot draw",
    "CL126": "a translation was made for an earlier source text and the catalogue has not been updated",
    "CL127": "no catalogue can be read for the language checked",
}


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    message: str
    code: str

    def __str__(self) -> str:
        # One finding, one line: a value quoted in a message may hold line breaks of its own.
        message = " ".join(self.message.splitlines()) if "\n" in self.message or "\r" in self.message else self.message
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    return (diagnostic.path, diagnostic.line, diagnostic.col, diagnostic.code)
