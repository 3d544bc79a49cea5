"""The one way to make a message plain (addons/plain_text.py, issue 30)."""

from __future__ import annotations

from addons.plain_text import plain, without_accents, word_list


def test_plain_folds_case_accents_quotes_and_spaces() -> None:
    assert plain("  Ik ben  SUÏCIDAAL ’s nachts ") == "ik ben suicidaal 's nachts"
    assert plain("“Samen”\tof\n‘alleen’") == "\"samen\" of 'alleen'"
    assert plain("") == ""


def test_without_accents_keeps_case_and_other_scripts() -> None:
    assert without_accents("Één Café") == "Een Cafe"
    assert without_accents("أريد") == "اريد"
    assert without_accents("Я хочу") == "Я хочу"


def test_word_list_keeps_only_letters_and_digits() -> None:
    assert word_list("Nóg één KAART!! 😅") == ["nog", "een", "kaart"]
    assert word_list("Oud-Heverlee 3050") == ["oud", "heverlee", "3050"]
    assert word_list("Oud-Heverlee 3050", hyphens=True) == ["oud-heverlee", "3050"]
    assert word_list("’t is al goe, kzou da ni doen") == ["t", "is", "al", "goe", "kzou", "da", "ni", "doen"]
    assert word_list("Я хочу умереть") == []
