"""A batch of specs: files, folders and glob patterns in; one report (or one refusal) per spec out, in order.

``check_many`` yields results in the order the specs were named whether it runs in this process or
in a pool of worker processes (``jobs``); each worker loads and compiles the ruleset once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.read.files import files_below, is_dir, is_file, matching
from checker.report import Report, Unchecked, WaiverNote
from checker.ruleset.compile import load_ruleset
from checker.ruleset.model import Ruleset
from checker.ruleset.raw import DEFAULT_RULESET
from checker.spec.load import LoadedSpec

if TYPE_CHECKING:  # imported where used: a plain check reads no baseline and starts no git
    from checker.evaluate.baseline import JsonBaseline
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


def collect(args: Iterable[str]) -> Iterator[Path | Unchecked]:
    """The spec files named: folders expanded to every *.yaml / *.yml below them (hidden folders such as
    .git or .venv skipped), glob patterns expanded (``**`` for any depth), each sorted; a spec named more
    than once is checked once, where first named; a folder or pattern that yields nothing is a refusal
    in its place."""
    seen: set[Path] = set()
    refused: set[str] = set()
    for arg in args:
        path = Path(arg)
        found: list[Path | InputError]
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
                    yield Unchecked(spec.file, spec.line, spec.column, spec.message)
                continue
            key = spec.resolve()
            if key not in seen:
                seen.add(key)
                yield spec


def check(spec: str | Path, *, rules: str = DEFAULT_RULESET, on: dt.date | None = None,
          waivers: str | None = None) -> Report:  # fmt: skip
    """One spec file checked as ``homologate check`` checks it (its own waivers and those of ``waivers``
    applied); bad input raises InputError. For many specs, make one Checker and call it on each."""
    result = Checker(Options(rules, on, waivers=waivers))(Path(spec))
    if isinstance(result, Unchecked):
        raise InputError(result.file, result.line, result.column, result.message)
    return result


class Checker:
    """Checks one spec at a time against a compiled ruleset, with the batch's options."""

    def __init__(self, options: Options, ruleset: Ruleset | None = None) -> None:
        self.options = options
        self.ruleset = ruleset or load_ruleset(options.rules_ref)
        self.baseline: JsonBaseline | Revision | None = None
        self.rule_ids = [r.id for r in self.ruleset.rules]
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

    def __call__(self, item: Path | Unchecked) -> Report | Unchecked:
        if isinstance(item, Unchecked):
            return item
        try:
            report = self._check_text(None, str(item), item)
            if self.baseline is not None:
                report = self._compare(report, item)
            return report
        except InputError as exc:
            return Unchecked(exc.file, exc.line, exc.column, exc.message)

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

    def check_loaded(self, loaded: LoadedSpec) -> Report:
        """The report on a loaded spec, its waivers and the batch's applied."""
        from checker.evaluate.findings import evaluate

        report = evaluate(loaded, self.ruleset, self.options.on)
        if loaded.spec.waivers or self.waivers:
            from checker.evaluate import waivers

            own = waivers.from_document(loaded.spec.waivers, loaded.document)
            waivers.check_rules(own, self.rule_ids)
            report = waivers.apply(report, own + self.waivers)
        return report

    def _compare(self, report: Report, path: Path) -> Report:
        from checker.evaluate import baseline

        if isinstance(self.baseline, baseline.JsonBaseline):
            return self.baseline.compare(report)
        assert self.baseline is not None
        return baseline.from_git(report, path, self.baseline, self._check_text)


_worker: Checker | None = None
_finish: Callable[[Report | Unchecked], Any] | None = None


def _start_worker(options: Options, finish: Callable[[Report | Unchecked], Any] | None) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process: the parent stops the batch
    global _worker, _finish
    _worker, _finish = Checker(options), finish


def _check_in_worker(item: Path | Unchecked) -> Any:
    assert _worker is not None
    result = _worker(item)
    return _finish(result) if _finish else result


def check_many(items: list[Path | Unchecked], checker: Checker, jobs: int = 1,
               finish: Callable[[Report | Unchecked], Any] | None = None) -> Iterator[Any]:  # fmt: skip
    """Each item checked, in order; with ``jobs`` > 1 and a batch large enough, in worker processes.

    ``finish`` (a picklable function, e.g. a renderer) is applied to each result where it was checked,
    so that a worker sends back what the output needs (a few hundred bytes of text) instead of the
    whole report: with reports crossing between processes, two processes were slower than one."""
    jobs = min(jobs, len(items) // MIN_PER_JOB)
    if jobs <= 1:
        for item in items:
            result = checker(item)
            yield finish(result) if finish else result
        return
    from concurrent.futures import (
        ProcessPoolExecutor,  # 30 ms of imports a run of one process never needs
    )

    chunk = max(1, min(64, len(items) // (jobs * 4)))
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(checker.options, finish))
    try:
        yield from pool.map(_check_in_worker, items, chunksize=chunk)
    except BaseException:  # interrupted, or the output failed: drop the specs not yet started
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
