"""The shipped city's ``fuels.csv``, generated from the emission-factor library.

``fuels.csv`` (``fuel, year, price_yuan_per_unit, co2_t_per_unit, tce_per_unit, non_fossil_share``)
is what the pathway model reads. Its CO2 column is never typed in by hand: it comes from the factor
library through :func:`carbon.inventory.co2_t_per_unit`, so that the base-year inventory and the
pathway model count a tonne of diesel the same way. Three inputs, all under ``data/ningxiang/``:

* ``fuel_prices.csv`` — ``fuel, year, price_yuan_per_unit, unit, source, quality``: prices at
  anchor years; linearly interpolated in between and held flat outside the anchors.
* ``grid_factor_path.csv`` — ``year, t_per_mwh, source, quality``: the grid emission-factor path
  for ``electricity_grid``. Years up to ``history_until`` take the factor library's own value for
  the region (the published provincial factors); later years take the path. The grid's
  ``non_fossil_share`` is ``1 - factor / fossil``, with ``fossil`` the library's
  ``electricity_fossil`` factor (the MEE fossil-fired electricity factor).
* ``fuel_properties.csv`` — ``fuel, unit, tce_per_unit, non_fossil_share, co2_from, source,
  quality``: the standard-coal coefficient of each fuel and how its CO2 is found: ``library``
  (from the factor library), ``grid_path`` (electricity), or ``zero`` (non-fossil fuels whose CO2
  is biogenic or upstream: biomass, hydrogen, municipal waste — the fossil CO2 of burning waste is
  booked on the waste-to-energy technology instead).

Regenerate with ``python -m carbon.scenarios.fuels`` (writes ``data/ningxiang/fuels.csv``); a test
fails when the shipped file and a regeneration differ.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from carbon.errors import DataError
from carbon.inventory import co2_t_per_unit
from carbon.tables import numeric_column, read_csv_text, require_columns, write_csv

FUELS_COLUMNS = ["fuel", "year", "price_yuan_per_unit", "co2_t_per_unit", "tce_per_unit",
                 "non_fossil_share", "residual_co2_t_per_unit", "unit", "name_zh"]

CO2Function = Callable[..., float]


def _read(path: Path, required: list[str]) -> pd.DataFrame:
    frame = read_csv_text(path)
    require_columns(frame, required, path)
    return frame


def _interpolate(anchor_years: list[int], anchor_values: list[float],
                 years: list[int]) -> list[float]:
    """Linear between anchors, flat outside them."""
    series = pd.Series(anchor_values, index=anchor_years, dtype=float).sort_index()
    full = series.reindex(sorted(set(series.index) | set(years))).interpolate(
        method="index", limit_direction="both")
    return [float(full.loc[y]) for y in years]


def build_city_fuels(prices_csv: str | Path, grid_path_csv: str | Path, out_csv: str | Path | None,
                     *, region: str = "hunan", years: Iterable[int] = range(2020, 2061),
                     properties_csv: str | Path | None = None, history_until: int = 2022,
                     co2_function: CO2Function | None = None) -> pd.DataFrame:
    """Build the city's ``fuels.csv`` from prices, the grid path and the factor library.

    ``co2_t_per_unit`` of every fossil fuel is ``carbon.inventory.co2_t_per_unit(fuel, unit,
    region=region, year=year)`` (NCV × carbon content × oxidation × 44/12 in the library), in the
    unit that ``fuel_prices.csv`` gives the fuel in. ``electricity_grid`` takes the library's
    value for ``year <= history_until`` and ``grid_factor_path.csv`` after. ``properties_csv``
    defaults to ``fuel_properties.csv`` beside ``prices_csv``; its optional ``residual_ratio``
    gives ``residual_co2_t_per_unit`` = co2_t_per_unit × ratio (the grid factor without traded
    green power, for ``scope2_method = "market"``). ``co2_function`` replaces the
    library (tests only). Writes ``out_csv`` (UTF-8, atomically) unless it is None, and returns
    the frame.
    """
    prices_csv, grid_path_csv = Path(prices_csv), Path(grid_path_csv)
    properties_csv = (Path(properties_csv) if properties_csv is not None
                      else prices_csv.with_name("fuel_properties.csv"))
    years = sorted(int(y) for y in years)
    co2 = co2_function or co2_t_per_unit

    prices = _read(prices_csv, ["fuel", "year", "price_yuan_per_unit", "unit", "source",
                                "quality"])
    prices["year_n"] = numeric_column(prices, "year", prices_csv, integer=True).astype(int)
    prices["price_n"] = numeric_column(prices, "price_yuan_per_unit", prices_csv, minimum=0)
    props = _read(properties_csv, ["fuel", "unit", "tce_per_unit", "non_fossil_share", "co2_from"])
    props["tce_n"] = numeric_column(props, "tce_per_unit", properties_csv, minimum=0)
    props["nf_n"] = numeric_column(props, "non_fossil_share", properties_csv, minimum=0)
    props["res_n"] = (numeric_column(props, "residual_ratio", properties_csv, minimum=0,
                                     allow_empty=True) if "residual_ratio" in props
                      else float("nan"))
    grid = _read(grid_path_csv, ["year", "t_per_mwh", "source", "quality"])
    grid["year_n"] = numeric_column(grid, "year", grid_path_csv, integer=True).astype(int)
    grid["t_n"] = numeric_column(grid, "t_per_mwh", grid_path_csv, minimum=0)
    grid_path = dict(zip(grid["year_n"], grid["t_n"], strict=True))
    missing_years = [y for y in years if y > history_until and y not in grid_path]
    if missing_years:
        raise DataError(f"no grid factor for year(s) {missing_years[:5]}", file=grid_path_csv)

    rows = []
    for fuel, group in prices.groupby("fuel", sort=False):
        units = set(group["unit"].str.strip())
        if len(units) != 1:
            raise DataError(f"fuel {fuel!r} is priced in more than one unit: {sorted(units)}",
                            file=prices_csv)
        unit = units.pop()
        prop = props[props["fuel"] == fuel]
        if len(prop) != 1:
            raise DataError(f"fuel {fuel!r} needs exactly one row", file=properties_csv)
        prop = prop.iloc[0]
        if prop["unit"].strip() != unit:
            raise DataError(f"fuel {fuel!r}: unit {prop['unit']!r} differs from the price unit "
                            f"{unit!r} in {prices_csv.name}", file=properties_csv)
        group = group.sort_values("year_n")
        price = _interpolate(list(group["year_n"]), list(group["price_n"]), years)
        how = prop["co2_from"].strip()
        for year, p in zip(years, price, strict=True):
            if how == "library":
                factor = float(co2(fuel, unit, region=region, year=year))
            elif how == "grid_path":
                factor = (float(co2(fuel, unit, region=region, year=year))
                          if year <= history_until else float(grid_path[year]))
            elif how == "zero":
                factor = 0.0
            else:
                raise DataError(f"fuel {fuel!r}: co2_from {how!r} is not one of library, "
                                "grid_path, zero", file=properties_csv)
            if how == "grid_path":
                fossil = float(co2("electricity_fossil", unit, region=region,
                                   year=min(year, history_until)))
                if fossil <= 0:
                    raise DataError("the factor library has no 'electricity_fossil' factor to "
                                    "turn the grid factor into a non-fossil share")
                non_fossil = min(1.0, max(0.0, 1.0 - factor / fossil))
            else:
                non_fossil = float(prop["nf_n"])
            ratio = float(prop["res_n"])
            rows.append({"fuel": fuel, "year": year, "price_yuan_per_unit": round(p, 6),
                         "co2_t_per_unit": round(factor, 9), "tce_per_unit": float(prop["tce_n"]),
                         "non_fossil_share": round(non_fossil, 6),
                         "residual_co2_t_per_unit": (round(factor * ratio, 9)
                                                     if ratio == ratio else None),
                         "unit": unit,
                         "name_zh": prop["name_zh"] if "name_zh" in prop else ""})
    frame = pd.DataFrame(rows, columns=FUELS_COLUMNS)
    if out_csv is not None:   # UTF-8 with a byte-order mark, text guarded, like every output
        write_csv(frame, Path(out_csv), lineterminator="\n", float_format="%.10g")
    return frame


def default_paths() -> dict[str, Path]:
    """The shipped city's inputs and output."""
    from carbon.paths import ningxiang_dir

    base = ningxiang_dir()
    return {"prices_csv": base / "fuel_prices.csv", "grid_path_csv": base / "grid_factor_path.csv",
            "out_csv": base / "fuels.csv"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m carbon.scenarios.fuels",
                                     description="Regenerate data/ningxiang/fuels.csv from the "
                                                 "factor library.")
    paths = default_paths()
    parser.add_argument("--prices", default=paths["prices_csv"])
    parser.add_argument("--grid-path", default=paths["grid_path_csv"])
    parser.add_argument("--out", default=paths["out_csv"])
    parser.add_argument("--region", default="hunan")
    args = parser.parse_args(argv)
    try:
        frame = build_city_fuels(args.prices, args.grid_path, args.out, region=args.region)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}: {frame['fuel'].nunique()} fuels x {frame['year'].nunique()} years")
    return 0


if __name__ == "__main__":
    sys.exit(main())
