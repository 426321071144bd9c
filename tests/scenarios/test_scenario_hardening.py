"""Issue 6, scenario side: inputs that once got through `carbon run`, each with its exact text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carbon.cli import main


def run(args: list[str], capsys) -> tuple[int, str]:
    code = main(["run", *args])
    return code, capsys.readouterr().err


def one_line(err: str) -> bool:
    return "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("cell", ["inf", "nan", "1e400", "Infinity"])
def test_non_finite_demand_names_the_file(tiny_contract, tmp_path, capsys, cell):
    demand = tiny_contract.parent / "demand.csv"
    demand.write_text(f"year,output,demand\n2021,steam,10\n2022,steam,{cell}\n")
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and one_line(err)
    assert f"{demand}, row 3, column 'demand'" in err and cell in err
    assert not (tmp_path / "out").exists()


def test_non_finite_cap_names_the_file(tiny_contract, tmp_path, capsys):
    caps = tiny_contract.parent / "caps.csv"
    caps.write_text("year,sector,cap_t\n2022,total,inf\n")
    with open(tiny_contract, "a") as fh:
        fh.write('caps = "caps.csv"\n')
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and one_line(err) and f"{caps}, row 2, column 'cap_t'" in err


def test_header_only_demand_is_refused(tiny_contract, tmp_path, capsys):
    (tiny_contract.parent / "demand.csv").write_text("year,output,demand\n")
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and one_line(err) and "no demand to meet" in err


def test_end_year_as_a_string_is_refused(tiny_contract, tmp_path, capsys):
    text = tiny_contract.read_text().replace("end_year = 2022", 'end_year = "2022"')
    tiny_contract.write_text(text)
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and "end_year" in err and "integer" in err


def test_budget_years_without_budget_is_refused(tiny_contract, tmp_path, capsys):
    with open(tiny_contract, "a") as fh:
        fh.write("budget_years = [2021, 2022]\n")
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and "budget_years" in err and "budget_t" in err


def test_unknown_technology_column_is_refused(tiny_contract, tmp_path, capsys):
    techs = tiny_contract.parent / "technologies.csv"
    lines = techs.read_text().splitlines()
    techs.write_text("\n".join([lines[0] + ",colour,x_owner", *(x + ",red,me" for x in lines[1:])])
                     + "\n")
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and one_line(err)
    assert "unknown column 'colour'" in err and "row 1" in err and "x_" in err
    # an x_ column alone is kept and does not stop the run
    techs.write_text("\n".join([lines[0] + ",x_owner", *(x + ",me" for x in lines[1:])]) + "\n")
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    assert code == 0, err


def test_every_scenario_is_checked_before_any_is_solved(tiny_contract, tmp_path, capsys):
    out = tmp_path / "out"
    code, err = run([str(tiny_contract), str(tmp_path / "missing.toml"), "--out", str(out)],
                    capsys)
    assert code == 1 and "missing.toml" in err
    assert not out.exists(), "the first scenario may not be solved and written"


def test_two_scenarios_of_the_same_name(tiny_contract, tmp_path, capsys):
    other = tiny_contract.parent / "copy.toml"
    other.write_text(tiny_contract.read_text())          # name = "tiny" in both
    out = tmp_path / "out"
    code, err = run([str(tiny_contract), str(other), "--out", str(out)], capsys)
    assert code == 1 and one_line(err) and "scenario name 'tiny'" in err
    assert not out.exists()


def test_results_folder_and_files_get_umask_permissions(tiny_contract, tmp_path, capsys):
    old = os.umask(0o022)
    try:
        code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    folder = tmp_path / "out" / "tiny"
    assert folder.stat().st_mode & 0o777 == 0o755
    for path in folder.iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path.name
    assert (folder / "emissions.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_debug_after_run(tmp_path):
    from carbon.errors import CarbonError

    with pytest.raises((CarbonError, OSError)):
        main(["run", str(Path(tmp_path) / "missing.toml"), "--debug"])


def test_infeasible_also_lines_name_their_year(tmp_path):
    from scenario_helpers import make_scenario, tech

    from carbon.errors import InfeasibleError
    from carbon.scenarios import run_scenario

    # a boiler at 0.5 t per unit; demand 10, 12, 15: with no rise after 2021, 2022 is short by
    # 0.5 × (12 − 10) = 1 t and 2023 by 0.5 × (15 − 12) = 1.5 t
    techs = [tech("boiler", "industry", "steam", var_cost_yuan_per_output=10,
                  co2_t_per_output=0.5)]
    toml = make_scenario(tmp_path / "p", techs,
                         [[2021, "steam", 10], [2022, "steam", 12], [2023, "steam", 15]],
                         years=(2021, 2023), policy="[[policy.peak]]\nyear = 2021")
    with pytest.raises(InfeasibleError) as info:
        run_scenario(toml, tmp_path / "o")
    also = [line for line in str(info.value).splitlines() if line.strip().startswith("also:")]
    assert also and "(no rise after 2021) in 2023 (short by 1.5 t)" in also[0]


def test_out_under_an_existing_file(tiny_contract, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "file")], capsys)
    assert code == 1 and one_line(err) and "is a file, not a folder" in err
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "file" / "sub")], capsys)
    assert code == 1 and one_line(err) and "is a file, not a folder" in err


def test_a_folder_given_as_a_scenario(tmp_path, capsys):
    code, err = run([str(tmp_path), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and one_line(err) and "is a folder, expected a scenario file" in err


@pytest.mark.parametrize("line", ["budget_t = inf", "budget_t = nan"])
def test_non_finite_numbers_in_the_scenario_file(tiny_contract, tmp_path, capsys, line):
    with open(tiny_contract, "a") as fh:
        fh.write(line + "\n")
    code, err = run([str(tiny_contract), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and "budget_t" in err and "finite" in err
