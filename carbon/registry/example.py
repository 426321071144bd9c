"""The shipped example registry (``data/ningxiang/registry_example/``): six illustrative
Ningxiang key emitters with three years of SYNTHETIC reports, one with a deliberate anomaly
(NX-E05 2023: natural gas typed in m3 instead of 万m3) that verification catches. ``carbon demo``
builds it into ``reports/ningxiang/registry/``."""

from __future__ import annotations

import os
from pathlib import Path

from carbon import paths
from carbon.registry.db import open_registry
from carbon.registry.export import export, status
from carbon.registry.store import import_reports, load_allowances, register_enterprises
from carbon.registry.verify import load_checks, run_checks


def example_dir() -> Path:
    return paths.ningxiang_dir() / "registry_example"


def build_example(out_dir: Path) -> dict:
    """A fresh registry of the example in ``out_dir/registry.sqlite`` (replaced only once the
    new one is complete), verified, and exported; returns the paths, flags and status."""
    source = example_dir()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "registry.sqlite"
    partial = out_dir / ".registry.sqlite.part"
    partial.unlink(missing_ok=True)
    try:
        engine = open_registry(partial, create=True)
        register_enterprises(engine, source / "enterprises.csv")
        load_allowances(engine, source / "allowances.csv")
        import_reports(engine, sorted((source / "reports").glob("*.xlsx")))
        flags = run_checks(engine, load_checks(source / "checks.toml"))
        table = status(engine)
        written = export(engine, out_dir)
        engine.dispose()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return {"db": target, "flags": flags, "status": table, **written}
