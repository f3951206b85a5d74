"""Names that look unused to vulture but are used: found by name at run time, registered by a decorator, or an API.

Each line is a name vulture may see as used; say why beside it. tests/test_dead_code.py reads this file.
"""
_ = object()

# The expression compiler dispatches on the ast node's class name: getattr(self, "_" + type(node).__name__).
_._Constant, _._Name, _._UnaryOp, _._BinOp, _._BoolOp, _._Compare, _._IfExp, _._Call
# Test plans dispatch each line to step_<keyword>.
_.step_chapter, _.step_choose, _.step_line, _.step_unavailable, _.step_because, _.step_hidden
_.step_variable, _.step_node, _.step_ending
# Scene painters register themselves by name with @register_scene.
_.DarkRoom, _.Title, _.NightStreet, _.DayStreet, _.Konbini, _.Flat8050, _.Clinic, _.StudyDesk, _.FactCard
_.HouseKitchen, _.HouseLanding, _.ConsultingRoom, _.CommunityRoom, _.NightStation
# Language-server handlers register themselves with @server.feature.
_.did_open, _.did_change, _.did_save, _.definition, _.references, _.document_symbols, _.workspace_symbols
_.completion, _.hover, _.code_actions
# A module's __getattr__, and PyYAML's Dumper hook.
_.__getattr__, _.ignore_aliases
# A Protocol named only in string annotations.
_.HostSource
# Story data the loader keeps for tools and for credits.
_.inspired_by
# The schema's helper for editors' tooling (docs/editors.md), and a benchmark helper kept for the timings.
_.properties_of, _._median, _._diagnostics
# Explorer internals under rework (the one-language change), and the Twee reader's whole-story entry.
_.relevance, _.all_once, _.read_story
# Merged from main with the translation and language work; for their authors to use or remove.
_.SOURCE_LANGUAGE, _.N_, _.system_language, _.COMPARISONS, _.EFFECT_OPS, _.clamp, _.EXIT_USAGE, _.bounds
# PyYAML resolver hooks, set as class attributes in place of its methods.
_.descend_resolver, _.ascend_resolver
# Babel extracts the text speeds' names from this tuple; the screen shows them through _() at run time.
_.SPEED_NAMES

# SDL reads the version asked for from these fields of its SDL_SysWMinfo (game/player/display/waiting.py).
_.major, _.minor
