"""The one error type for bad input data.

Every reader raises :class:`DataError` naming the file, and the row and column (or sheet /
field) where it can, so that the person who gets it can open the file and find the cell.
The CLI prints it as one paragraph and exits with status 2; nothing is half-loaded
because datasets are only assembled after every file has been read.
"""

from __future__ import annotations


class ChooserError(Exception):
    """Base for errors the CLI reports as a paragraph instead of a traceback."""

    exit_code = 2


class DataError(ChooserError):
    """A source file (or a field in one) cannot be used as it is."""

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        letter: str | None = None,
        sheet: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.row = row
        self.column = column
        self.letter = letter
        self.sheet = sheet
        self.hint = hint
        super().__init__(self.paragraph())

    def where(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f'sheet "{self.sheet}"')
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            col = f'column "{self.column}"'
            parts.append(f"{col} ({self.letter})" if self.letter else col)
        return ", ".join(parts)

    def paragraph(self) -> str:
        text = f"{self.where()}: {self.problem}"
        if not text.endswith("."):
            text += "."
        if self.hint:
            hint = self.hint.rstrip(".")
            text += " " + hint[:1].upper() + hint[1:] + "."
        return text


class UsageError(ChooserError):
    """The command line asks for something that cannot be done (unknown area, …)."""
