"""The game's own words in another language: extracted by Babel from the code, updated in a PO, looked up by `_()`."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from game.cli import main
from game.core.i18n import interface


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small package standing in for game/, with marked strings, and its locale folder."""
    root = tmp_path / "game"
    (root / "player").mkdir(parents=True)
    (root / "player" / "menu.py").write_text(textwrap.dedent('''\
        from game.core.i18n.interface import _, N_, pgettext
        LABELS = [N_("Settings"), N_("Quit")]
        def title():
            # TRANSLATORS: the first item on the title screen
            return _("Continue"), pgettext("menu", "Back")
    '''), encoding="utf-8")
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text('_("Not for players")\n', encoding="utf-8")
    monkeypatch.setattr(interface, "LOCALE_DIR", root / "locale")
    yield root
    interface.use_language("en")


def fill(path: Path, lines: dict[str, str]) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id in lines:
            message.string = lines[message.id]
            message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


def test_extract_update_and_read(package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "extract", "--interface"]) == 0
    pot = (package / "locale" / "interface.pot").read_text(encoding="utf-8")
    assert 'msgid "Continue"' in pot and 'msgctxt "menu"' in pot and 'msgid "Quit"' in pot
    assert "the first item on the title screen" in pot and "Not for players" not in pot
    assert "#: game/player/menu.py:" in pot
    assert main(["translate", "update", "ja", "--interface"]) == 0
    po = package / "locale" / "ja.po"
    assert "Language: ja" in po.read_text(encoding="utf-8")
    fill(po, {"Continue": "つづきから", "Back": "もどる", "Settings": "設定"})
    assert interface.use_language("ja") == "ja"
    assert interface._("Continue") == "つづきから" and interface.pgettext("menu", "Back") == "もどる"
    assert interface._("Quit") == "Quit"  # untranslated: the English
    assert interface._("Settings") == "設定"
    capsys.readouterr()
    assert main(["translate", "status", "ja", "--interface"]) == 0
    assert "3 translated, 0 fuzzy, 1 missing" in capsys.readouterr().out


def test_an_edited_string_becomes_fuzzy_and_is_not_shown(package: Path) -> None:
    assert main(["translate", "update", "ja", "--interface"]) == 0
    po = package / "locale" / "ja.po"
    fill(po, {"Continue": "つづきから"})
    menu = package / "player" / "menu.py"
    menu.write_text(menu.read_text(encoding="utf-8").replace('_("Continue")', '_("Continue reading")'), encoding="utf-8")
    assert main(["translate", "update", "ja", "--interface"]) == 0
    with po.open("rb") as handle:
        catalog = read_po(handle)
    edited = catalog.get("Continue reading")
    assert edited is not None and edited.fuzzy and edited.string == "つづきから"
    interface.use_language("ja")
    assert interface._("Continue reading") == "Continue reading"


def test_a_missing_or_broken_catalogue_reads_in_english(package: Path) -> None:
    assert interface.use_language("ja") == "en"
    (package / "locale").mkdir(exist_ok=True)
    (package / "locale" / "ja.po").write_text("not a catalogue\n", encoding="utf-8")
    assert interface.use_language("ja") == "en" and interface._("Continue") == "Continue"
