"""Rows of the multi-step methods carry the uncertainty columns too (IPCC 2006 Vol. 1 Ch. 3)."""

from __future__ import annotations

import math

import pytest

from carbon.inventory import inventory_from_files


def test_clinker_row_combines_its_parameters_in_quadrature(tmp_path):
    # clinker 1,000 t ±3% (activity); the user's factor 0.52 t CO2/t ±5% and kiln-dust correction
    # 1.02 ±2%: emissions 1,000 × 0.52 × 1.02 = 530.4 t; factor uncertainty √(5² + 2²) = 5.385%
    (tmp_path / "f.csv").write_text(
        "activity,gas,parameter,value,unit,uncertainty_pct\n"
        "clinker,CO2,ef,0.52,t/t,5\nclinker,-,ckd,1.02,,2\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text(
        "year,category,activity,amount,unit,uncertainty_pct\n2020,2.A.1,clinker,1000,t,3\n",
        encoding="utf-8")
    inv = inventory_from_files([tmp_path / "a.csv"], factor_files=[tmp_path / "f.csv"])
    row = inv[inv["gas"] == "CO2"].iloc[0]
    assert row["emissions_t"] == pytest.approx(530.4)
    assert row["ad_uncertainty_pct"] == pytest.approx(3.0)
    assert row["ef_uncertainty_pct"] == pytest.approx(math.sqrt(5**2 + 2**2))
