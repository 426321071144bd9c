"""Where the shipped ``data/`` and ``scenarios/`` folders live.

In a repository checkout they sit beside the ``carbon`` package; in an installed wheel they are
carried inside the package as ``carbon/_shipped/data`` and ``carbon/_shipped/scenarios`` (hatch
``force-include``), side by side as in the repository, so that a scenario's ``../data/...`` paths
resolve in both places.
A user's own files always win: these paths are only the defaults.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def data_dir() -> Path:
    """The shipped ``data/`` folder (factor library, categories, the Ningxiang dataset)."""
    return _first_existing(_PACKAGE.parent / "data", _PACKAGE / "_shipped" / "data")


def scenarios_dir() -> Path:
    """The shipped ``scenarios/`` folder (baseline, policy, early_peak, ...)."""
    return _first_existing(_PACKAGE.parent / "scenarios", _PACKAGE / "_shipped" / "scenarios")


def factors_dir() -> Path:
    """The shipped emission-factor library, ``data/emission_factors/``."""
    return data_dir() / "emission_factors"


def ningxiang_dir() -> Path:
    """The shipped default city, ``data/ningxiang/``."""
    return data_dir() / "ningxiang"
