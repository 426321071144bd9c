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

``--sample F --seed S`` runs a simple random sample: a fraction ``F`` of each module's mutants
(at least one), drawn with seed ``S`` after the mutants are generated. The score of a sample is
an estimate of the module's score; it is printed with its 95% Wilson interval. Random mutant
sampling is the standard way to afford mutation analysis of a large suite (Wong & Mathur,
J. Systems and Software 1995; Zhang et al., ICSE 2010). A fresh seed
after new tests gives an estimate not fitted to the first sample's survivors.

Score: killed (a test failed, or the mutant timed out) over every mutant generated. ``survived``
and ``no tests`` (no selected test reaches the mutated function) both count against it; TESTING.md
records each survivor with why it survives.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGING = ROOT / "build" / "mutate"  # --workdir NAME: build/NAME, for two subsets side by side
LINKED = ("carbon", "data", "scenarios", "tests", "README.md")
KILLED = {"killed", "timeout", "caught by type check"}
NOT_RUN = "not checked"


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def exclusion_args(excluded: list[str]) -> list[str]:
    """pytest arguments leaving out test files (``--ignore``) or single tests (``--deselect``)."""
    return [f"--deselect={e}" if "::" in e else f"--ignore={e}" for e in excluded]


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
        if p.startswith("--"):
            continue  # an --ignore/--deselect from --exclude
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


def generate(cwd: Path) -> dict[str, list[str]]:
    """Generate the mutants in ``cwd/mutants`` (without running any test): names by module."""
    script = (
        "import os\n"
        "from mutmut.__main__ import create_mutants\n"
        "from mutmut.utils.file_utils import copy_src_dir, copy_also_copy_files, "
        "setup_source_paths\n"
        "os.makedirs('mutants', exist_ok=True)\n"
        "copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(2)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=cwd, text=True,
                          capture_output=True, check=False,
                          env={**os.environ, "MUTANT_UNDER_TEST": "mutant_generation"})
    if done.returncode:
        sys.exit(f"mutate: generating the mutants failed:\n{done.stderr[-2000:]}")
    by_module: dict[str, list[str]] = defaultdict(list)
    for meta in sorted((cwd / "mutants").rglob("*.py.meta")):
        keys = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        for name in sorted(keys):
            by_module[module_of(name)].append(name)
    return dict(by_module)


def sample_names(by_module: dict[str, list[str]], fraction: float, seed: int) -> list[str]:
    """A simple random sample of each module's mutants: ``ceil(fraction × n)``, at least one."""
    rng = random.Random(seed)
    chosen: list[str] = []
    for module in sorted(by_module):
        names = by_module[module]
        k = min(len(names), max(1, math.ceil(fraction * len(names))))
        chosen.extend(sorted(rng.sample(names, k)))
    return chosen


def wilson(killed: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion killed/n (Wilson 1927), in %."""
    if n == 0:
        return (0.0, 100.0)
    p = killed / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


def group_of(module: str, source_paths: list[str]) -> str:
    """The ``[tool.mutmut] source_paths`` entry a module belongs to (``carbon/inventory/`` for
    ``carbon.inventory.methods.waste``), else the module itself."""
    as_path = module.replace(".", "/")
    for entry in source_paths:
        stem = entry.rstrip("/").removesuffix(".py")
        if as_path == stem or as_path.startswith(stem + "/"):
            return entry
    return module


def print_table(title: str, counts: dict[str, Counter[str]]) -> tuple[int, int]:
    """One line per key: killed / run, the score and its 95% interval; returns the sums."""
    print()
    print(f"{title:40s} {'killed':>7s} {'total':>6s} {'score':>7s} {'95% interval':>14s}  other")
    total_killed = total = 0
    for key in sorted(counts):
        c = counts[key]
        killed = sum(c[s] for s in KILLED)
        n = sum(k for s, k in c.items() if s != NOT_RUN)
        if not n:
            continue
        other = ", ".join(f"{s} {k}" for s, k in sorted(c.items()) if s not in KILLED)
        low, high = wilson(killed, n)
        print(f"{key:40s} {killed:7d} {n:6d} {100 * killed / n:6.1f}% "
              f"{low:6.1f}–{high:5.1f}%  {other}")
        total_killed += killed
        total += n
    return total_killed, total


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
    with open(cwd / "pyproject.toml", "rb") as fh:
        source_paths = tomllib.load(fh).get("tool", {}).get("mutmut", {}).get("source_paths", [])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for name, status in status_by_mutant.items():
        counts[module_of(name)][status] += 1
        groups[group_of(module_of(name), source_paths)][status] += 1
    total_killed, total = print_table("module", counts)
    if not total:
        print("mutate: no mutant was run")
        return 1
    low, high = wilson(total_killed, total)
    print(f"{'all':40s} {total_killed:7d} {total:6d} {100 * total_killed / total:6.1f}% "
          f"{low:6.1f}–{high:5.1f}%")
    print_table("listed path ([tool.mutmut] source_paths)", groups)
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
    parser.add_argument("--exclude", nargs="*", default=[],
                        help="test files or test ids to leave out (slow end-to-end tests)")
    parser.add_argument("--names", nargs="*", default=[],
                        help="mutant-name globs to run, e.g. 'carbon.inventory.factors.x_select*'")
    parser.add_argument("--sample", type=float, default=None, metavar="F",
                        help="run a random fraction F of each module's mutants (0 < F <= 1)")
    parser.add_argument("--seed", type=int, default=1, help="seed of --sample (default: 1)")
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
    elif args.paths or args.tests or args.exclude:
        with open(ROOT / "pyproject.toml", "rb") as fh:
            listed = tomllib.load(fh)["tool"]["mutmut"]["source_paths"]
        tests = (args.tests or ["tests/"]) + exclusion_args(args.exclude)
        cwd = stage(args.paths or listed, tests, staging)
    else:
        cwd = ROOT
        if (ROOT / "mutants").exists():
            shutil.rmtree(ROOT / "mutants")
    if not args.score_only:
        extra = ["--max-children", str(args.max_children)] if args.max_children else []
        names = list(args.names)
        if args.sample is not None:
            if not 0 < args.sample <= 1:
                sys.exit(f"mutate: --sample must be in (0, 1]; found {args.sample}")
            if names:
                sys.exit("mutate: give --sample or --names, not both")
            names = sample_names(generate(cwd), args.sample, args.seed)
            print(f"mutate: {len(names)} mutants sampled "
                  f"(fraction {args.sample}, seed {args.seed})")
        mutmut(cwd, "run", *extra, *names)
    return score(cwd)


if __name__ == "__main__":
    raise SystemExit(main())
