"""Who may call the API: machine clients with a key, and (if allowed) people on this machine."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from .problems import Problem

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="An API key from your system administrator.")
bearer = HTTPBearer(auto_error=False, description="The same API key, sent as a bearer token.")


def hash_key(key: str) -> str:
    """The SHA-256 hex digest that settings hold for a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_matches(key: str, hashes: tuple[str, ...]) -> bool:
    """Compare the key's digest with every stored digest in constant time."""
    digest = hash_key(key).encode("ascii")
    found = False
    for stored in hashes:
        found |= hmac.compare_digest(digest, stored.encode("ascii"))
    return found


def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_client(request: Request, api_key: str | None = Security(api_key_header),
                   token: HTTPAuthorizationCredentials | None = Security(bearer)) -> str:
    """A dependency: return 'key' or 'localhost' for an allowed caller, else raise a 401 problem."""
    settings = request.app.state.settings
    key = api_key or (token.credentials if token else None)
    if key is not None:
        if key_matches(key, settings.api_key_hashes):
            return "key"
        raise Problem(401, "The API key is not right. Check it with your system administrator.",
                      code="bad_key", headers={"WWW-Authenticate": "Bearer"})
    if settings.allow_anonymous_localhost and is_loopback(request.client.host if request.client else None):
        return "localhost"
    raise Problem(401, "Send an API key in the X-API-Key header. Ask your system administrator for one.",
                  code="no_key", headers={"WWW-Authenticate": "Bearer"})
