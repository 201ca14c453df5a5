"""Batch caseload audit: check many plans in parallel and summarise them for a team manager."""

from .cli import run_batch_cli

__all__ = ["run_batch_cli"]
