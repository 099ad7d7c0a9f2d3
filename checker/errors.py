"""The one error type for input that cannot be checked: a file, a position and what was expected."""

from __future__ import annotations

from collections.abc import Iterable

from checker.text import one_line

MAX_LISTED = 50  # problems of one file listed at most; the rest are counted in one more line


class InputError(Exception):
    """Bad input: a spec, a ruleset or an option that cannot be used.

    Rendered as one line, ``file:line:column: message``, the form editors and CI systems link to.
    ``line`` and ``column`` are 1-based. Where a file holds several problems found at once (every field a
    spec gets wrong), the error is the first of them and ``more`` holds the others, in the order of their
    positions, each its own line (``lines``; ``str`` joins them); see ``every``::

        >>> try:
        ...     checker.load_ruleset().check_text("vehicle: [\\n", name="car.yaml")  # a list never closed
        ... except checker.InputError as error:
        ...     print(error.file, error.line, error.column)
        car.yaml 2 1
    """

    def __init__(self, file: str, line: int, column: int, message: str, *,
                 more: Iterable[InputError] = ()) -> None:  # fmt: skip
        # one short line whatever the input held: a key with a line break must not forge a second error
        # line, a 900,000-character key must not make a 900 KB one
        message, file = one_line(message), one_line(file)
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.more = tuple(more)

    @classmethod
    def every(cls, problems: Iterable[InputError]) -> InputError:
        """One error for several problems (at least one): ordered by position, each listed once, at most
        MAX_LISTED of them; where there were more, a last one at the first problem not listed counts them."""
        distinct: dict[tuple[int, int, str], InputError] = {}
        for problem in problems:  # one problem found twice (two checks of one value) is listed once
            distinct.setdefault((problem.line, problem.column, problem.message), problem)
        ordered = sorted(distinct.values(), key=lambda p: (p.line, p.column))
        if len(ordered) > MAX_LISTED:
            after = ordered[MAX_LISTED]
            left = len(ordered) - MAX_LISTED
            ordered[MAX_LISTED:] = [cls(after.file, after.line, after.column,
                                        f"and {left} more problem{'' if left == 1 else 's'}, from here on")]
        first, *rest = ordered
        return cls(first.file, first.line, first.column, first.message, more=rest)

    def lines(self) -> list[str]:
        """One line a problem: this error's, then those of ``more``."""
        return [f"{p.file}:{p.line}:{p.column}: {p.message}" for p in (self, *self.more)]

    def __str__(self) -> str:
        return "\n".join(self.lines())
