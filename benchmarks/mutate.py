"""``make mutate``: run mutmut over the modules ``[tool.mutmut]`` lists, or over a subset, and
print the mutation score (killed / total, in %) per module and overall, with every survivor.

Usage (from the repository root, with the ``mutate`` extra installed)::

    python benchmarks/mutate.py                       # every module in [tool.mutmut] source_paths
    python benchmarks/mutate.py --paths carbon/units.py carbon/inventory/gwp.py \
                                --tests tests/test_units.py tests/inventory
    python benchmarks/mutate.py --score-only [--workdir mutate]   # re-print a finished run
    python benchmarks/mutate.py --paths carbon/inventory/factors.py \
                                --names 'carbon.inventory.factors.x_select_factor*'

mutmut 3 reads its settings only from ``pyproject.toml`` in the working directory, so a subset
runs in ``build/mutate/``: links to ``carbon/``, ``data/``, ``scenarios/``, ``tests/`` and
``README.md`` beside a copy of ``pyproject.toml`` whose ``source_paths`` (and, with ``--tests``,
``pytest_add_cli_args_test_selection``) name the subset. The full run uses the repository root.
``--tests`` narrows the tests mutmut runs (its first, traced pass runs every selected test once;
the whole suite takes minutes), which is fair when the tests left out never import the subset.

``--names`` runs only the mutants whose names match (mutmut's own globs); the others stay
``not checked`` and the score then counts only the mutants that ran.

Score: killed (a test failed, or the mutant timed out) over every mutant generated. ``survived``
and ``no tests`` (no selected test reaches the mutated function) both count against it; TESTING.md
records each survivor with why it survives.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGING = ROOT / "build" / "mutate"  # --workdir NAME: build/NAME, for two subsets side by side
LINKED = ("carbon", "data", "scenarios", "tests", "README.md")
KILLED = {"killed", "timeout", "caught by type check"}
NOT_RUN = "not checked"


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def staged_pyproject(paths: list[str], tests: list[str]) -> str:
    """The repository's pyproject.toml with [tool.mutmut] pointed at ``paths`` and ``tests``."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    head, sep, tail = text.partition("[tool.mutmut]")
    if not sep:
        sys.exit("pyproject.toml has no [tool.mutmut] table")
    # the [tool.mutmut] table runs to the next table header or the end of the file
    match = re.search(r"^\[", tail, flags=re.MULTILINE)
    rest = tail[match.start():] if match else ""
    body = tail[:match.start()] if match else tail
    also_copy = re.search(r"^also_copy\s*=.*$", body, flags=re.MULTILINE)
    lines = [
        "[tool.mutmut]",
        f"source_paths = {toml_list(paths)}",
        f"pytest_add_cli_args_test_selection = {toml_list(tests or ['tests/'])}",
        also_copy.group(0) if also_copy else "",
        # the staging directory is not a git work tree of its own
        "use_git_change_detection = false",
        "",
    ]
    return head + "\n".join(lines) + "\n" + rest


def stage(paths: list[str], tests: list[str], staging: Path) -> Path:
    for p in paths + tests:
        if not (ROOT / p).exists():
            sys.exit(f"mutate: {p} does not exist (paths are relative to {ROOT})")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name in LINKED:
        (staging / name).symlink_to(ROOT / name)
    (staging / "pyproject.toml").write_text(staged_pyproject(paths, tests), encoding="utf-8")
    return staging


def mutmut(cwd: Path, *args: str, capture: bool = False) -> str:
    cmd = [sys.executable, "-m", "mutmut", *args]
    done = subprocess.run(cmd, cwd=cwd, text=True, capture_output=capture, check=False)
    return done.stdout if capture else ""


def module_of(mutant: str) -> str:
    """``carbon.units.x_to_gj__mutmut_3`` → ``carbon.units``; ``carbon.a.xǁCls...`` too."""
    name = mutant.split("__mutmut_")[0]
    parts = name.split(".")
    # the last dotted part is the (mangled) function name
    return ".".join(parts[:-1])


def score(cwd: Path) -> int:
    out = mutmut(cwd, "results", "--all", "true", capture=True)
    status_by_mutant = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            status_by_mutant[name] = status
    if not status_by_mutant:
        print("mutate: no results (did the run finish?)")
        return 1
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name, status in status_by_mutant.items():
        counts[module_of(name)][status] += 1
    print()
    print(f"{'module':40s} {'killed':>7s} {'total':>6s} {'score':>7s}  other")
    total_killed = total = 0
    for module in sorted(counts):
        c = counts[module]
        killed = sum(c[s] for s in KILLED)
        n = sum(k for s, k in c.items() if s != NOT_RUN)
        if not n:
            continue
        other = ", ".join(f"{s} {k}" for s, k in sorted(c.items()) if s not in KILLED)
        print(f"{module:40s} {killed:7d} {n:6d} {100 * killed / n:6.1f}%  {other}")
        total_killed += killed
        total += n
    if not total:
        print("mutate: no mutant was run")
        return 1
    print(f"{'all':40s} {total_killed:7d} {total:6d} {100 * total_killed / total:6.1f}%")
    survivors = sorted(n for n, s in status_by_mutant.items() if s not in KILLED | {NOT_RUN})
    if survivors:
        print("\nnot killed (see each with: cd", cwd, "&& mutmut show NAME):")
        for name in survivors:
            print(f"  {name}: {status_by_mutant[name]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paths", nargs="*", default=[],
                        help="modules or packages to mutate (default: [tool.mutmut] source_paths)")
    parser.add_argument("--tests", nargs="*", default=[],
                        help="tests to run against each mutant (default: tests/)")
    parser.add_argument("--names", nargs="*", default=[],
                        help="mutant-name globs to run, e.g. 'carbon.inventory.factors.x_select*'")
    parser.add_argument("--max-children", type=int, default=None)
    parser.add_argument("--workdir", default=STAGING.name,
                        help="staging folder under build/ for a subset (default: mutate)")
    parser.add_argument("--score-only", action="store_true",
                        help="print the score of the last run without running again")
    args = parser.parse_args(argv)
    staging = ROOT / "build" / args.workdir
    if args.score_only:
        # the last subset run in build/<workdir>, else the last full run
        cwd = staging if (staging / "mutants").exists() else ROOT
    elif args.paths or args.tests:
        if not args.paths:
            sys.exit("mutate: --tests needs --paths (the full run uses every test)")
        cwd = stage(args.paths, args.tests, staging)
    else:
        cwd = ROOT
        if (ROOT / "mutants").exists():
            shutil.rmtree(ROOT / "mutants")
    if not args.score_only:
        extra = ["--max-children", str(args.max_children)] if args.max_children else []
        mutmut(cwd, "run", *extra, *args.names)
    return score(cwd)


if __name__ == "__main__":
    raise SystemExit(main())
