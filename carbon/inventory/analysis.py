"""The two analyses every inventory report holds, run together on a compiled inventory: key
categories (:mod:`carbon.inventory.key_categories`) and uncertainty
(:mod:`carbon.inventory.uncertainty`), for the latest year of the inventory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from carbon.errors import DataError
from carbon.inventory.key_categories import key_categories as find_key_categories
from carbon.inventory.output import key_category_sheet, uncertainty_sheet
from carbon.inventory.uncertainty import Approach1, monte_carlo, monte_carlo_trend
from carbon.inventory.uncertainty import uncertainty as approach1


@dataclass
class Analyses:
    year: int
    base_year: int | None = None
    key_categories: pd.DataFrame | None = None
    approach1: Approach1 | None = None
    monte_carlo: pd.DataFrame | None = None
    monte_carlo_trend: pd.DataFrame | None = None

    @property
    def sheets(self) -> dict[str, pd.DataFrame]:
        """The XLSX sheets (or CSV files beside the inventory) of the analyses run."""
        sheets = {}
        if self.key_categories is not None:
            sheets["key_categories"] = key_category_sheet(self.key_categories)
        if self.approach1 is not None:
            sheets["uncertainty"] = uncertainty_sheet(self.approach1, self.monte_carlo,
                                                      self.monte_carlo_trend)
        return sheets


def analyse(inventory: pd.DataFrame, *, factors: pd.DataFrame | None = None,
            key_categories: bool = True, uncertainty: bool = True, base_year: int | None = None,
            scopes: Iterable[int] = (1,), draws: int = 10_000, seed: int = 0) -> Analyses:
    """Key categories and uncertainty (Approach 1 and Monte Carlo) of the inventory's latest
    year, with the trend since ``base_year`` when given (it must be a year of the inventory)."""
    year = int(inventory["year"].max())
    if base_year is not None and base_year not in set(inventory["year"]):
        raise DataError(f"--base-year {base_year}: the inventory has no rows for that year "
                        f"(years: {', '.join(map(str, sorted(inventory['year'].unique())))})")
    if base_year == year:
        base_year = None
    result = Analyses(year=year, base_year=base_year)
    if key_categories:
        result.key_categories = find_key_categories(inventory, year, base_year,
                                                    scopes=tuple(scopes))
    if uncertainty:
        result.approach1 = approach1(inventory, year, base_year)
        result.monte_carlo = monte_carlo(inventory, year, draws=draws, seed=seed,
                                         factors=factors)
        if base_year is not None:
            result.monte_carlo_trend = monte_carlo_trend(inventory, year, base_year, draws=draws,
                                                         seed=seed, factors=factors)
    return result
