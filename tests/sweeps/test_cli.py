"""The sweep commands on the command line: one clear line and exit 1 on bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from carbon.cli import main
from tests.sweeps.mc_fixture import uncertain_system
from tests.sweeps.test_macc import three_techs


def _fails(argv, capsys, text):
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert text in err and len(err.splitlines()) == 1, err


def test_bad_input_is_one_line(tmp_path, capsys):
    toml = str(three_techs(tmp_path / "a"))
    _fails(["macc", toml, "--steps", "1"], capsys, "at least 2 steps")
    _fails(["sweep", "peak", toml, "--years", "2015:2021"], capsys, "outside the horizon")
    _fails(["compare", str(tmp_path / "a"), "--out", str(tmp_path / "c")], capsys,
           "is not a finished run")
    mc = str(uncertain_system(tmp_path / "m", uncertainty="[uncertainty.elasticity]\n"
                              "distribution = 'normal'\nmean = 1\nsd = 0.1\nlow = 2\nhigh = 1\n"))
    _fails(["sweep", "montecarlo", mc, "--draws", "3"], capsys, "is above the upper bound")
    _fails(["sweep", "montecarlo", toml, "--draws", "3"], capsys, "no [uncertainty] table")


def test_macc_and_peak_commands_write_their_files(tmp_path, capsys):
    toml = str(three_techs(tmp_path / "a"))
    assert main(["macc", toml, "--steps", "4", "--out", str(tmp_path / "m")]) == 0
    macc = pd.read_csv(tmp_path / "m" / "macc.csv", encoding="utf-8-sig")
    assert list(macc.columns[:2]) == ["abatement_t", "marginal_cost_yuan_per_t"]
    assert (tmp_path / "m" / "technology_macc.csv").is_file()
    assert (tmp_path / "m" / "macc.png").read_bytes()[:4] == b"\x89PNG"
    assert main(["sweep", "peak", toml, "--years", "2020:2021", "--csv",
                 "--out", str(tmp_path / "p")]) == 0
    assert len(pd.read_parquet(tmp_path / "p" / "peaks.parquet")) == 2
    assert (tmp_path / "p" / "peaks.csv").is_file()
    assert "written to" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["tornado"])
def test_tornado_command(tmp_path, capsys, kind):
    mc = str(uncertain_system(tmp_path / "m"))
    assert main(["sweep", kind, mc, "--out", str(tmp_path / "t")]) == 0
    assert "gdp_growth" in capsys.readouterr().out


def test_progress_line_says_draws_rate_and_time_left(capsys):
    from carbon.sweeps.executors import Progress

    bar = Progress(10, enabled=True)
    bar.update(4)
    line = capsys.readouterr().err
    assert "4/10 draws" in line and "/s" in line and "s left" in line
    bar.update(6)
    assert capsys.readouterr().err.endswith("\n")
