"""A batch of specs: files, folders and glob patterns in; one report (or one refusal) per spec out, in order.

``check_many`` yields results in the order the specs were named whether it runs in this process or
in a pool of worker processes (``jobs``, at most one per CPU); each worker compiles the ruleset once, from
what the parent read: no worker reads the ruleset, waivers or baseline files again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.read.files import files_below, is_dir, is_file, matching
from checker.report import FINDING_FIELDS, Finding, Report, RuleInfo, Unchecked, WaiverNote
from checker.ruleset.compile import compile_ruleset
from checker.ruleset.model import Ruleset
from checker.ruleset.raw import RawRuleset, find, load_raw
from checker.ruleset.select import selected
from checker.spec.load import LoadedSpec

if TYPE_CHECKING:  # imported where used: a plain check reads no baseline and starts no git
    from checker.evaluate.baseline import JsonBaseline
    from checker.read.document import Document
    from checker.read.git import Revision

SPEC_SUFFIXES = (".yaml", ".yml")
_GLOB_CHARS = frozenset("*?[")
MIN_PER_JOB = 8  # below this many specs per process, starting the processes costs more than it saves


@dataclass(frozen=True)
class Options:
    """What every spec of a batch is checked with; plain values, so worker processes can receive it."""

    rules_ref: str
    on: dt.date | None = None
    baseline: str | None = None  # a git revision or a JSON report file
    waivers: str | None = None  # a waivers file, applied to every spec besides the spec's own waivers
    select: tuple[str, ...] = ()  # rule ids, area:NAME or STK-* patterns to check (all without any)
    ignore: tuple[str, ...] = ()  # ... and not to check (checker.ruleset.select)
    spec_waivers: bool = True  # False: a spec's own waivers are listed as ignored, only ``waivers`` applied


@dataclass(frozen=True)
class SpecBytes:
    """A spec read already (standard input): its bytes and the name every output gives it."""

    name: str
    data: bytes = dataclasses.field(repr=False)


Item = Path | SpecBytes | Unchecked  # what check_many checks: a spec file, a spec read already, a refusal


def collect(args: Iterable[str], stdin: SpecBytes | None = None) -> Iterator[Item]:
    """The spec files named: folders expanded to every *.yaml / *.yml below them (hidden folders such as
    .git or .venv skipped), glob patterns expanded (``**`` for any depth), each sorted; a spec named more
    than once is checked once, where first named; a folder or pattern that yields nothing is a refusal
    in its place. Given ``stdin``, the argument ``-`` stands for it."""
    seen: set[object] = set()
    refused: set[str] = set()
    for arg in args:
        path = Path(arg)
        found: list[Path | InputError]
        if arg == "-" and stdin is not None:
            yield stdin
            continue
        if not arg:  # an unset shell variable: not the current folder
            found = [InputError("''", 1, 1, "expected a spec file, a folder or a pattern, got an empty argument")]
        elif is_dir(path):
            found = list(files_below(path, SPEC_SUFFIXES))
            if not found:
                yield Unchecked(arg, 1, 1, "no YAML specs (*.yaml, *.yml) in this folder")
        elif not is_file(path) and _GLOB_CHARS & set(arg):  # not a folder (above), nor a file: a pattern
            found = list(matching(arg, SPEC_SUFFIXES))
            if not found:
                yield Unchecked(arg, 1, 1, "no YAML spec matches this pattern")
        else:
            found = [path]
        for spec in found:
            if isinstance(spec, InputError):
                if spec.file not in refused:  # a link out, reached by two patterns
                    refused.add(spec.file)
                    yield Unchecked.of(spec)
                continue
            key = _identity(spec)
            if key not in seen:
                seen.add(key)
                yield spec


def _identity(path: Path) -> object:
    """What tells one file from another however it is named: its device and inode (one stat, where resolving
    the path is a system call per folder of it), or where it cannot be read, its resolved path."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return os.path.realpath(path)
    return (status.st_dev, status.st_ino)


class Checker:
    """Checks one spec at a time against a compiled ruleset, with the batch's options.

    Everything it needs is read once, here: the ruleset (and those it extends), the waivers file and a
    JSON baseline. A worker process of ``check_many`` gets a copy of what was read (pickled: the ruleset as
    the raw rules it compiles from), never the paths to read again, so that a file readable once
    (``--waivers /dev/stdin``, ``<(...)``) or changed since serves every process alike."""

    def __init__(self, options: Options, ruleset: Ruleset | None = None) -> None:
        self.options = options
        self._raw: RawRuleset | None = None  # what a worker process compiles its ruleset from
        if ruleset is None:
            self._raw = load_raw(find(options.rules_ref))
            ruleset = compile_ruleset(self._raw)
        self.rule_ids = [r.id for r in ruleset.rules]  # a waiver may name any, checked or not
        self.ruleset = selected(ruleset, options.select, options.ignore)  # SelectorError where one names none
        self.baseline: JsonBaseline | Revision | None = None
        self.waivers: list[WaiverNote] = []
        if options.waivers is not None:
            from checker.evaluate import waivers

            self.waivers = waivers.load_file(options.waivers)
            waivers.check_rules(self.waivers, self.rule_ids)
        if options.baseline is not None:
            from checker.evaluate import baseline

            if baseline.is_json_baseline(options.baseline):
                self.baseline = baseline.JsonBaseline(options.baseline)
            else:
                self.baseline = baseline.git_baseline(options.baseline)

    @property
    def can_be_sent(self) -> bool:
        """Whether a copy can go to a worker process: not for a ruleset compiled elsewhere, whose raw
        rules this checker does not have (compiled rules hold functions, which do not pickle)."""
        return self._raw is not None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["ruleset"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        assert self._raw is not None
        self.ruleset = selected(compile_ruleset(self._raw), self.options.select, self.options.ignore)

    def __call__(self, item: Item) -> Report | Unchecked:
        if isinstance(item, Unchecked):
            return item
        try:
            if isinstance(item, SpecBytes):  # read already (standard input): a baseline knows it by its name
                from checker.read.document import load_bytes

                return self.check_document(load_bytes(item.data, item.name))
            report = self._check_text(None, str(item), item)
            if self.baseline is not None:
                report = self._compare(report, item)
            return report
        except InputError as exc:
            return Unchecked.of(exc)

    def _check_text(self, text: str | None, name: str, path: Path | None = None) -> Report:
        from checker.read.document import parse
        from checker.spec.load import load_spec, validate

        if text is None:
            assert path is not None
            loaded = load_spec(path, name)
        else:
            document = parse(text, name)
            loaded = LoadedSpec(validate(document), document)
        return self.check_loaded(loaded)

    def check_document(self, document: Document, path: Path | None = None) -> Report:
        """The report on a spec already parsed (from text, or data: checker.read.data), compared with the
        baseline where there is one (a git baseline reads the spec at ``path``, else at the document's
        name); InputError where it is not a valid spec."""
        from checker.spec.load import validate

        report = self.check_loaded(LoadedSpec(validate(document), document))
        if self.baseline is not None:
            report = self._compare(report, path or Path(document.file))
        return report

    def dated(self, on: dt.date | None) -> Checker:
        """This checker with another check date (None: the ruleset's event date, else today); nothing is
        read or compiled again."""
        if on == self.options.on:
            return self
        other = object.__new__(Checker)
        other.__dict__.update(self.__dict__)
        other.options = dataclasses.replace(self.options, on=on)
        return other

    def check_loaded(self, loaded: LoadedSpec) -> Report:
        """The report on a loaded spec, its waivers and the batch's applied."""
        from checker.evaluate.findings import evaluate

        report = evaluate(loaded, self.ruleset, self.options.on)
        if loaded.spec.waivers or self.waivers:
            from checker.evaluate import waivers

            own = waivers.from_document(loaded.spec.waivers, loaded.document)
            waivers.check_rules(own, self.rule_ids)
            if self.options.spec_waivers:
                report = waivers.apply(report, own + self.waivers)
            else:
                report = waivers.ignored(waivers.apply(report, self.waivers), own)
        return report

    def _compare(self, report: Report, path: Path) -> Report:
        from checker.evaluate import baseline

        if isinstance(self.baseline, baseline.JsonBaseline):
            return self.baseline.compare(report)
        assert self.baseline is not None
        return baseline.from_git(report, path, self.baseline, self._check_text)


_worker: Checker | None = None
_finish: Callable[[Report | Unchecked], Any] | None = None
_rule_index: dict[int, int] = {}  # id of each rule's RuleInfo in the worker -> its place in the ruleset


def _start_worker(checker: Checker, finish: Callable[[Report | Unchecked], Any] | None) -> None:
    """A worker process's start: the parent's checker (what it read, not where from) and ``finish``."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process: the parent stops the batch
    global _worker, _finish
    _worker, _finish = checker, finish
    _rule_index.update((id(rule.info), i) for i, rule in enumerate(checker.ruleset.rules))


def _check_in_worker(item: Item) -> Any:
    assert _worker is not None
    result = _worker(item)
    if _finish is not None:
        return _finish(result)
    return _packed(result, _rule_index) if isinstance(result, Report) else result


# A report crosses from a worker as (the report without its findings, a row of plain values per finding), its
# findings' rule (the same RuleInfo, shared by every report) as its index in the ruleset: pickling reports
# whole, with the rule's texts in every finding and a Python call per object, took longer than checking them.
_finding_values = operator.attrgetter(*FINDING_FIELDS[1:])  # each worded, when packed
_Packed = tuple[Report, tuple[tuple[Any, ...], ...]]


def _packed(report: Report, rule_index: dict[int, int]) -> _Packed:
    rows = tuple((rule_index.get(id(f.rule), f.rule), *_finding_values(f.worded())) for f in report.findings)
    return dataclasses.replace(report, findings=()), rows


def _unpacked(packed: _Packed, rules: Sequence[RuleInfo]) -> Report:
    shell, rows = packed
    return dataclasses.replace(shell, findings=tuple(_finding(row, rules) for row in rows))


def _finding(row: tuple[Any, ...], rules: Sequence[RuleInfo]) -> Finding:
    """A finding from its row (faster than by keyword: ~47 a spec, in the one process that prints them)."""
    f = object.__new__(Finding)
    (f.rule, f.verdict, f.message, f.path, f.line, f.column, f.measured, f.limit, f.margin, f.derivation,
     f.measured_value, f.limit_value, f.margin_value, f.unit, f.baseline, f.waiver) = row  # fmt: skip
    if isinstance(f.rule, int):
        f.rule = rules[f.rule]
    return f


def job_count(asked: int, specs: int) -> int:
    """How many processes check ``specs`` specs when ``asked`` for: never more than the CPUs this process
    may run on, nor than one per MIN_PER_JOB specs (``--jobs 1000`` on 16 specs: 2, on 2 CPUs)."""
    return max(1, min(asked, available_cpus(), specs // MIN_PER_JOB))


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity: what a container or ``taskset`` leaves it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # no affinity on this system
        return os.cpu_count() or 1


def check_many(items: list[Item], checker: Checker, jobs: int = 1,
               finish: Callable[[Report | Unchecked], Any] | None = None) -> Iterator[Any]:  # fmt: skip
    """Each item checked, in order; with ``jobs`` > 1 and a batch large enough, in worker processes.

    ``finish`` (a picklable function, e.g. a renderer) is applied to each result where it was checked,
    so that a worker sends back what the output needs (a few hundred bytes of text) instead of the
    whole report: with reports crossing between processes, two processes were slower than one."""
    jobs = job_count(jobs, len(items)) if checker.can_be_sent else 1
    if jobs <= 1:
        for item in items:
            result = checker(item)
            yield finish(result) if finish else result
        return
    from concurrent.futures import (
        ProcessPoolExecutor,  # 30 ms of imports a run of one process never needs
    )

    chunk = max(1, min(32, len(items) // (jobs * 4)))  # 32: fewer round trips; small: the last end together
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(checker, finish))
    try:
        results = pool.map(_check_in_worker, items, chunksize=chunk)
        if finish is not None:
            yield from results
        else:
            rules = [rule.info for rule in checker.ruleset.rules]
            for result in results:
                yield result if isinstance(result, Unchecked) else _unpacked(result, rules)
    except BaseException:  # interrupted, or the output failed: drop the specs not yet started
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
