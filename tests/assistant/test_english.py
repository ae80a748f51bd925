"""English word forms: the one form questions and lexicon entries meet in (no index needed)."""

import pytest

from assistant.english import base_forms, lemma, mend
from assistant.lexicon import english_vocabulary


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("requests", "request"),
        ("received", "receive"),
        ("carried", "carry"),
        ("processes", "process"),
        ("Shanghai", "Shanghai"),  # a word left alone keeps its case
        ("was", "was"),  # closed-class words keep their form
        ("fewer", "fewer"),
        ("corrected", "corrected"),  # not correct (right): 纠正
        ("issued", "issued"),  # not an issue (a problem): 制发
    ],
)
def test_a_word_in_its_dictionary_form_or_as_written(word: str, form: str) -> None:
    assert lemma(word) == form


def test_years_the_english_way_tone_marks_and_quote_marks() -> None:
    assert base_forms("FY2024 and in '23, xilan edu 2k23") == "2024 and in 2023, xilan edu 2023"
    assert base_forms("over the years 2022–2024 (2022-24)") == "over the year 2022-2024 (2022-2024)"
    assert base_forms("Yǒngjí Jiēdào, Huái'ān") == "Yongji Jiedao, Huai'an"
    assert base_forms("ended with 'info not held'") == "ended with  info not held "


def test_slips_are_mended_to_a_lexicon_word_and_nothing_else_is() -> None:
    text = "recieve aplications goverment adminstrative reconsideratons contract Huaian journalist"
    mended, notes = mend(text, english_vocabulary(), lambda w: w == "Huaian")
    assert mended == (
        "receive application government administrative reconsideration contract Huaian journalist"
    )
    assert notes == [
        "recieve → receive",
        "aplications → application",
        "goverment → government",
        "adminstrative → administrative",
        "reconsideratons → reconsideration",
    ]
