"""`main.py translate extract|update LANG|status [LANG]`: the story's PO template, each language's catalogue, and how far along it is."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.resources import story_dir

    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    extract = actions.add_parser("extract", help="write translations/story.pot: every string to translate, with its key")
    update = actions.add_parser("update", help="create or bring translations/LANG.po up to the story (changed lines become fuzzy)")
    update.add_argument("lang", help="the language code, e.g. ja")
    status = actions.add_parser("status", help="per chapter: lines translated, fuzzy, missing and obsolete")
    status.add_argument("lang", nargs="?", help="one language (default: every LANG.po in translations/)")
    for sub in (extract, update, status):
        sub.add_argument("--story", default=str(story_dir()), help="the story folder (default: the game's story/)")
        sub.add_argument("--interface", action="store_true",
                         help="the game's own words (menus, settings, hints) in game/locale/, instead of a story's")


def run(args: argparse.Namespace) -> int:
    if args.interface:
        return _interface(args)
    from game.core.i18n.catalogue import TEMPLATE, CatalogueError, folder, po_path, read, template_text, updated_text, write_atomically
    from game.core.i18n.keys import entries
    from game.core.i18n.languages import LANGUAGES

    from game.tools.opening import open_story

    opened = open_story(args.story, "translate")
    if isinstance(opened, int):
        return opened
    story = opened.story
    found = entries(story)
    if args.action == "extract":
        path = folder(story.root) / TEMPLATE
        write_atomically(path, template_text(found))
        print(f"{path}: {len(found)} strings to translate")
        return 0
    if args.action == "update":
        if args.lang not in LANGUAGES:
            print(f"main.py translate: the game has no fonts or line breaking for '{args.lang}' "
                  f"(it reads in: {', '.join(LANGUAGES)})")
            return 2
        path = po_path(story.root, args.lang)
        try:
            old = read(path, args.lang) if path.exists() else None
        except CatalogueError as error:
            print(f"main.py translate: {error}")
            return 2
        text, counts = updated_text(found, old, args.lang)
        write_atomically(path, text)
        write_atomically(folder(story.root) / TEMPLATE, template_text(found))
        print(f"{path}: " + ", ".join(f"{number} {kind}" for kind, number in counts.items()))
        return 0
    return _status(story, args.lang)


def _status(story, lang: str | None) -> int:  # noqa: ANN001 (a loaded Story)
    from game.core.i18n.catalogue import CatalogueError, folder, read
    from game.core.i18n.check import status

    languages = [lang] if lang else sorted(path.stem for path in folder(story.root).glob("*.po"))
    if not languages:
        print(f"{folder(story.root)}: no translations yet (start one with: main.py translate update LANG)")
        return 0
    for code in languages:
        path = folder(story.root) / f"{code}.po"
        try:
            translation = read(path, code) if path.exists() else None
        except CatalogueError as error:
            print(f"main.py translate: {error}")
            return 2
        rows = status(story, translation)
        print(f"{code} ({path.name if translation else 'not started'}):")
        print(f"  {'chapter':<10} {'translated':>10} {'fuzzy':>6} {'missing':>8} {'obsolete':>9}   done")
        totals = [0, 0, 0, 0]
        for chapter, done, fuzzy, missing, obsolete in rows:
            whole = done + fuzzy + missing
            print(f"  {chapter:<10} {done:>10} {fuzzy:>6} {missing:>8} {obsolete:>9}   {100 * done / whole if whole else 100:5.1f}%")
            totals = [a + b for a, b in zip(totals, (done, fuzzy, missing, obsolete))]
        whole = sum(totals[:3])
        print(f"  {'all':<10} {totals[0]:>10} {totals[1]:>6} {totals[2]:>8} {totals[3]:>9}   {100 * totals[0] / whole if whole else 100:5.1f}%")
    return 0


def new_catalog(lang: str | None = None):  # noqa: ANN201 (a Babel Catalog)
    from babel.messages.catalog import Catalog

    from game import __version__

    return Catalog(locale=lang, project="Curtain Light", version=__version__, copyright_holder="the authors of Curtain Light",
                   header_comment="# The words of Curtain Light's own interface (menus, settings, hints).\n"
                                  "# Made by `main.py translate extract --interface`; see docs/translating.md.",
                   fuzzy=False)


def interface_catalog(package: Path | None = None):  # noqa: ANN201 (a Babel Catalog)
    """Every `_()`, `N_()` and `pgettext()` string in the game's code, extracted by Babel, with where each is."""
    from babel.messages.extract import extract_from_dir

    from game.core.i18n.interface import KEYWORDS, LOCALE_DIR

    package = package or LOCALE_DIR.parent
    catalog = new_catalog()
    method_map = [("**/tests/**", "ignore"), ("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
            str(package), method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        catalog.add(message, None, [(f"game/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def _interface(args: argparse.Namespace) -> int:
    import io

    from babel.messages.pofile import write_po

    from game.core.i18n.catalogue import write_atomically
    from game.core.i18n.interface import TEMPLATE, read_catalog
    from game.core.i18n import interface

    LOCALE_DIR = interface.LOCALE_DIR  # noqa: N806 (read at call time, so a test can point it elsewhere)
    from game.core.i18n.languages import LANGUAGES

    def dump(catalog) -> str:  # noqa: ANN001
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=0, include_previous=True, sort_output=False, omit_header=False)
        return buffer.getvalue().decode("utf-8")

    template = interface_catalog(LOCALE_DIR.parent)
    if args.action == "extract":
        write_atomically(LOCALE_DIR / TEMPLATE, dump(template))
        print(f"{LOCALE_DIR / TEMPLATE}: {len(template)} interface strings")
        return 0
    if args.action == "update":
        if args.lang not in LANGUAGES:
            print(f"main.py translate: the game has no fonts or line breaking for '{args.lang}' (it reads in: {', '.join(LANGUAGES)})")
            return 2
        path = LOCALE_DIR / f"{args.lang}.po"
        catalog = read_catalog(path) if path.exists() else None
        if path.exists() and catalog is None:
            print(f"main.py translate: {path}: not a PO file Curtain Light can read")
            return 2
        if catalog is None:
            catalog = new_catalog(args.lang)
        # Babel's own update: keys are the English words, so an edited one is matched by likeness and marked fuzzy.
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        catalog.locale = args.lang
        write_atomically(path, dump(catalog))
        write_atomically(LOCALE_DIR / TEMPLATE, dump(template))
        done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
        fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
        print(f"{path}: {len(template)} strings, {done} translated, {fuzzy} fuzzy, {len(catalog.obsolete)} obsolete")
        return 0
    for path in ([LOCALE_DIR / f"{args.lang}.po"] if args.lang else sorted(LOCALE_DIR.glob("*.po"))):
        catalog = read_catalog(path)
        if catalog is None:
            print(f"{path}: no interface catalogue (start one with: main.py translate update {path.stem} --interface)")
            continue
        wanted = {(m.id, m.context) for m in template if m.id}
        lines = [m for m in catalog if m.id and (m.id, m.context) in wanted]
        done = sum(1 for m in lines if m.string and not m.fuzzy)
        fuzzy = sum(1 for m in lines if m.fuzzy)
        missing = len(wanted) - done - fuzzy
        share = 100 * done / len(wanted) if wanted else 100
        print(f"{path.stem} (interface): {done} translated, {fuzzy} fuzzy, {missing} missing, {len(catalog.obsolete)} obsolete   {share:.1f}%")
    return 0
