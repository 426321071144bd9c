"""Bad input to the non-energy methods: one clear line naming file, row and column; exit 1;
nothing written."""


from carbon.cli import main


def run(tmp_path, capsys, activity: str, factors: str | None = None, *extra: str):
    act = tmp_path / "activity.csv"
    act.write_text(activity, encoding="utf-8")
    out = tmp_path / "inventory.csv"
    argv = ["inventory", str(act), "--out", str(out), *extra]
    if factors is not None:
        fac = tmp_path / "factors.csv"
        fac.write_text(factors, encoding="utf-8")
        argv += ["--factors", str(fac)]
    status = main(argv)
    err = capsys.readouterr().err.strip()
    assert status == 1 and not out.exists()
    assert len(err.splitlines()) == 1, err
    return err


FOD = "year,category,activity,amount,unit,site\n2020,4.A,msw_food,1000,t,managed_anaerobic\n"
USER = "activity,gas,parameter,value,unit\n"


def test_mcf_above_one(tmp_path, capsys):
    err = run(tmp_path, capsys, FOD, USER + "solid_waste_disposal,-,mcf:managed_anaerobic,1.2,\n")
    assert "factors.csv, row 2, column 'value'" in err and "between 0 and 1" in err


def test_negative_k(tmp_path, capsys):
    err = run(tmp_path, capsys, FOD, USER + "msw_food,-,k,-0.1,1/year\n")
    assert "factors.csv, row 2, column 'value'" in err and ">= 0" in err


def test_management_shares_that_do_not_add_up(tmp_path, capsys):
    err = run(tmp_path, capsys, "year,category,activity,amount,unit,ms_shares\n"
              "2020,3.A.2,swine,1000,head,liquid_slurry:0.5;solid_storage:0.4\n")
    assert "activity.csv, row 2, column 'ms_shares'" in err and "add up to 0.9" in err


def test_deposition_history_with_a_gap(tmp_path, capsys):
    err = run(tmp_path, capsys, "year,category,activity,amount,unit\n2001,4.A,msw_food,1,t\n"
              "2002,4.A,msw_food,1,t\n2005,4.A,msw_food,1,t\n")
    assert "activity.csv, row 4, column 'year'" in err and "2003, 2004" in err


def test_hfc_species_without_a_gwp_in_the_chosen_set(tmp_path, capsys):
    err = run(tmp_path, capsys, "year,category,activity,amount,unit,species\n"
              "2020,2.F.1,hfc_stationary_ac,1,t,HFC-245fa\n", None, "--gwp", "SAR")
    assert "activity.csv, row 2, column 'species'" in err and "no GWP in set SAR" in err


def test_soil_n_entered_under_indirect(tmp_path, capsys):
    err = run(tmp_path, capsys, "year,category,activity,amount,unit\n2020,3.C.5,synthetic_n,1,t\n")
    assert "row 2, column 'category'" in err and "3.C.4" in err


def test_bad_years(tmp_path, capsys):
    err = run(tmp_path, capsys, FOD, None, "--years", "2030-2021")
    assert "--years" in err
