"""Where sweeps keep their results: CSV and Parquet files written atomically, and a manifest.

A sweep folder holds ``manifest.json`` (what was swept: the inputs' hashes, the package versions,
the seed, the executor, the draws requested and done) and its tables. Draws are written in parts
(``parts/part-NNNNNN.parquet``, one per finished chunk) so that an interrupted sweep resumes where
it stopped: :func:`done_draws` lists what the parts hold and no finished draw is solved again.
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path
from typing import Any

import pandas as pd

import carbon
from carbon.errors import CarbonError
from carbon.tables import atomic_write, guard_cells


def write_csv(frame: pd.DataFrame, target: Path) -> Path:
    """UTF-8 with a byte-order mark (Excel on a Chinese system opens it right), atomically."""
    with atomic_write(Path(target)) as tmp:
        guard_cells(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
    return Path(target)


def write_parquet(frame: pd.DataFrame, target: Path) -> Path:
    """A Parquet file (pyarrow), atomically."""
    with atomic_write(Path(target)) as tmp:
        frame.to_parquet(tmp, index=False, engine="pyarrow")
    return Path(target)


def write_json(data: dict[str, Any], target: Path) -> Path:
    with atomic_write(Path(target)) as tmp:
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=float) + "\n",
                       encoding="utf-8")
    return Path(target)


def input_hashes(scenario) -> dict[str, str]:
    """SHA-256 of every scenario file and data file a scenario reads, by file name."""
    out = {}
    for path in [*scenario.files, *scenario.input_files()]:
        out[Path(path).name] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return out


def versions() -> dict[str, str]:
    """The versions that decide the numbers: carbon, HiGHS, numpy, pandas, Python."""
    import highspy
    import numpy

    try:
        highs = ".".join(str(getattr(highspy, f"HIGHS_VERSION_{p}"))
                         for p in ("MAJOR", "MINOR", "PATCH"))
    except AttributeError:
        highs = "unknown"
    return {"carbon": carbon.__version__, "highs": highs, "numpy": numpy.__version__,
            "pandas": pd.__version__, "python": platform.python_version()}


def open_manifest(folder: Path, key: dict[str, Any]) -> dict[str, Any]:
    """The manifest of ``folder`` for a sweep described by ``key`` (created when absent).

    An existing manifest with another key (other inputs, seed or settings) is an error: resuming
    it would mix two sweeps.
    """
    key = json.loads(json.dumps(key))              # as it reads back (tuples become lists)
    path = Path(folder) / "manifest.json"
    if path.is_file():
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("key") != key:
            changed = sorted(k for k in set(key) | set(manifest.get("key", {}))
                             if key.get(k) != manifest.get("key", {}).get(k))
            raise CarbonError(f"{folder} holds another sweep (differs in: {', '.join(changed)}); "
                              f"choose another --out or remove the folder")
        return manifest
    return {"key": key, "versions": versions(), "draws_done": 0}


def done_draws(folder: Path) -> pd.DataFrame | None:
    """Every draw the part files hold (None without parts)."""
    parts = sorted((Path(folder) / "parts").glob("part-*.parquet"))
    if not parts:
        return None
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


def sweep_folder(scenario_path: str | Path, kind: str, out: str | Path | None) -> Path:
    """``out``, or ``results/sweeps/<scenario name>/<kind>`` by default."""
    if out is not None:
        return Path(out)
    from carbon.scenarios import load_scenario

    return Path("results") / "sweeps" / load_scenario(scenario_path).name / kind
