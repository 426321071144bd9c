"""A process killed in the middle of an import leaves the database as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from registry_helpers import content

from carbon.registry import import_reports

SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from carbon.inventory import load_factors
    from carbon.registry import open_registry, read_report, store_reports

    engine = open_registry(sys.argv[1])
    factors = load_factors()
    parsed = [read_report(Path(p), known_activities=factors["activity"].unique())
              for p in sys.argv[2:]]

    def stop_here(connection):
        print("rows written, not committed", flush=True)
        time.sleep(120)

    store_reports(engine, parsed, factors, before_commit=stop_here)
""")


def test_kill_in_the_middle_of_an_import(registry, fill, db_url, tmp_path):
    import_reports(registry, [fill("first.xlsx")])
    before = content(registry)
    sqlite_bytes = None
    if registry.dialect.name == "sqlite":
        registry.dispose()
        sqlite_bytes = open(registry.url.database, "rb").read()
    files = [str(fill("second.xlsx", year=2022)), str(fill("third.xlsx", enterprise="E2"))]
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, db_url, *files],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.strip() == "rows written, not committed", process.stderr.read()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    if sqlite_bytes is not None:
        assert open(registry.url.database, "rb").read() == sqlite_bytes
    assert content(registry) == before
    # and the registry still takes the import afterwards
    result = import_reports(registry, [fill("second.xlsx", year=2022)])
    assert len(result.imported) == 1
