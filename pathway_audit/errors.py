"""Errors a user can see. Messages never contain text from a plan."""

from __future__ import annotations


class PlanError(Exception):
    """A plan could not be read. `message` is plain English and safe to show or log."""

    def __init__(self, message: str, *, code: str = "unreadable", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class RulePackError(Exception):
    """A rule pack is not valid. The message names the file and the rule."""
