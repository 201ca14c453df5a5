"""Errors as problem+json (RFC 9457). No response or log line ever carries a plan's text."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import PlanError

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("pathway_audit.api")


class Problem(Exception):
    """An error to send as problem+json. `detail` must be plain English and hold no plan text."""

    def __init__(self, status: int, detail: str, *, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.code, self.headers = status, detail, code, headers


def problem_response(status: int, detail: str, *, code: str | None = None, headers: dict[str, str] | None = None,
                     extra: dict | None = None) -> JSONResponse:
    """A problem+json response; `code` is a short stable name a client can act on."""
    body: dict = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if code:
        body["code"] = code
    body.update(extra or {})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


async def _problem(_: Request, exc: Problem) -> Response:
    return problem_response(exc.status, exc.detail, code=exc.code, headers=exc.headers)


async def _plan_error(_: Request, exc: PlanError) -> Response:
    return problem_response(exc.status, exc.message, code=exc.code)


async def _http_error(_: Request, exc: StarletteHTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return problem_response(exc.status_code, detail, headers=getattr(exc, "headers", None))


async def _validation_error(_: Request, exc: RequestValidationError) -> Response:
    """FastAPI's 422, without the `input` and `ctx` it would echo back."""
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in exc.errors()]
    where = ", ".join(".".join(e["loc"]) for e in errors[:5])
    return problem_response(422, f"Some of the request is not valid ({where}).", code="invalid_request",
                            extra={"errors": errors})


async def _unexpected(request: Request, exc: Exception) -> Response:
    """Log only the kind of error and the route: an exception's text could quote a plan."""
    log.error("Unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return problem_response(500, "Something went wrong while checking. The plan was not kept. "
                                 "Try again, and tell your system administrator if it happens again.",
                            code="internal")


def install(app: FastAPI) -> None:
    """Send every error from `app` as problem+json."""
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(PlanError, _plan_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)

    @app.middleware("http")
    async def _catch_all(request: Request, call_next):
        try:
            return await call_next(request)
        except Exception as exc:  # noqa: BLE001 - the last net; logged without its message
            return await _unexpected(request, exc)
