"""The one error type for input that cannot be checked: a file, a position and what was expected."""

from __future__ import annotations

from checker.text import one_line


class InputError(Exception):
    """Bad input: a spec, a ruleset or an option that cannot be used.

    Rendered as one line, ``file:line:column: message``, the form editors and CI systems link to.
    ``line`` and ``column`` are 1-based::

        >>> try:
        ...     checker.load_ruleset().check_text("vehicle: [\\n", name="car.yaml")  # a list never closed
        ... except checker.InputError as error:
        ...     print(error.file, error.line, error.column)
        car.yaml 2 1
    """

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        # one short line whatever the input held: a key with a line break must not forge a second error
        # line, a 900,000-character key must not make a 900 KB one
        message, file = one_line(message), one_line(file)
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"
