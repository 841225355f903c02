"""What the loader reports when a data file breaks the contract."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from courtside.errors import ValidationFailed

MAX_PROBLEMS = 50
"""Problems collected before the loader stops reading (the first one leads the message)."""


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (file relative to the data directory, 1-based line) and why."""

    file: str | None
    line: int | None
    reason: str

    def __str__(self) -> str:
        if self.file is None:
            return self.reason
        if self.line is None:
            return f"{self.file}: {self.reason}"
        return f"{self.file} line {self.line}: {self.reason}"


class LoadError(ValidationFailed):
    """A data directory that cannot be loaded; nothing of it was written.

    The message names the first problem's file, line and reason; `details["problems"]`
    lists every problem found (up to `MAX_PROBLEMS`).
    """

    code = "invalid_data"

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("a load error needs at least one problem")
        message = str(problems[0])
        if len(problems) > 1:
            message += f" (and {len(problems) - 1} more problem(s))"
        super().__init__(message, details={"problems": [asdict(p) for p in problems]})
        self.problems = list(problems)

    @property
    def file(self) -> str | None:
        return self.problems[0].file

    @property
    def line(self) -> int | None:
        return self.problems[0].line

    @property
    def reason(self) -> str:
        return self.problems[0].reason


class Problems:
    """Collects problems while files are validated; `raise_if_any` stops the load."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, file: str | None, line: int | None, reason: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(Problem(file, line, reason))

    @property
    def full(self) -> bool:
        return len(self.found) >= MAX_PROBLEMS

    def raise_if_any(self) -> None:
        if self.found:
            raise LoadError(self.found)
