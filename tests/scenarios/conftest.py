"""Fixtures of the scenario tests; the helpers that write tiny systems are in
``scenario_helpers`` (a module with its own name: a bare ``from conftest import`` finds
whichever test folder's conftest was imported first)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def tiny_contract(tmp_path: Path) -> Path:
    """The contract checker's tiny_system, copied from tests/scenarios/fixtures/tiny."""
    import shutil

    dst = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", dst)
    return dst / "s.toml"
