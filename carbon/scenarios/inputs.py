"""Assemble :class:`~carbon.scenarios.data.ModelInputs` from a validated scenario.

The order matters only for the checks: fuels before technologies (an ``input`` must be a fuel or
an output), technologies before demand (a demand needs a producer), the inventory and the sectors
not optimised before the policies (a cap or peak rule needs a sector with emissions).
"""

from __future__ import annotations

import numpy as np

from carbon.scenarios import data, ghg, projections
from carbon.scenarios.data import ModelInputs
from carbon.scenarios.schema import Scenario


def discount_factors(rate: float, n_years: int) -> np.ndarray:
    """df_y = (1+r)^-(y-y0) for y0..y0+n-1."""
    return (1.0 + rate) ** -np.arange(n_years, dtype=float)


def load_inputs(scenario: Scenario) -> ModelInputs:
    """Read and check every data file a scenario names."""
    years = scenario.years
    fuel_names = data.fuel_names(scenario.fuels)
    techs, base = data.read_technologies(scenario.technologies, fuel_names)
    params = data.read_technology_costs(scenario.technology_costs, techs, base, years)
    data.check_shares(techs, params, scenario.technologies)
    if scenario.policy.scope2_method == "market":
        _check_market(scenario, techs, fuel_names)
    existing = data.read_existing(scenario.existing_capacity, techs, years)
    fuels = data.read_fuels(scenario.fuels, years)
    for fuel, scale in scenario.fuel_co2_scale.items():
        if fuel not in fuels.co2.index:
            from carbon.errors import ScenarioError
            raise ScenarioError(f"{scenario.source.name}: key 'fuel_co2_scale.{fuel}': no fuel "
                                f"'{fuel}' in the fuels file (known: "
                                f"{', '.join(map(str, fuels.co2.index))})")
        fuels.co2.loc[fuel] = fuels.co2.loc[fuel] * scale
    drivers = projections.read_drivers(scenario.drivers, years)
    demand = projections.read_demand(scenario, drivers, set(techs["output"]), years)
    inventory = projections.read_inventory(scenario)
    modelled = set(techs["sector"])
    exo_co2, exo_energy, exo_coal = projections.exogenous_paths(scenario, drivers, inventory,
                                                                modelled, years)
    known = modelled | set(exo_co2.index)
    pol = scenario.policy
    caps = data.read_caps(pol.caps, scenario, known)
    allocation = data.read_allocation(pol.allocation, scenario, known)
    intensity = ghg.read_intensity(pol.intensity, scenario, drivers, inventory)
    if not intensity.empty and (drivers is None or "gdp_10k_yuan" not in drivers):
        from carbon.errors import ScenarioError
        raise ScenarioError(f"{scenario.source.name}: key 'policy.intensity' needs drivers with "
                            f"a 'gdp_10k_yuan' column")
    tax = data.tax_path(data.read_year_values(pol.carbon_tax, "price_yuan_per_t", scenario),
                        years)
    history = data.read_history(scenario.history, scenario, techs)
    data.check_peak_sectors(scenario, known)
    return ModelInputs(
        scenario=scenario, years=years, techs=techs, params=params, existing=existing,
        demand=demand, fuels=fuels, caps=caps, allocation=allocation, intensity=intensity,
        carbon_tax=tax, history=history, drivers=drivers, exogenous_co2=exo_co2,
        exogenous_energy_tce=exo_energy, exogenous_coal_tce=exo_coal,
        inventory_co2=None if inventory is None else inventory["co2_t"],
        discount=discount_factors(scenario.discount_rate, len(years)),
        demand_by_sector=demand.attrs.pop("by_sector", None),
        targets=data.read_targets(scenario.targets),
        output_units=_units(techs, demand.attrs.pop("units", {})))


def _units(techs, projected: dict[str, str]) -> dict[str, str]:
    """Output units: a technology's ``output_unit`` first, else the demand projection's."""
    units = dict(projected)
    for out, unit in zip(techs["output"], techs["output_unit"], strict=True):
        if unit:
            units[out] = unit
    return units


def _check_market(scenario: Scenario, techs, fuel_names: set[str]) -> None:
    """Market-based scope 2 needs a residual factor for the grid fuel the model buys."""
    from carbon.errors import ScenarioError

    frame = data.read(scenario.fuels, ["fuel"]) if scenario.fuels is not None else None
    has = (frame is not None and "residual_co2_t_per_unit" in frame
           and frame["residual_co2_t_per_unit"].ne("").any())
    if not has:
        raise ScenarioError(f"{scenario.source.name}: key 'policy.scope2_method' = 'market' needs "
                            f"a residual_co2_t_per_unit column for the grid fuel in the fuels "
                            f"file (the grid average without traded green power)")
