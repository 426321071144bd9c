"""The shipped vocabularies: IPCC categories (``data/categories.csv``) and activity keys with
their Chinese names (``data/emission_factors/activities.csv``)."""

from __future__ import annotations

import difflib
import functools
import re

import pandas as pd

from carbon import paths
from carbon.tables import read_csv_text

#: an IPCC 2006 code: a digit, then letters, digits or lower-case roman numerals, dot-separated
CATEGORY_PATTERN = re.compile(
    r"^[1-5](\.[A-H](\.\d{1,2}(\.[a-z](\.(i|ii|iii|iv|v|vi|vii|viii|ix|x))?)?)?)?$")


@functools.lru_cache(maxsize=1)
def categories() -> pd.DataFrame:
    """IPCC 2006 categories: ``code, name_en, name_zh, sector, parent``."""
    table = read_csv_text(paths.data_dir() / "categories.csv")
    return table.apply(lambda col: col.str.strip())


@functools.lru_cache(maxsize=1)
def sector_by_category() -> dict[str, str]:
    table = categories()
    return dict(zip(table["code"], table["sector"], strict=True))


@functools.lru_cache(maxsize=1)
def activities() -> pd.DataFrame:
    """Activity keys: ``activity, name_en, name_zh, aliases, family, scope, default_unit``."""
    table = read_csv_text(paths.factors_dir() / "activities.csv")
    return table.apply(lambda col: col.str.strip())


@functools.lru_cache(maxsize=1)
def alias_map() -> dict[str, str]:
    """Every accepted spelling (key, Chinese name, alias; case-insensitive) → the activity key."""
    mapping: dict[str, str] = {}
    for row in activities().itertuples(index=False):
        names = [row.activity, row.name_zh, *str(row.aliases).split(";")]
        for name in names:
            name = name.strip()
            if name:
                mapping.setdefault(name.lower(), row.activity)
    return mapping


@functools.lru_cache(maxsize=1)
def scope_by_activity() -> dict[str, int]:
    table = activities()
    return {a: int(s) if s else 1 for a, s in zip(table["activity"], table["scope"], strict=True)}


@functools.lru_cache(maxsize=1)
def family_by_activity() -> dict[str, str]:
    table = activities()
    return dict(zip(table["activity"], table["family"], strict=True))


def nearest(word: str, choices: list[str], n: int = 3) -> list[str]:
    """The closest known names, for 'did you mean' hints, spelt as in ``choices``.

    First by exact case (cutoff 0.5); else case-insensitively (cutoff 0.3), each lower-cased
    match given back as the choice(s) it came from, in the order of ``choices``.
    """
    exact = difflib.get_close_matches(word, choices, n=n, cutoff=0.5)
    if exact:
        return exact
    spellings: dict[str, list[str]] = {}
    for choice in choices:
        spellings.setdefault(choice.lower(), []).append(choice)
    matches = difflib.get_close_matches(word.lower(), list(spellings), n=n, cutoff=0.3)
    return [choice for match in matches for choice in spellings[match]][:n]
