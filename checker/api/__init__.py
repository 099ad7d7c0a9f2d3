"""The Python API behind ``import checker``: a ruleset loaded once checks any number of specs (files, texts or
data already parsed) and renders their reports in any output format.

It wraps the pipeline the CLI runs (checker.pipeline.Checker, the renderers' registry), so that a report and
its rendering are those ``homologate check`` gives for the same input: the CLI's ``check`` loads its ruleset
here and runs its batch (streamed, ``--jobs``) with ``Ruleset.pipeline``. Every refusal is an InputError.

The examples (run by tests/test_api.py from the repository's root) follow on from
``ruleset = checker.load_ruleset()`` and ``report = ruleset.check("specs/defender-d7x-r.yaml")``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from checker.errors import InputError
from checker.report import FailOn, Report, RuleInfo, Run, Unchecked
from checker.ruleset.raw import DEFAULT_RULESET
from checker.text import DEFAULT_WIDTH, clip, did_you_mean, fit_width

if TYPE_CHECKING:
    from checker.pipeline import Checker, Options

Format = Literal["text", "json", "sarif", "junit", "github", "html", "markdown"]


class Ruleset:
    """A ruleset read and compiled once (with those it extends), with the options every check uses.

    Made by ``checker.load_ruleset``. Each ``check`` reads one spec and returns its ``checker.Report``;
    ``render`` turns reports into any output format of ``homologate check``::

        >>> import checker
        >>> ruleset = checker.load_ruleset("dakar-2026-stock")
        >>> ruleset.name, ruleset.version
        ('dakar-2026-stock', '2026')
    """

    def __init__(self, pipeline: Checker) -> None:
        # the pipeline's checker it wraps: what ``homologate check`` runs its batches with (streamed, --jobs);
        # not part of the stable API
        self.pipeline = pipeline

    @property
    def name(self) -> str:
        """The ruleset's name, as reports give it (``dakar-2026-stock``)."""
        return self.pipeline.ruleset.name

    @property
    def title(self) -> str:
        """The ruleset's title."""
        return self.pipeline.ruleset.title

    @property
    def version(self) -> str:
        """The ruleset's version."""
        return self.pipeline.ruleset.version

    @property
    def event_date(self) -> dt.date | None:
        """The date specs are checked on when ``on`` is not given (None: today)."""
        return self.pipeline.ruleset.event_date

    @property
    def rules(self) -> tuple[RuleInfo, ...]:
        """The rules checked (after ``select`` and ``ignore``), in the ruleset's order::

            >>> [r.id for r in checker.load_ruleset(select=["area:fuel"], ignore=["T2-*"]).rules]
            ['STK-FUEL-TANK']
        """
        return tuple(rule.info for rule in self.pipeline.ruleset.rules)

    def check(self, spec: str | os.PathLike[str], *, on: dt.date | None = None) -> Report:
        """The report on the spec file ``spec``, as ``homologate check`` makes it; ``on``: the check date
        (default: the ruleset's event date, else today). InputError where the file cannot be checked::

            >>> report = ruleset.check("specs/defender-d7x-r.yaml", on=datetime.date(2026, 1, 3))
            >>> report.compliant
            True
        """
        result = self.pipeline.dated(on)(Path(spec))
        if isinstance(result, Unchecked):
            raise result.error()
        return result

    def check_text(self, text: str, *, name: str = "<text>", on: dt.date | None = None) -> Report:
        """The report on a spec's YAML ``text``; ``name`` stands for its file in the report and in errors
        (and is where a git baseline finds its earlier version)::

            >>> report = ruleset.check_text(Path("specs/defender-d7x-r.yaml").read_text(), name="d7x.yaml")
            >>> report.spec_file
            'd7x.yaml'
        """
        from checker.read.document import parse

        return self.pipeline.dated(on).check_document(parse(text, name))

    def check_data(self, data: Mapping[str, Any], *, name: str = "<data>", on: dt.date | None = None) -> Report:
        """The report on a spec already parsed: a mapping of plain values (dicts, lists, text, numbers, true
        or false, dates, None), as ``yaml.safe_load`` or ``json.load`` gives it. There is no text to point
        into: each finding's ``line`` and ``column`` are None (its ``path`` says where), and an InputError
        is at 1:1 with the value's path in its message::

            >>> data = yaml.safe_load(Path("specs/defender-d7x-r.yaml").read_text())
            >>> ruleset.check_data(data, name="d7x.yaml").findings[0].line is None
            True
        """
        from checker.read.data import from_data

        return self.pipeline.dated(on).check_document(from_data(data, name))

    @overload
    def render(self, reports: Report | InputError | Iterable[Report | InputError], format: Format = "text", *,
               fail_on: FailOn | str | None = None, strict: bool = False, verbose: bool = False,
               quiet: bool = False, width: int = DEFAULT_WIDTH) -> str: ...

    @overload
    def render(self, reports: Report | InputError | Iterable[Report | InputError], format: Literal["pdf"], *,
               fail_on: FailOn | str | None = None, strict: bool = False, verbose: bool = False,
               quiet: bool = False) -> bytes: ...

    @overload
    def render(self, reports: Report | InputError | Iterable[Report | InputError], format: str, *,
               fail_on: FailOn | str | None = None, strict: bool = False, verbose: bool = False,
               quiet: bool = False, width: int = DEFAULT_WIDTH) -> str | bytes: ...

    def render(self, reports: Report | InputError | Iterable[Report | InputError], format: str = "text", *,
               fail_on: FailOn | str | None = None, strict: bool = False, verbose: bool = False,
               quiet: bool = False, width: int = DEFAULT_WIDTH) -> str | bytes:  # fmt: skip
        """The reports as ``homologate check --format FORMAT -o FILE`` writes them, byte for byte: one of
        text, json, sarif, junit, github, html, markdown (str), or pdf (bytes; needs ``homologate[pdf]``).
        An InputError among them is a spec that could not be checked, listed as the CLI lists it.
        ``fail_on``: what fails the check, as ``--fail-on`` (error, warning or marginal), which the exit status
        and the verdicts the formats write follow; ``strict``: ``fail_on="marginal"``, as ``--strict`` (both,
        meaning different things, are refused); ``verbose`` and ``quiet``: as the text format's ``-v`` and
        ``-q``; ``width``: the characters a line of text fits in (a longer one is wrapped, as ``check`` wraps
        it to ``COLUMNS``; kept within 60 to 400). JUnit, HTML, Markdown and PDF write the time, or
        SOURCE_DATE_EPOCH's::

            >>> sarif = ruleset.render([report], "sarif")
            >>> json.loads(sarif)["version"]
            '2.1.0'
        """
        from checker.render import FORMATS, render

        items = tuple(_item(r) for r in ([reports] if isinstance(reports, (Report, InputError)) else reports))
        level = _fail_on(fail_on, strict)
        run = Run(self.pipeline.ruleset.info(), items, fail_on=level, baseline=self.pipeline.options.baseline)
        if format == "pdf":
            from checker.render import pdf

            if reason := pdf.missing():
                raise InputError("<pdf>", 1, 1, f"cannot write a PDF: {reason}")
            return pdf.render(run)
        if format not in FORMATS:
            raise InputError("<format>", 1, 1, f"expected one of {', '.join([*FORMATS, 'pdf'])}, got {clip(format)}")
        text_options = {"verbose": verbose, "quiet": quiet, "width": fit_width(width)}
        return render(format, run, **(text_options if format == "text" else {}))

    def __repr__(self) -> str:
        return f"<checker.Ruleset {self.name} {self.version}: {len(self.pipeline.ruleset.rules)} rules>"


def _fail_on(given: FailOn | str | None, strict: bool) -> FailOn:
    """render's ``fail_on`` as a FailOn (None: error, or marginal with ``strict``); ``strict`` with another is
    refused, as the CLI refuses --strict with another --fail-on."""
    if given is None:
        return FailOn.MARGINAL if strict else FailOn.ERROR
    words = [str(level) for level in FailOn]
    if given not in words:
        raise InputError("<fail_on>", 1, 1, f"expected one of {', '.join(words)}, got {clip(str(given))}"
                                            f"{did_you_mean(str(given), words)}")  # fmt: skip
    level = FailOn(given)
    if strict and level is not FailOn.MARGINAL:
        raise InputError("<fail_on>", 1, 1, f"strict is fail_on='marginal': give one of them, not strict with {level}")
    return level


def _item(item: Report | InputError) -> Report | Unchecked:
    if isinstance(item, InputError):
        return Unchecked.of(item)
    return item


def load_ruleset(ruleset: str | os.PathLike[str] = DEFAULT_RULESET, *, select: Iterable[str] = (),
                 ignore: Iterable[str] = (), waivers: str | os.PathLike[str] | None = None,
                 spec_waivers: bool = True, baseline: str | None = None) -> Ruleset:  # fmt: skip
    """A bundled ruleset by name (``dakar-2026-stock``, the default) or a ruleset file, read and compiled
    once, with what every check applies: ``select`` and ``ignore`` (rule ids, ``area:NAME``, ``STK-*``, as
    ``--select``/``--ignore``), a ``waivers`` file besides each spec's own waivers (``spec_waivers=False``:
    only those), a ``baseline`` (a git revision or an earlier JSON report: failures already there do not
    count). InputError for a ruleset, waivers file or selector that cannot be used::

        >>> ruleset = checker.load_ruleset("dakar-2026-stock", ignore=["area:fuel"])
        >>> try:
        ...     checker.load_ruleset("dakar-2026-stock", select=["STK-TRACK"])
        ... except checker.InputError as error:
        ...     print(error)
        <select>:1:1: no rule 'STK-TRACK' in dakar-2026-stock (did you mean 'STK-TRACK-REAR'?)
    """
    from checker.pipeline import Options
    from checker.ruleset.select import SelectorError

    try:
        return load(Options(rules_ref=os.fspath(ruleset), baseline=baseline, select=_selectors(select),
                            ignore=_selectors(ignore), waivers=None if waivers is None else os.fspath(waivers),
                            spec_waivers=spec_waivers))  # fmt: skip
    except SelectorError as exc:
        raise InputError(f"<{exc.option}>", 1, 1, str(exc)) from None


def load(options: Options) -> Ruleset:
    """The ruleset of the pipeline's ``options``: what ``load_ruleset`` and the CLI's ``check`` load (a
    selector that names no rule: checker.ruleset.select.SelectorError, which the CLI words as usage)."""
    from checker.pipeline import Checker

    return Ruleset(Checker(options))


def _selectors(values: Iterable[str]) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values)  # one selector given alone, not its letters


def check(spec: str | os.PathLike[str], *, rules: str | os.PathLike[str] = DEFAULT_RULESET,
          on: dt.date | None = None) -> Report:  # fmt: skip
    """One spec file checked against a ruleset (the bundled Dakar 2026 Stock one by default), as
    ``homologate check`` checks it; for many specs, load the ruleset once (``checker.load_ruleset``)::

        >>> checker.check("specs/defender-d7x-r.yaml").compliant
        True
    """
    return load_ruleset(rules).check(spec, on=on)
