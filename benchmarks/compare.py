"""homologate against the alternatives, side by side, in one run on one machine.

    pip install '.[bench]'                  # regopy and fastjsonschema: for the benchmark only
    python benchmarks/compare.py --quick    # under a minute
    python benchmarks/compare.py            # the full run: a 2,000-spec folder, larger corpora

The same rules (the bundled Dakar 2026 Stock ruleset) are evaluated on the same seeded corpus of spec
variants (``common.generate``) by:

- homologate's engine: the compiled ruleset on loaded specs (``engine.judge``: the verdicts); also
  with every finding worded (``engine.evaluate``, then each finding's texts made, as JSON makes them:
  other outputs make only what they show), and from YAML text to report (parse, validate, evaluate,
  every finding worded);
- the same rules in Rego (``stock.rego``), evaluated by regopy, OPA's Rego interpreter, through a
  compiled bundle (the fastest way regopy offers);
- the same rules as hand-written Python (``floor.py``): the floor no rule engine can beat;
- jsonschema and fastjsonschema on the subset JSON Schema can express (``schema_subset.py``).

Every implementation's verdicts must agree with homologate's on every spec and rule, or the benchmark
stops with exit status 1 and the disagreements. Then it measures start-up (a cold ``homologate
check`` against importing yaml, pydantic and click), a folder of specs (text and JSON against parsing
the same files with libyaml; peak memory; ``--jobs 2`` against ``--jobs 1``), and how the cost grows
with specs and rules. Commands take turns and run several times: each ratio is given best against best,
then as the range of the run-by-run ratios, with the machine's load average (on a machine others share,
wall times are inflated; the CPU times beside them are disturbed less). It prints a table, and as its
last line one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common
import floor
import schema_subset

from checker.evaluate.findings import evaluate
from checker.evaluate.judge import judge
from checker.report import Report
from checker.ruleset.compile import load_ruleset
from checker.ruleset.model import Ruleset

ROOT = HERE.parent
DEFENDER = ROOT / "specs" / "defender-d7x-r.yaml"
# imported by a plain `homologate check`, none of them needed by it
NOT_NEEDED = ("jsonschema", "json", "concurrent.futures", "subprocess", "checker.evaluate.baseline",
              "checker.evaluate.waivers", "checker.render.json", "checker.render.sarif", "checker.render.junit",
              "checker.render.github", "checker.render.html", "checker.render.markdown", "pint")  # fmt: skip


class Case:
    __slots__ = ("data", "data_py", "loaded", "name", "text")

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.loaded = common.load_variant(name, text)
        self.data = common.normalize(self.loaded.spec)
        self.data_py = common.normalize_py(self.loaded.spec)


def per_spec_us(fn: Callable[[Case], Any], cases: Sequence[Case], repeat: int) -> float:
    """Best of ``repeat`` passes over the corpus, in microseconds per spec."""

    def run() -> None:
        for case in cases:
            fn(case)

    return min(timeit.repeat(run, number=1, repeat=repeat)) / len(cases) * 1e6


# --- agreement ------------------------------------------------------------------------------------


def judged_verdicts(outcomes: list[Any]) -> dict[str, str]:
    """One verdict per rule from ``engine.judge`` (the worst over an each rule's items)."""
    found: dict[str, list[str]] = {rule_id: [] for rule_id in common.rule_ids()}
    for outcome in outcomes:
        found[outcome[0].id].append(outcome[3])
    return {rule_id: common.worst(verdicts) for rule_id, verdicts in found.items()}


def check_agreement(cases: Sequence[Case], on: dt.date) -> dict[str, Any]:
    """Every implementation's verdicts against homologate's; exit 1 on the first spec that differs."""
    impl = {
        "rego": common.rego_bundle(),
        "jsonschema": schema_subset.jsonschema_validators(schema_subset.build(on)),
        "fastjsonschema": schema_subset.fastjsonschema_validators(schema_subset.build(on)),
    }
    ruleset = common.ruleset()
    by_closures = common.closure_ruleset()
    for case in cases:
        generated, closed = judge(case.loaded.spec, ruleset, on), judge(case.loaded.spec, by_closures, on)
        if [o[1:] for o in generated] != [o[1:] for o in closed]:  # every outcome, values and reasons
            print(f"CLOSURES DISAGREE with the generated code on {case.name}", file=sys.stderr)
            sys.exit(1)
        reference = common.reference_verdicts(evaluate(case.loaded, ruleset, on))
        from_judge = judged_verdicts(judge(case.loaded.spec, ruleset, on))
        found = {
            "homologate judge": from_judge,
            "rego": common.rego_bundle_verdicts(impl["rego"], case.data, on),
            "python floor": floor.verdicts(case.data_py, on),
            "jsonschema": schema_subset.schema_verdicts(impl["jsonschema"], case.data),
            "fastjsonschema": schema_subset.schema_verdicts(impl["fastjsonschema"], case.data),
        }
        wrong = [f"{case.name}: {rule}: homologate={verdict}, {side}={verdicts.get(rule, '(missing)')}"
                 for side, verdicts in found.items() for rule, verdict in reference.items()
                 if (rule in verdicts or side in ("homologate judge", "rego", "python floor"))
                 and verdicts.get(rule) != verdict]  # fmt: skip
        if wrong:
            print("VERDICTS DISAGREE: the figures below would compare different work", file=sys.stderr)
            print("\n".join(wrong[:40]), file=sys.stderr)
            sys.exit(1)
    return impl


# --- per spec, in one process ---------------------------------------------------------------------


def worded(report: Report) -> Report:
    """The report with every finding's texts and position made. The engine makes them when an output first
    reads them (a check that lists only the problems makes theirs only); the figures that say "every
    finding worded" are the whole cost, as the JSON report pays it."""
    for finding in report.findings:
        finding.worded()
    return report


def in_process(cases: Sequence[Case], on: dt.date, impl: dict[str, Any], repeat: int) -> dict[str, float]:
    import yaml

    from checker.read.document import parse
    from checker.spec.load import LoadedSpec, validate

    ruleset = common.ruleset()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def pipeline(case: Case) -> Any:
        document = parse(case.text, case.name)
        return worded(evaluate(LoadedSpec(validate(document), document), ruleset, on))

    by_closures = common.closure_ruleset()
    timed: dict[str, Callable[[Case], Any]] = {
        "homologate": lambda c: judge(c.loaded.spec, ruleset, on),
        "homologate_closures": lambda c: judge(c.loaded.spec, by_closures, on),
        "homologate_findings": lambda c: worded(evaluate(c.loaded, ruleset, on)),
        "homologate_pipeline": pipeline,
        "regopy": lambda c: common.rego_bundle_verdicts(impl["rego"], c.data, on),
        "python_floor": lambda c: floor.verdicts(c.data_py, on),
        "jsonschema": lambda c: schema_subset.schema_verdicts(impl["jsonschema"], c.data),
        "fastjsonschema": lambda c: schema_subset.schema_verdicts(impl["fastjsonschema"], c.data),
        "yaml_parse": lambda c: yaml.load(c.text, Loader=loader),
    }
    slow = {"regopy": max(1, len(cases) // 4)}  # a quarter of the corpus is plenty at ~5 ms a spec
    best = {name: float("inf") for name in timed}
    for _ in range(repeat):  # the implementations take turns, so that a change of load hits all alike
        for name, fn in timed.items():
            best[name] = min(best[name], per_spec_us(fn, cases[: slow.get(name, len(cases))], 1))
    return best


# --- whole commands -------------------------------------------------------------------------------


def homologate_command() -> list[str]:
    script = Path(sys.executable).with_name("homologate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


class Timed(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of CPU, user and system, of the command and the processes it waited for
    rss: float  # peak RSS in MiB


_MEASURE_CPU = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
took = time.perf_counter() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(took, used.ru_utime + used.ru_stime, used.ru_maxrss, done.returncode)
sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
"""


def run_timed(command: list[str]) -> Timed:
    """Wall time, CPU time and peak RSS of one run of ``command``; the benchmark stops if it did not end as a
    check ends (0 compliant, 1 not compliant)."""
    out = subprocess.run([sys.executable, "-c", _MEASURE_CPU, *command], capture_output=True, text=True, check=True)
    wall, cpu, rss_kib, status = out.stdout.split()
    if int(status) not in (0, 1):
        print(f"benchmarks/compare.py: {' '.join(command)} exited with status {status}:\n{out.stderr}", file=sys.stderr)
        sys.exit(1)
    return Timed(float(wall), float(cpu), int(rss_kib) / 1024)


def samples(commands: dict[str, list[str]], runs: int) -> dict[str, list[Timed]]:
    """Every run of each command, the commands taking turns so that a change of load hits all alike."""
    found: dict[str, list[Timed]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            found[name].append(run_timed(command))
    return found


def run_measured(command: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one run of ``command`` (see run_timed)."""
    took = run_timed(command)
    return took.wall, took.rss


def best_of(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Best time (and its peak RSS) of each command, the commands taking turns so load hits all alike."""
    best: dict[str, tuple[float, float]] = {}
    for _ in range(runs):
        for name, command in commands.items():
            took = run_measured(command)
            if name not in best or took[0] < best[name][0]:
                best[name] = took
    return best


def spread(values: Sequence[float]) -> tuple[float, float]:
    """The range (lowest, highest) of a figure over runs."""
    return min(values), max(values)


def load_average() -> float | None:
    """The machine's 1-minute load average: above its CPU count, other work shared them with the benchmark."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def cold_start(runs: int) -> dict[str, Any]:
    """A cold ``homologate check`` of one spec against ``python -c "import yaml, pydantic, click"``, the two
    taking turns ``runs`` times: best and range of each, wall and CPU time (CPU time is what other work on
    the machine disturbs least), and the ratio best/best with the range of the run-by-run ratios."""
    cli = homologate_command()
    # the first run fills the schema cache and writes homologate's bytecode, as an installed package has
    # it (with PYTHONDONTWRITEBYTECODE set, every run would compile homologate's modules again, not the floor's)
    warm = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([*cli, "check", str(DEFENDER)], capture_output=True, check=False, env=warm)
    runs_of = samples({
        "baseline": [sys.executable, "-c", "import yaml, pydantic, click"],
        "check": [*cli, "check", str(DEFENDER)],
    }, runs)  # fmt: skip
    probe = ("import sys, runpy\nsys.argv = ['homologate', 'check', sys.argv[1]]\n"
             "try:\n    runpy.run_module('checker', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             f"print(sorted(m for m in {NOT_NEEDED!r} if m in sys.modules), file=sys.stderr)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", probe, str(DEFENDER)], capture_output=True, text=True, check=False)
    base, check = runs_of["baseline"], runs_of["check"]
    return {
        "baseline_ms": min(r.wall for r in base) * 1000, "check_ms": min(r.wall for r in check) * 1000,
        "ratio": min(r.wall for r in check) / min(r.wall for r in base),
        "ratio_range": spread([c.wall / b.wall for b, c in zip(base, check, strict=True)]),
        "baseline_ms_range": spread([r.wall * 1000 for r in base]),
        "check_ms_range": spread([r.wall * 1000 for r in check]),
        "cpu_ratio": min(r.cpu for r in check) / min(r.cpu for r in base),
        "cpu_ratio_range": spread([c.cpu / b.cpu for b, c in zip(base, check, strict=True)]),
        "needless_imports": out.stderr.strip(),
    }  # fmt: skip


def editor_check(runs: int) -> dict[str, Any] | None:
    """``homologate lsp``'s check of one open document (the bundled Defender specs), as the server makes it on
    each change: the text read with the hostile-input bounds, validated, evaluated with the settings' Checker
    (its files looked at for changes), and the findings made diagnostics; then a hover on the front track. The
    first check compiles the ruleset; the figures are those after it. None without pygls (the [lsp] extra)."""
    try:
        from pygls.workspace.position_codec import PositionCodec

        from checker.cli.lsp import diagnose
        from checker.cli.lsp.places import Text
        from checker.cli.lsp.settings import Given, Settings
    except ImportError:
        return None
    from lsprotocol import types

    settings, codec = Settings(Given(no_config=True)), PositionCodec()

    def check(path: Path, source: str) -> diagnose.Checked:
        return diagnose.check(Text(source, codec), path.as_uri(), str(path), lambda: settings.checker(None))

    start = timeit.default_timer()
    check(DEFENDER, DEFENDER.read_text("utf-8"))
    figures: dict[str, Any] = {"first_check_ms": (timeit.default_timer() - start) * 1000}
    for name in ("defender-d7x-r.yaml", "defender-wide-track.yaml"):
        path = ROOT / "specs" / name
        source = path.read_text("utf-8")
        checked = check(path, source)
        times = timeit.repeat(lambda p=path, s=source: check(p, s), number=1, repeat=runs)
        lines = source.splitlines()
        line = max(n for n, text in enumerate(lines) if text.strip().startswith("track_front:"))  # the build's
        at = types.Position(line, lines[line].index(":") + 3)
        hovers = timeit.repeat(lambda c=checked, a=at: diagnose.hover(c, a), number=1, repeat=runs)
        figures[name] = {"check_ms": min(times) * 1000, "check_ms_median": sorted(times)[len(times) // 2] * 1000,
                         "diagnostics": len(checked.diagnostics), "hover_ms": min(hovers) * 1000}  # fmt: skip
    return figures


def print_editor_check(figures: dict[str, Any] | None) -> None:
    if figures is None:
        print("\n`homologate lsp` check of one document: not measured (pip install '.[lsp]')")
        return
    print(f"\n`homologate lsp`, a check of one open document: the first {figures['first_check_ms']:.0f} ms (the "
          "ruleset compiled), then:")
    for name, f in figures.items():
        if isinstance(f, dict):
            print(f"  {name} ({f['diagnostics']} diagnostics): {f['check_ms']:.1f} ms a check (median "
                  f"{f['check_ms_median']:.1f} ms); a hover on the front track {f['hover_ms']:.1f} ms")


_PARSE_ONLY = """
import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def folder(n: int, seed: int, runs: int) -> dict[str, Any]:
    """A folder of ``n`` specs: each command's time against parsing the same files with libyaml (text,
    the full tables and --quiet; JSON), and --jobs 2 against --jobs 1, the commands taking turns."""
    with tempfile.TemporaryDirectory(prefix="homologate-bench-") as tmp:
        for name, text in common.generate(n, seed):
            (Path(tmp) / f"{name}.yaml").write_text(text, encoding="utf-8")
        cli = homologate_command()
        runs_of = samples({
            "parse": [sys.executable, "-c", _PARSE_ONLY, tmp],
            "check": [*cli, "check", "--quiet", tmp],
            "check_full": [*cli, "check", tmp],
            "check_json": [*cli, "check", "--format", "json", tmp],
            "check_sarif": [*cli, "check", "--format", "sarif", tmp],
            "check_junit": [*cli, "check", "--format", "junit", tmp],
            "check_html": [*cli, "check", "--format", "html", tmp],
            "check_markdown": [*cli, "check", "--format", "markdown", tmp],
            "jobs2": [*cli, "check", "--quiet", "--jobs", "2", tmp],
        }, runs)  # fmt: skip
    best = {name: min(r.wall for r in took) for name, took in runs_of.items()}

    def ratios(name: str, to: str) -> tuple[float, float]:
        return spread([a.wall / b.wall for a, b in zip(runs_of[name], runs_of[to], strict=True)])

    return {
        "specs": n,
        "parse_s": best["parse"],
        "check_s": best["check"],
        "check_full_s": best["check_full"],
        "check_json_s": best["check_json"],
        "check_sarif_s": best["check_sarif"],
        "check_junit_s": best["check_junit"],
        "check_html_s": best["check_html"],
        "check_markdown_s": best["check_markdown"],
        "jobs2_s": best["jobs2"],
        "ratio": best["check"] / best["parse"],
        "ratio_full": best["check_full"] / best["parse"],
        "ratio_json": best["check_json"] / best["parse"],
        "ratio_sarif": best["check_sarif"] / best["parse"],
        "ratio_junit": best["check_junit"] / best["parse"],
        "ratio_html": best["check_html"] / best["parse"],
        "ratio_markdown": best["check_markdown"] / best["parse"],
        "ratio_range": ratios("check", "parse"),
        "ratio_full_range": ratios("check_full", "parse"),
        "ratio_json_range": ratios("check_json", "parse"),
        "ratio_sarif_range": ratios("check_sarif", "parse"),
        "ratio_junit_range": ratios("check_junit", "parse"),
        "ratio_html_range": ratios("check_html", "parse"),
        "ratio_markdown_range": ratios("check_markdown", "parse"),
        "jobs2_speedup": best["check"] / best["jobs2"],
        "jobs2_speedup_range": ratios("check", "jobs2"),
        "jobs1_cpu_s": min(r.cpu for r in runs_of["check"]),
        "jobs2_cpu_s": min(r.cpu for r in runs_of["jobs2"]),  # the parent and its workers
        "peak_rss_mib": max(max(r.rss for r in runs_of[name]) for name in ("check", "check_full")),
        "json_peak_rss_mib": max(r.rss for r in runs_of["check_json"]),
        "parse_peak_rss_mib": max(r.rss for r in runs_of["parse"]),
    }


# --- peak memory per format ----------------------------------------------------------------------

MEMORY_FORMATS = ("text", "json", "sarif", "junit", "github", "html", "markdown")  # every format, spec by spec


def peak_memory(sizes: tuple[int, int], seed: int) -> dict[str, dict[str, float]]:
    """Peak RSS in MiB of `homologate check FOLDER --format F` per format, on a folder of each size: a
    batch's memory should not grow with its specs (issue 15: under 100 MiB at 5,000, within 10% of 500's)."""
    cli = homologate_command()
    figures: dict[str, dict[str, float]] = {fmt: {} for fmt in MEMORY_FORMATS}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="homologate-bench-") as tmp:
            for name, text in common.generate(n, seed):
                (Path(tmp) / f"{name}.yaml").write_text(text, encoding="utf-8")
            for fmt in MEMORY_FORMATS:
                figures[fmt][str(n)] = round(run_measured([*cli, "check", "--format", fmt, tmp])[1], 1)
    return figures


def print_peak_memory(figures: dict[str, dict[str, float]]) -> None:
    small, large = next(iter(figures.values()))
    print(f"\n{'peak RSS, MiB':14} {small + ' specs':>11} {large + ' specs':>11} {'ratio':>6}")
    for fmt, rss in figures.items():
        print(f"{fmt:14} {rss[small]:11.1f} {rss[large]:11.1f} {rss[large] / rss[small]:6.2f}")


# --- scaling --------------------------------------------------------------------------------------


def doubled_ruleset(folder: Path) -> Ruleset:
    """The Stock ruleset with a copy of each of its rules under another id: twice the rules."""
    import yaml

    rules = []
    for name in ("fia-t2-base", "dakar-2026-stock"):
        data = yaml.safe_load((ROOT / "rules" / f"{name}.yaml").read_text(encoding="utf-8"))
        rules += [{**{k: v for k, v in rule.items() if k != "examples"}, "id": f"{rule['id']}-COPY"}
                  for rule in data.get("rules", [])]  # examples are for `homologate test`, not timed here
    path = folder / "doubled.yaml"
    path.write_text(yaml.safe_dump({
        "ruleset": "doubled", "title": "Dakar 2026 Stock, every rule twice", "version": "1",
        "extends": str(ROOT / "rules" / "dakar-2026-stock.yaml"), "rules": rules,
    }, sort_keys=False), encoding="utf-8")  # fmt: skip
    return load_ruleset(str(path))


def scaling(sizes: tuple[int, int], seed: int, on: dt.date, repeat: int) -> list[dict[str, Any]]:
    """Engine time (every finding worded) for two corpus sizes and two ruleset sizes; the four runs
    take turns, so that a change of load on the machine falls on all of them alike."""
    corpus = [Case(name, text) for name, text in common.generate(sizes[1], seed + 1)]
    with tempfile.TemporaryDirectory(prefix="homologate-bench-") as tmp:
        combos = [(ruleset, size) for ruleset in (common.ruleset(), doubled_ruleset(Path(tmp))) for size in sizes]
    best = [float("inf")] * len(combos)
    for _ in range(repeat):
        for i, (ruleset, size) in enumerate(combos):
            cases = corpus[:size]
            took = timeit.timeit(lambda r=ruleset, cs=cases: [worded(evaluate(c.loaded, r, on)) for c in cs],
                                 number=1)  # fmt: skip
            best[i] = min(best[i], took)
    return [{"specs": size, "rules": len(ruleset.active), "seconds": took,
             "ns_per_spec_rule": took / (size * len(ruleset.active)) * 1e9}
            for (ruleset, size), took in zip(combos, best, strict=True)]


# --- report ---------------------------------------------------------------------------------------


def _rounded(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_rounded(v) for v in value]
    return round(value, 3) if isinstance(value, float) else value


def _range(values: tuple[float, float], digits: int = 2) -> str:
    return f"{values[0]:.{digits}f}-{values[1]:.{digits}f}"


def print_start_and_batch(cold: dict[str, Any], batch: dict[str, Any], loads: list[float | None]) -> None:
    """The ratios of the issue's targets: cold check / import floor, a batch / libyaml parsing the same files
    (text and JSON), --jobs 2 / --jobs 1; each as best/best, then the range over the runs."""
    print(f"\ncold `homologate check` of one spec: {cold['check_ms']:.0f} ms ({_range(cold['check_ms_range'], 0)}); "
          f"`python -c 'import yaml, pydantic, click'`: {cold['baseline_ms']:.0f} ms "
          f"({_range(cold['baseline_ms_range'], 0)}); ratio {cold['ratio']:.2f} (run by run "
          f"{_range(cold['ratio_range'])}); in CPU time {cold['cpu_ratio']:.2f} ({_range(cold['cpu_ratio_range'])})")
    print(f"modules a plain check imports without needing them: {cold['needless_imports']}")
    print(f"\nfolder of {batch['specs']} specs, against libyaml parsing the same files ({batch['parse_s']:.2f} s):")
    for label, key in (("check --quiet", ""), ("check (full tables)", "_full"), ("check --format json", "_json"),
                       ("check --format sarif", "_sarif"), ("check --format junit", "_junit"),
                       ("check --format html", "_html"), ("check --format markdown", "_markdown")):
        seconds = batch["check" + key + "_s"]
        print(f"  {label:22} {seconds:7.2f} s  ratio {batch['ratio' + key]:.2f} "
              f"(run by run {_range(batch['ratio' + key + '_range'])})")
    print(f"  peak RSS: text {batch['peak_rss_mib']:.0f} MiB, JSON {batch['json_peak_rss_mib']:.0f} MiB, "
          f"parse only {batch['parse_peak_rss_mib']:.0f} MiB")
    print(f"--jobs 2 (check --quiet): {batch['jobs2_s']:.2f} s, {batch['jobs2_speedup']:.2f}x --jobs 1 (run by run "
          f"{_range(batch['jobs2_speedup_range'])}) on {os.cpu_count()} CPUs; CPU time {batch['jobs1_cpu_s']:.2f} s "
          f"in one process, {batch['jobs2_cpu_s']:.2f} s in the parent and 2 workers")
    shown = ", ".join("?" if v is None else f"{v:.1f}" for v in loads)
    busy = any(v is not None and v > (os.cpu_count() or 1) for v in loads)
    print(f"load average (1 min) before, between and after the runs: {shown}"
          + (" -- above the CPU count: other work shared the machine, wall times are inflated" if busy else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small corpora and few runs: under a minute")
    parser.add_argument("--specs", type=int, help="corpus size for the per-spec figures (default 300, quick 100)")
    parser.add_argument("--folder", type=int, help="specs in the folder run (default 2000, quick 300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lsp", action="store_true", help="only the language server's check of one document")
    args = parser.parse_args(argv)
    if args.lsp:
        print_editor_check(editor_check(50))
        return 0
    quick = args.quick
    n = args.specs or (100 if quick else 300)
    folder_n = args.folder or (300 if quick else 2000)
    repeat, runs = (3, 3) if quick else (5, 5)
    try:
        import fastjsonschema  # noqa: F401
        import regopy  # noqa: F401
    except ImportError as exc:
        print(f"benchmarks/compare.py: {exc.name} is missing: pip install '.[bench]'", file=sys.stderr)
        return 2

    on = common.event_date()
    cases = [Case(name, text) for name, text in common.generate(n, args.seed)]
    impl = check_agreement(cases, on)
    rules = len(common.ruleset().active)
    print(f"{n} specs x {rules} rules: every implementation's verdicts agree on every spec and rule "
          f"(JSON Schema on its subset of {len(impl['jsonschema'])} rules)\n")  # fmt: skip
    per_spec = in_process(cases, on, impl, repeat)
    loads = [load_average()]
    cold = cold_start(runs * 2)
    loads.append(load_average())
    batch = folder(folder_n, args.seed, 1 if quick else 3)
    loads.append(load_average())
    sizes = (n // 2, n) if quick else (n, 2 * n)
    grows = scaling(sizes, args.seed, on, repeat)
    memory = peak_memory((100, 500) if quick else (500, 5000), args.seed)
    editor = editor_check(20 if quick else 50)

    floor_us, engine_us = per_spec["python_floor"], per_spec["homologate"]
    print(f"{'per spec, in one process':58} {'us/spec':>10} {'x floor':>8}")
    labels = {
        "python_floor": "hand-written Python (the floor)",
        "homologate": "homologate engine: verdicts (evaluate.judge)",
        "homologate_closures": "  the same, rules as closures over the typed tree",
        "homologate_findings": "homologate engine: every finding worded (evaluate)",
        "homologate_pipeline": "homologate from YAML text: parse, validate, evaluate, every finding worded",
        "fastjsonschema": f"fastjsonschema ({len(impl['jsonschema'])}-rule subset)",
        "jsonschema": f"jsonschema ({len(impl['jsonschema'])}-rule subset)",
        "regopy": "Rego (regopy, compiled bundle)",
        "yaml_parse": "parse the YAML text with libyaml (yaml.CSafeLoader)",
    }
    for key, label in labels.items():
        print(f"{label:58} {per_spec[key]:10.1f} {per_spec[key] / floor_us:8.1f}")
    print(f"\nregopy / homologate engine: {per_spec['regopy'] / engine_us:.0f}x; rules as closures / as generated "
          f"functions: {per_spec['homologate_closures'] / engine_us:.2f}x")
    print_start_and_batch(cold, batch, loads)
    print_peak_memory(memory)
    print_editor_check(editor)
    print(f"\n{'specs':>6} {'rules':>6} {'seconds':>9} {'ns per spec x rule':>19}")
    for row in grows:
        print(f"{row['specs']:6d} {row['rules']:6d} {row['seconds']:9.3f} {row['ns_per_spec_rule']:19.0f}")
    figures = {
        "specs": n,
        "rules": rules,
        **{f"{key}_us_per_spec": round(value, 2) for key, value in per_spec.items()},
        "engine_vs_regopy": round(per_spec["regopy"] / engine_us, 1),
        "engine_vs_floor": round(engine_us / floor_us, 2),
        "closures_vs_floor": round(per_spec["homologate_closures"] / floor_us, 2),
        "closures_vs_generated": round(per_spec["homologate_closures"] / engine_us, 2),
        "cold_check_ms": round(cold["check_ms"], 1),
        "cold_baseline_ms": round(cold["baseline_ms"], 1),
        "cold_ratio": round(cold["ratio"], 2),
        "cold_ratio_range": [round(v, 2) for v in cold["ratio_range"]],
        "cold_cpu_ratio": round(cold["cpu_ratio"], 2),
        "cold_cpu_ratio_range": [round(v, 2) for v in cold["cpu_ratio_range"]],
        "load_average": [round(v, 2) if v is not None else None for v in loads],
        "folder": {k: _rounded(v) for k, v in batch.items()},
        "peak_rss_mib": memory,
        "lsp": editor and {name: {k: _rounded(v) for k, v in f.items()} if isinstance(f, dict) else _rounded(f)
                           for name, f in editor.items()},
        "scaling": [{k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()} for row in grows],
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "quick": quick,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
