"""The base of a format written spec by spec (checker.render's registry says which formats are), and the
pieces of a JSON document written so (JSON, SARIF)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

from checker.report import FailOn, Report, RulesetInfo, Run, Tally, Unchecked


class Streamed:
    """A format's output in three parts. ``body(items)`` yields each spec's text in order as the specs come
    (``piece``), counting them in ``tally``; ``head()`` and ``tail()`` are the text before and after the
    body, asked for only once the body is exhausted, so that they may hold the totals. ``totals_first``:
    the head holds totals (JSON's summary, SARIF's exit code), so a writer must keep the body aside until
    the end; otherwise the head may be written first (it is the same before and after)."""

    totals_first: ClassVar[bool] = False

    def __init__(self, ruleset: RulesetInfo, *, fail_on: FailOn = FailOn.ERROR, baseline: str | None = None,
                 **_: Any) -> None:  # fmt: skip
        self.ruleset = ruleset
        self.fail_on = fail_on
        self.baseline = baseline
        self.tally = Tally(fail_on)

    @classmethod
    def render(cls, run: Run, **options: Any) -> str:
        """The whole run as one text (what the module's ``render`` returns)."""
        return cls(run.ruleset, fail_on=run.fail_on, baseline=run.baseline, **options).whole(run.items)

    def body(self, items: Iterable[Report | Unchecked]) -> Iterator[str]:
        for item in items:
            if text := self.feed(item):
                yield text

    def feed(self, item: Report | Unchecked) -> str:
        """One spec counted in ``tally``, and its text (``piece``): the body one spec at a time, for a writer
        that feeds several formats from one pass over the specs."""
        self.tally.add(item)
        return self.piece(item)

    def piece(self, item: Report | Unchecked) -> str:
        """One spec's text; ``tally`` has already counted it."""
        raise NotImplementedError

    def head(self) -> str:
        return ""

    def tail(self) -> str:
        return ""

    def whole(self, items: Iterable[Report | Unchecked]) -> str:
        body = "".join(self.body(items))
        return self.head() + body + self.tail()

    def chunks(self, items: Iterable[Report | Unchecked]) -> Iterator[str]:
        """The output in order, for a format whose head holds no totals (see ``totals_first``)."""
        assert not self.totals_first
        yield self.head()
        yield from self.body(items)
        yield self.tail()


class Spliced:
    """A JSON document dumped with one list empty (the last of that ``key``), split around it: ``before``
    ends with the key, ``after`` follows the list. No value can forge the key: in a string, the quote that
    would end it is escaped."""

    def __init__(self, text: str, key: str) -> None:
        at = text.rindex(f'"{key}": []') + len(key) + 4
        self.before, self.after = text[:at], text[at + 2 :]


class Items:
    """The items of a list at ``depth`` (nesting of its items) written one by one as ``json.dumps`` with
    ``indent`` 2 writes the whole list: ``item`` for each, then ``close`` if there were any. ``dump(data, nl)``
    writes an item where ``nl`` (a line break and the item's indentation) says it goes (render.pretty)."""

    def __init__(self, depth: int, dump: Callable[[Any, str], str]) -> None:
        self.indent = "\n" + "  " * depth
        self.dump = dump

    def item(self, data: Any, *, first: bool) -> str:
        return ("[" if first else ",") + self.indent + self.dump(data, self.indent)

    def close(self) -> str:
        return self.indent[:-2] + "]"
