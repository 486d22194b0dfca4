"""Errors the engine raises; each message is one line a person can act on."""

from __future__ import annotations


class PolicyError(Exception):
    """Base class: a request the engine cannot answer, said in one line."""


class PackError(PolicyError):
    """A policy pack that cannot be loaded: names the file, the key and the problem."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {problem}")


class UnknownAuthority(PolicyError):
    def __init__(self, authority: str, known: list[str]) -> None:
        super().__init__(f"unknown authority {authority!r} (known: {', '.join(known)})")


class UnknownPanel(PolicyError):
    def __init__(self, panel: str, authority: str, known: list[str]) -> None:
        super().__init__(
            f"unknown panel {panel!r} for authority {authority!r} (known: {', '.join(known)})"
        )


class InvalidReferral(PolicyError):
    """A referral given to routing that is malformed: names the field and the value."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")
