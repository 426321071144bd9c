"""Writing ``DIR/<name>/`` of ``carbon allocate`` and the summary it prints.

Files: ``allocation.csv``, ``ledger.csv``, ``market.csv`` (UTF-8 with a byte-order mark, text
cells that a spreadsheet would read as a formula neutralised) and ``summary.json`` (paths relative
to the folder). A temporary folder is renamed into place when complete: a failed run writes
nothing, and an earlier folder of the same name is replaced only then.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from carbon.tables import atomic_folder, guard_cells

LEDGER_COLUMNS = ["enterprise_id", "year", "name", "sector", "allocation_t", "bau_emissions_t",
                  "emissions_t", "abatement_t", "offsets_t", "net_purchase_t", "obligation_t",
                  "exempt_t", "surplus_t", "shortfall_t", "price_yuan_per_t",
                  "abatement_cost_yuan", "compliance_cost_yuan", "no_trade_cost_yuan",
                  "gain_from_trade_yuan", "cost_per_output_yuan", "exit_candidate", "label"]


def write_allocation(result: dict[str, Any], out_dir: Path) -> Path:
    """Write ``out_dir/<name>/`` atomically; an earlier folder of that name is replaced only
    once the new one is complete, and only if it is an allocation results folder."""
    from carbon.errors import CarbonError

    name = result["summary"]["name"]
    out_dir = Path(out_dir)
    target = out_dir / name
    if target.exists() and not (target / "ledger.csv").is_file():
        raise CarbonError(f"{target} exists and is not an allocation results folder; refusing "
                          "to replace it: choose another --out")
    summary = dict(result["summary"])   # paths relative to the folder that holds summary.json
    summary["rules"] = os.path.relpath(summary["rules"], target.resolve())
    with atomic_folder(target) as tmp:
        for key, frame in (("allocation", result["allocation"]),
                           ("ledger", result["ledger"][LEDGER_COLUMNS]),
                           ("market", result["market"])):
            guard_cells(frame).to_csv(tmp / f"{key}.csv", index=False, encoding="utf-8-sig")
        (tmp / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False)
                                          + "\n", encoding="utf-8")
    return target


def format_allocation_summary(result: dict[str, Any], target: Path | None = None,
                              top: int = 5) -> str:
    """What ``carbon allocate`` prints: price, volume, gains from trade, the most exposed firms."""
    s, market, table = result["summary"], result["market"], result["ledger"]
    lines = [f"allocation '{s['name']}'" + (f" (regime {s['regime']})" if s["regime"] else "")
             + f": {s['enterprises']} enterprises, {s['solver']}"]
    if s["label"] != "as ruled":
        lines.append(f"  NOTE: {s['label']}")
    for row in market.itertuples(index=False):
        lines.append(f"  {row.year}: price {row.price_yuan_per_t:,.2f} yuan/t, volume "
                     f"{row.volume_t:,.0f} t, abatement {row.abatement_t:,.0f} t, offsets "
                     f"{row.offsets_t:,.0f} t, reserve sold {row.reserve_sold_t:,.0f} t, "
                     f"withheld {row.withheld_t:,.0f} t, banked {row.banked_t:,.0f} t"
                     + (f", shortfall {row.shortfall_t:,.0f} t" if row.shortfall_t > 0 else "")
                     + (f", net bought from the outside market {row.outside_purchase_t:,.0f} t"
                        if s["outside_price_yuan_per_t"] is not None else ""))
    lines.append(f"  compliance cost {s['compliance_cost_yuan']:,.0f} yuan; without trading "
                 f"{s['no_trade_cost_yuan']:,.0f} yuan; gains from trade "
                 f"{s['gains_from_trade_yuan']:,.0f} yuan")
    exposed = (table.groupby(["enterprise_id", "name"])["compliance_cost_yuan"].sum()
               .sort_values(ascending=False).head(top))
    lines.append("  most exposed: " + "; ".join(
        f"{eid} {name} {cost:,.0f} yuan" for (eid, name), cost in exposed.items()))
    if s["exit_candidates"]:
        lines.append(f"  exit candidates: {', '.join(s['exit_candidates'])}")
    if target is not None:
        lines.append(f"  written to {target}")
    return "\n".join(lines)
