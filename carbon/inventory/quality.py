"""Data quality of an inventory: how much CO2e rests on checked numbers, and what to collect first.

Two label sets meet here. Factor rows carry ``verified``, ``corroborated``, ``unverified`` or
``estimate`` (``data/emission_factors/README.md``); activity rows carry DIRECT, DERIVED, ESTIMATE
or PLACEHOLDER (``DESIGN.md``, the activity contract). :data:`ACTIVITY_TO_FACTOR_LABEL` puts both on
the factor scale so that one table of shares covers both.

Shares are computed per inventory row, before rows are added up: a row's CO2e counts wholly under
its label, and the share of a label is ``Σ |co2e_t|(rows with that label) / Σ |co2e_t|(all rows)``.
Absolute values, so that a removal (a negative row, e.g. a forest sink) weighs by its size instead
of cancelling emissions; for an inventory of emissions only this is the plain share of CO2e.
A row's ``factor_quality`` is the weakest label among the factors it used (a chain is as good as its
weakest link: NCV × carbon content × oxidation).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from carbon.errors import DataError
from carbon.inventory.factors import QUALITY_LABELS

#: one row per activity label: its place on the factor scale, and why
ACTIVITY_LABEL_TABLE = pd.DataFrame(
    [("DIRECT", "verified", "a published figure, read in its source"),
     ("DERIVED", "corroborated", "computed from published figures by a stated rule"),
     ("ESTIMATE", "estimate", "depends on a share or adjustment chosen by the compiler"),
     ("PLACEHOLDER", "estimate", "a stand-in until a figure is found"),
     ("SYNTHETIC", "estimate", "made up to illustrate (the shipped registry of key emitters)")],
    columns=["activity_label", "factor_label", "meaning"])
ACTIVITY_TO_FACTOR_LABEL: dict[str, str] = dict(
    zip(ACTIVITY_LABEL_TABLE["activity_label"], ACTIVITY_LABEL_TABLE["factor_label"],
        strict=True))
#: activity labels that make an input a data gap
GAP_ACTIVITY_LABELS = ("ESTIMATE", "PLACEHOLDER", "SYNTHETIC")
#: factor labels that do not make a factor a data gap
CHECKED_FACTOR_LABELS = ("verified", "corroborated")
_RANK = {label: i for i, label in enumerate(QUALITY_LABELS)}


def weakest(labels: Iterable[str]) -> str:
    """The weakest of factor ``labels`` (``verified`` < … < ``estimate``); unknown is an error."""
    found = [label for label in labels if label]
    unknown = [label for label in found if label not in _RANK]
    if unknown:
        raise DataError(f"unknown quality label '{unknown[0]}': expected one of "
                        f"{', '.join(QUALITY_LABELS)}")
    if not found:
        return "unverified"
    return max(found, key=_RANK.__getitem__)


def factor_quality(factor_ids: pd.Series, quality_by_id: Mapping[str, str]) -> pd.Series:
    """For each ``;``-separated cell of factor ids, the weakest label of those factors.

    An id missing from ``quality_by_id`` counts as ``unverified``.
    """
    return factor_ids.map(lambda cell: weakest(quality_by_id.get(i, "unverified")
                                               for i in str(cell).split(";") if i))


def activity_factor_label(activity_quality: pd.Series) -> pd.Series:
    """Activity labels (DIRECT … PLACEHOLDER) on the factor scale; empty or unknown → unverified.

    Several labels in one cell (``ESTIMATE;DIRECT``, rows added together) give the weakest.
    """
    def one(cell) -> str:
        parts = [p.strip().upper() for p in str(cell if pd.notna(cell) else "").split(";")]
        return weakest(ACTIVITY_TO_FACTOR_LABEL.get(p, "unverified") for p in parts if p)
    return activity_quality.map(one)


def quality_shares(inventory: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Share of total CO2e by quality label, for the factors and (if present) the activity rows.

    ``year`` limits the shares to one inventory year (a deposition history adds earlier years of
    landfill CH4); without it every row counts.

    Returns one row per factor label (``verified``, ``corroborated``, ``unverified``, ``estimate``)
    with ``factor_co2e_t``, ``factor_share`` and, when the inventory has ``activity_quality``,
    ``activity_co2e_t``, ``activity_share``. Shares are fractions of ``Σ |co2e_t|`` (module
    docstring); a zero total gives shares of 0.
    """
    if year is not None:
        inventory = inventory[inventory["year"] == year]
    weight = inventory["co2e_t"].abs()
    total = float(weight.sum())
    out = pd.DataFrame(index=pd.Index(QUALITY_LABELS, name="quality"))
    columns = {"factor": inventory["factor_quality"]}
    if "activity_quality" in inventory.columns:
        columns["activity"] = activity_factor_label(inventory["activity_quality"])
    for name, labels in columns.items():
        co2e = weight.groupby(labels.to_numpy()).sum()
        out[f"{name}_co2e_t"] = co2e.reindex(out.index, fill_value=0.0).astype(float)
        out[f"{name}_share"] = out[f"{name}_co2e_t"] / total if total else 0.0
    return out.reset_index()


def data_gaps(inventory: pd.DataFrame, factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """What to collect first: weak inputs ranked by the share of total CO2e resting on them.

    Lists (1) the activity inputs labelled ESTIMATE or PLACEHOLDER, one entry per (year, category,
    activity), and (2) the factors neither ``verified`` nor ``corroborated``, one entry per factor
    id, with the CO2e of every inventory row that used it. ``factors`` gives the labels of the
    factors (default: the shipped library; an id not in it counts as ``unverified``).

    Columns: ``rank, kind`` (``activity`` or ``factor``), ``item``, ``label``, ``co2e_t``,
    ``share`` (of the total of |CO2e|), ``what_to_collect``. Ranked by ``co2e_t`` (absolute),
    largest first; ties by ``item``.
    """
    if factors is None:
        from carbon.inventory.factors import load_factors
        factors = load_factors()
    inventory = inventory.assign(co2e_t=inventory["co2e_t"].abs())   # a sink weighs by its size
    total = float(inventory["co2e_t"].sum())
    rows: list[tuple] = []
    if "activity_quality" in inventory.columns:
        labels = inventory["activity_quality"].fillna("").astype(str).str.upper()
        weak = inventory[labels.str.split(";").map(
            lambda parts: any(p.strip() in GAP_ACTIVITY_LABELS for p in parts))]
        by_input = weak.groupby(["year", "category", "activity"], sort=False).agg(
            co2e_t=("co2e_t", "sum"), label=("activity_quality", "first"))
        for (year, category, activity), r in by_input.iterrows():
            rows.append(("activity", f"{activity} in {category}, {year}", r["label"],
                         float(r["co2e_t"]), "a measured amount (statistics bureau, utility or "
                         "enterprise records) for this category and fuel"))
    quality_by_id = dict(zip(factors["factor_id"], factors["quality"], strict=True))
    notes_by_id = dict(zip(factors["factor_id"], factors["notes"], strict=True))
    ids = inventory["factor_ids"].fillna("").astype(str).str.split(";")
    exploded = inventory.assign(factor_id=ids).explode("factor_id")
    exploded = exploded[exploded["factor_id"].ne("")]
    exploded["label"] = exploded["factor_id"].map(lambda i: quality_by_id.get(i, "unverified"))
    weak_factors = exploded[~exploded["label"].isin(CHECKED_FACTOR_LABELS)]
    for factor_id, group in weak_factors.groupby("factor_id", sort=False):
        rows.append(("factor", factor_id, group["label"].iloc[0], float(group["co2e_t"].sum()),
                     _settle(notes_by_id.get(factor_id, ""))))
    gaps = pd.DataFrame(rows, columns=["kind", "item", "label", "co2e_t", "what_to_collect"])
    gaps["share"] = gaps["co2e_t"] / total if total else 0.0
    gaps = gaps.sort_values(["co2e_t", "item"], ascending=[False, True], kind="stable")
    gaps.insert(0, "rank", range(1, len(gaps) + 1))
    return gaps[["rank", "kind", "item", "label", "co2e_t", "share", "what_to_collect"]] \
        .reset_index(drop=True)


def _settle(notes: str) -> str:
    """The 'To settle: …' sentence of a factor's notes, or a generic request."""
    marker = "To settle:"
    if marker in notes:
        return notes[notes.index(marker) + len(marker):].strip().split(" | ")[0]
    return "check the value against its source document and table, or measure it locally"


def format_shares(shares: pd.DataFrame) -> str:
    """The quality shares as a few plain lines, for the command line."""
    def line(kind: str) -> str:
        parts = [f"{q} {s:.1%}" for q, s in zip(shares["quality"], shares[f"{kind}_share"],
                                                 strict=True)]
        return ", ".join(parts)
    text = ["CO2e by quality of the factors:  " + line("factor")]
    if "activity_share" in shares.columns:
        text.append("CO2e by quality of the activity: " + line("activity"))
    return "\n".join(text)


#: activity families whose factor rows count as energy rows (the issue's goal is over these)
ENERGY_FAMILIES = ("coal", "oil", "gas", "biomass", "electricity", "heat")


def library_counts(factors: pd.DataFrame) -> pd.DataFrame:
    """Factor rows by quality label, energy rows apart from the rest (GWPs are not factor rows).

    A row is an energy row when its activity's family (``activities.csv``) is coal, oil, gas,
    biomass, electricity or heat and its category is empty or in IPCC sector 1. Returns one row
    per group (``energy``, ``non_energy``) with a column per label, ``rows`` and ``checked_share``
    (verified + corroborated over rows).
    """
    from carbon.inventory import vocabulary

    family = vocabulary.activities().set_index("activity")["family"]
    energy = factors["activity"].map(family).isin(ENERGY_FAMILIES) & (
        factors["category"].eq("") | factors["category"].str.startswith("1"))
    group = pd.Series(["energy" if e else "non_energy" for e in energy], index=factors.index)
    table = pd.crosstab(group, factors["quality"]).reindex(
        index=["energy", "non_energy"], columns=list(QUALITY_LABELS), fill_value=0)
    table["rows"] = table.sum(axis=1)
    checked = table[list(CHECKED_FACTOR_LABELS)].sum(axis=1)
    table["checked_share"] = (checked / table["rows"].where(table["rows"] > 0)).fillna(0.0)
    return table.rename_axis(index="rows_of", columns=None).reset_index()


def main() -> None:  # pragma: no cover - a report for the README, exercised by a test
    """Print the library's quality counts and the Ningxiang inventory's quality shares."""
    from carbon import paths
    from carbon.inventory import inventory_from_files
    from carbon.inventory.factors import CONVENTIONS, load_factors

    library = pd.concat([load_factors(convention=c) for c in CONVENTIONS]) \
        .drop_duplicates("factor_id")
    print("Shipped factor rows by quality (both conventions, GWP rows not counted):")
    print(library_counts(library).to_string(index=False))
    for convention in CONVENTIONS:
        inventory = inventory_from_files([paths.data_dir() / "ningxiang" / "activity_2020.csv"],
                                         convention=convention)
        energy = inventory[inventory["category"].str.startswith("1")]
        print(f"\nNingxiang 2020 energy inventory (convention {convention}, region hunan, AR5), "
              f"{energy['co2e_t'].sum() / 1e3:,.1f} kt CO2e:")
        print(format_shares(quality_shares(energy)))


if __name__ == "__main__":  # pragma: no cover
    main()
