"""The report step against the time matplotlib needs to save the same figures, and the whole demo.

Floor: the report's own figures, each saved once as PNG by matplotlib (``Figure.savefig``), in
this process. carbon: ``write_report`` from the finished runs and the inventory file — reading
them, drawing the figures, rendering HTML, Markdown and XLSX, writing atomically. The demo figure
is ``carbon demo`` end to end (inventory, scenarios, every later step the demo runs, both
reports), timed once in a subprocess so that it runs as a user would.

    .venv/bin/python benchmarks/bench_report.py [--repeat R] [--skip-demo]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from carbon.demo import DEMO_SCENARIOS, run_demo
from carbon.reporting.report import build_report, write_report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if not args.skip_demo:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "carbon.cli", "demo", "--reports",
                            str(tmp / "d_reports"), "--results", str(tmp / "d_results")],
                           check=True, stdout=subprocess.DEVNULL)
            print(f"carbon demo end to end: {time.perf_counter() - t0:.1f} s")
        written = run_demo(reports_dir=tmp / "reports", results_dir=tmp / "results",
                           echo=lambda _line: None)
        inputs = dict(runs=[written[n] for n in DEMO_SCENARIOS],
                      inventory=tmp / "reports" / "ningxiang" / "inventory_2020.xlsx",
                      sweeps=written["macc"], compare=written["compare"],
                      allocation=[v for k, v in written.items() if k.startswith("allocation_")])
        report_s, floor_s = [], []
        for i in range(args.repeat):
            t0 = time.perf_counter()
            write_report(out=tmp / f"rep{i}", lang="zh", **inputs)  # type: ignore[arg-type]
            report_s.append(time.perf_counter() - t0)
            doc = build_report(lang="zh", **inputs)  # type: ignore[arg-type]
            figures = [b.figure for s in doc.sections for b in s.blocks if b.figure is not None]
            t0 = time.perf_counter()
            for fig in figures:
                fig.savefig(io.BytesIO(), format="png", dpi=110)
            floor_s.append(time.perf_counter() - t0)
        report, floor = statistics.median(report_s), statistics.median(floor_s)
        print(f"figures {len(figures)}; report step {report:.2f} s; matplotlib saving the same "
              f"figures {floor:.2f} s; ratio {report / floor:.2f}x (median of {args.repeat})")


if __name__ == "__main__":
    main()
