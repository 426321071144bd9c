"""Under ``make mutate`` only: empty carbon's ``functools.lru_cache`` caches before each test.

mutmut forks every mutant's test run from a process that has already run the tests, so a cached
``parse_unit``, ``region_chain`` or shipped factor library would hand the tests the unmutated
result, and its first pass (which maps tests to the functions they reach) would see a cached
function reached by the first test only. Neither changes a normal ``pytest`` run.
"""

from __future__ import annotations

import os
import sys

import pytest


def _clear_carbon_caches() -> None:
    for name, module in list(sys.modules.items()):
        if not (name == "carbon" or name.startswith("carbon.")) or module is None:
            continue
        names = vars(module)
        if not any("__mutmut_" in n for n in names):
            continue  # only a module with mutants in it can cache a mutant's result
        for value in list(names.values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()


if "MUTANT_UNDER_TEST" in os.environ:
    @pytest.fixture(autouse=True)
    def _fresh_carbon_caches():
        _clear_carbon_caches()
        yield
