"""Settings for the HTTP API, read from environment variables.

API keys are never stored in clear: give the SHA-256 hex digest of each key, for example
``printf %s "$KEY" | sha256sum``.

- ``PATHWAY_AUDIT_API_KEYS``: digests separated by commas or spaces.
- ``PATHWAY_AUDIT_API_KEYS_FILE``: a file with one digest a line (``#`` starts a comment).
- ``PATHWAY_AUDIT_MAX_UPLOAD_BYTES``, ``PATHWAY_AUDIT_MAX_WORDS``, ``PATHWAY_AUDIT_TIMEOUT_SECONDS``.
- ``PATHWAY_AUDIT_RULES``: council rule packs to apply, separated like PATH entries (used when none are passed in).
- ``PATHWAY_AUDIT_ALLOW_ANONYMOUS_LOCALHOST``: ``true`` (default) lets callers on this machine in without a key.
  Turn it off behind a reverse proxy on the same machine, or everyone will look local.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PREFIX = "PATHWAY_AUDIT_"
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_SPLIT = re.compile(r"[\s,]+")


class SettingsError(ValueError):
    """The API settings are not valid. The message names the variable, never a key."""


class Settings(BaseModel):
    """What the API needs to know at start-up."""

    model_config = ConfigDict(frozen=True)

    api_key_hashes: tuple[str, ...] = ()
    max_upload_bytes: int = Field(10 * 1024 * 1024, gt=0, le=50 * 1024 * 1024)
    max_words: int = Field(150_000, gt=0)
    timeout_seconds: float = Field(60.0, gt=0)
    allow_anonymous_localhost: bool = True
    packs: tuple[str, ...] = ()

    @field_validator("api_key_hashes")
    @classmethod
    def _digests(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        value = tuple(v.strip().lower() for v in value)
        if not all(_DIGEST.match(v) for v in value):
            raise ValueError("each API key must be given as a SHA-256 hex digest (64 characters 0-9, a-f)")
        return value

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, packs: tuple[str, ...] | list[str] = ()) -> Settings:
        """Build settings from PATHWAY_AUDIT_* variables; unset ones keep their defaults."""
        env = os.environ if environ is None else environ
        packs = tuple(str(p) for p in packs) or tuple(p for p in env.get(PREFIX + "RULES", "").split(os.pathsep) if p)
        values: dict[str, object] = {"packs": packs,
                                     "api_key_hashes": _key_hashes(env)}
        for name in ("max_upload_bytes", "max_words", "timeout_seconds", "allow_anonymous_localhost"):
            raw = env.get(PREFIX + name.upper())
            if raw is not None and raw.strip():
                values[name] = raw.strip()
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(f"{_env_name(str(e['loc'][0]))}: {e['msg'].removeprefix('Value error, ')}"
                                 for e in exc.errors())
            raise SettingsError(f"The API settings are not valid: {problems}") from None


def _env_name(field: str) -> str:
    if field == "api_key_hashes":
        return f"{PREFIX}API_KEYS or {PREFIX}API_KEYS_FILE"
    return PREFIX + field.upper()


def _key_hashes(env: Mapping[str, str]) -> tuple[str, ...]:
    hashes = [h for h in _SPLIT.split(env.get(PREFIX + "API_KEYS", "")) if h]
    path = env.get(PREFIX + "API_KEYS_FILE")
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise SettingsError(f"Cannot read {PREFIX}API_KEYS_FILE ({path}): {exc.strerror}.") from None
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                hashes.append(line)
    return tuple(hashes)
