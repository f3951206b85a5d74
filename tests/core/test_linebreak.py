"""Line breaking: English at spaces; Japanese at BudouX's phrase boundaries, with kinsoku shori and hanging punctuation."""
from __future__ import annotations

import pytest

from game.core.i18n.linebreak import HANGING, NO_END, NO_START, phrases, wrap

# Japanese lines in the game's voice, each wrapped at a width in full-width characters (len measures them).
GOLDEN = [
    # 「 stays with the phrase it opens; the full stop hangs, but the line would still be 11 wide.
    ("母は「もう少しだけ待ってあげて」と言った。", 10, ["母は「もう少しだけ", "待ってあげて」と", "言った。"]),
    ("雨戸を閉めたままの部屋で、彼は三十年を過ごした。", 12, ["雨戸を閉めたままの部屋で、", "彼は三十年を過ごした。"]),
    ("夜中の二時、犬と歩く道にはコンビニの灯りだけがある。", 9, ["夜中の二時、犬と", "歩く道には", "コンビニの", "灯りだけがある。"]),
    ("「ごめんね」とも、「ありがとう」とも言えなかった……", 9, ["「ごめんね」とも、", "「ありがとう」とも", "言えなかった……"]),
]


@pytest.mark.parametrize("text, width, lines", GOLDEN)
def test_golden_japanese_lines(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width, len, "ja") == lines


@pytest.mark.parametrize("width", range(3, 30))
def test_no_line_starts_or_ends_where_kinsoku_forbids(width: int) -> None:
    text = "彼は、三十年も部屋から出なかった。母は「もう、いいのよ」と言い、ゆっくりとドアを閉めた……それでも、朝はくる。"
    lines = wrap(text, width, len, "ja")
    assert "".join(lines) == text  # nothing lost, nothing added
    for line in lines[1:]:
        assert line[0] not in NO_START, (width, lines)
    for line in lines[:-1]:
        assert line[-1] not in NO_END, (width, lines)
    for line in lines:
        body = line.rstrip("".join(HANGING))
        assert len(body) <= width or not any(ch not in NO_START for ch in body[1:]), (width, lines)


def test_the_two_em_ellipsis_and_dash_never_split() -> None:
    text = "あ" * 7 + "……" + "い" * 5
    for width in range(2, 14):
        assert not any(line.startswith("…") for line in wrap(text, width, len, "ja"))


def test_small_kana_and_the_long_mark_stay_with_what_they_follow() -> None:
    for width in range(2, 10):
        for line in wrap("ちょっとコーヒーを飲みにいった。", width, len, "ja")[1:]:
            assert line[0] not in "ょっーゃゅ", line


def test_english_breaks_at_spaces_and_a_long_word_is_cut_only_when_it_must_be() -> None:
    assert wrap("The kettle clicks off, and the house is quiet again.", 20, len) == \
        ["The kettle clicks", "off, and the house", "is quiet again."]
    assert wrap("a " + "x" * 12, 5, len) == ["a", "xxxxx", "xxxxx", "xx"]


def test_phrases_keep_every_character_and_follow_budoux() -> None:
    text = "今日は天気です。"
    assert "".join(phrases(text, "ja")) == text and len(phrases(text, "ja")) >= 2
    assert phrases("Two words.", "en") == ("Two ", "words.")


def test_a_japanese_name_inside_english_text_breaks_as_japanese() -> None:
    assert "".join(wrap("The sign said 引きこもり支援センター in faded paint.", 12, len)) .replace(" ", "") == \
        "The sign said 引きこもり支援センター in faded paint.".replace(" ", "")


def test_every_line_of_the_japanese_edition_obeys_kinsoku_at_every_width() -> None:
    """The real translation (story/translations/ja.po), each paragraph wrapped at 12 to 36 full-width characters."""
    from pathlib import Path

    from game.core.i18n.catalogue import read

    po = Path(__file__).resolve().parents[2] / "story" / "translations" / "ja.po"
    texts = [line.text for line in read(po, "ja").lines.values() if line.text and "{" not in line.text]
    assert len(texts) > 1000
    for text in texts:
        for width in (12, 20, 28, 36):
            lines = wrap(text, width, len, "ja")
            assert "".join("".join(lines).split()) == "".join(text.split()), text  # a space at a break may go
            for line in lines[1:]:
                assert line[0] not in NO_START, (width, lines)
            for line in lines[:-1]:
                assert line[-1] not in NO_END, (width, lines)
