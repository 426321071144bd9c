"""The shipped example: six illustrative key emitters, three synthetic years, one anomaly that
verification catches; the schema migrations ship inside the package."""

from __future__ import annotations

import pandas as pd

from carbon.registry.db import MIGRATIONS, head_revision
from carbon.registry.example import build_example, example_dir


def test_example_anomaly_is_caught_and_nothing_else(tmp_path):
    result = build_example(tmp_path)
    flags = result["flags"]
    # NX-E05 typed its 2023 natural gas in m3 instead of 万m3: its energy per output falls
    # (−41 %) and its declared total energy no longer matches the rows; nothing else is flagged
    assert sorted(zip(flags["enterprise_id"], flags["year"], flags["rule"], strict=True)) == [
        ("NX-E05", 2023, "energy_output"), ("NX-E05", 2023, "totals")]
    status = result["status"]
    assert len(status) == 18 and status["reported"].all()
    exported = pd.read_csv(tmp_path / "enterprises.csv")
    assert len(exported) == 17                            # the flagged report is left out
    assert not ((exported["enterprise_id"] == "NX-E05") & (exported["year"] == 2023)).any()
    assert (tmp_path / "registry.sqlite").is_file()
    assert not list(tmp_path.glob(".*.part"))


def test_example_is_labelled_synthetic():
    enterprises = pd.read_csv(example_dir() / "enterprises.csv")
    assert enterprises["name"].str.contains("合成").all()
    assert enterprises["source"].str.contains("synthetic").all()
    assert (enterprises["quality"] == "estimate").all()


def test_migrations_ship_inside_the_package():
    assert MIGRATIONS.parent.name == "registry" and MIGRATIONS.parent.parent.name == "carbon"
    assert (MIGRATIONS / "env.py").is_file()
    scripts = sorted(p.name for p in (MIGRATIONS / "versions").glob("0*.py"))
    assert scripts == ["0001_initial.py", "0002_scope_totals.py"]
    assert head_revision() == "0002"
