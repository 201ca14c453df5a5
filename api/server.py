"""`pathway-audit serve`: run the API and the web page with uvicorn."""

from __future__ import annotations

import os
import sys

from .settings import PREFIX, Settings, SettingsError


def serve(host: str = "127.0.0.1", port: int = 8000, packs: list[str] | tuple[str, ...] = (), workers: int = 1) -> int:
    """Serve until stopped. Returns 2 if the settings are not valid.

    With more than one worker, each uvicorn process builds its own app from the environment,
    so the rule packs are passed on in PATHWAY_AUDIT_RULES.
    """
    import uvicorn

    from .app import create_app

    try:
        settings = Settings.from_env(packs=packs)
    except SettingsError as exc:
        print(f"pathway-audit: {exc}", file=sys.stderr)
        return 2
    if not settings.api_key_hashes and host not in ("127.0.0.1", "localhost", "::1"):
        print("pathway-audit: no API keys are set (PATHWAY_AUDIT_API_KEYS), so only this machine can check plans.",
              file=sys.stderr)
    if workers > 1:
        os.environ[PREFIX + "RULES"] = os.pathsep.join(settings.packs)
        uvicorn.run("pathway_audit.api.app:create_app", factory=True, workers=workers, host=host, port=port,
                    log_level="info", server_header=False)
    else:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", server_header=False)
    return 0
