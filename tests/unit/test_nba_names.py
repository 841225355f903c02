"""Name folding for search and player ids."""

from __future__ import annotations

import pytest

from courtside.names import repair_name, search_key, slugify


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Nikola Jokić", "nikola jokic"),
        ("Kristaps Porziņģis", "kristaps porzingis"),
        ("P.J. Washington", "pj washington"),
        ("De'Aaron Fox", "deaaron fox"),
        ("  Dennis   SCHRÖDER ", "dennis schroder"),
        ("Jaren Jackson Jr.", "jaren jackson jr"),
        ("Shai Gilgeous-Alexander", "shai gilgeous alexander"),
    ],
)
def test_search_key_ignores_case_accents_and_punctuation(name, key):
    assert search_key(name) == key


def test_slug_is_ascii_and_hyphenated():
    assert slugify("Nikola Jokić") == "nikola-jokic"
    assert slugify("Shai Gilgeous-Alexander") == "shai-gilgeous-alexander"


def test_repair_maps_windows_1252_control_characters_back():
    # The shipped players.csv spells Petrušev with U+009A (cp1252 0x9A is "š").
    assert repair_name("Filip Petru\x9aev") == "Filip Petrušev"
    assert slugify(repair_name("Filip Petru\x9aev")) == "filip-petrusev"


def test_repair_leaves_proper_names_alone():
    assert repair_name("Luka Dončić") == "Luka Dončić"
