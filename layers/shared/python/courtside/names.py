"""Person and team names: repair, search keys and URL slugs.

Searching ignores case and accents (`jokic` finds Nikola Jokić), so names are stored
with a `search_name` made by `search_key`, and queries are folded the same way.
Player ids are slugs of the name (`nikola-jokic`).
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus accents.
_FOLD = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "\u0131": "i",  # dotless i
    }
)
_DROPPED = re.compile("['\u2019.`]")  # apostrophes and dots vanish: "De'Aaron" -> "deaaron"
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_SPACES = re.compile(r"\s+")


def repair_name(raw: str) -> str:
    """A name with mojibake control characters mapped back and whitespace tidied.

    Some exports carry Windows-1252 letters as C1 control characters (`Petru\\x9aev`
    for `Petrušev`); no real name contains those, so they are decoded as cp1252.
    """
    repaired = _C1_CONTROLS.sub(_cp1252, raw)
    return _SPACES.sub(" ", repaired).strip()


def _cp1252(match: re.Match[str]) -> str:
    try:
        return match.group(0).encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:
        return ""


def search_key(text: str) -> str:
    """Lowercase, accent-free, punctuation-free form of `text` for matching.

    `Nikola Jokić` -> `nikola jokic`, `P.J. Washington` -> `pj washington`,
    `De'Aaron Fox` -> `deaaron fox`.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.translate(_FOLD)
    ascii_only = stripped.encode("ascii", "ignore").decode("ascii")
    words = _NOT_ALNUM.sub(" ", _DROPPED.sub("", ascii_only))
    return " ".join(words.split())


def slugify(text: str) -> str:
    """An ASCII URL slug of `text` (`Nikola Jokić` -> `nikola-jokic`)."""
    return search_key(text).replace(" ", "-")
