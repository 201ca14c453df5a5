"""The FastAPI app: checks, rules, health, OpenAPI docs and the web page for personal advisers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from ..auditor import Auditor
from ..ingest import Limits
from ..report import JsonPlan
from . import batches, catalogue, checks, problems
from .security import require_client
from .settings import Settings
from .uploads import describe_size

HERE = Path(__file__).resolve().parent
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(settings: Settings | None = None, auditor: Auditor | None = None) -> FastAPI:
    """Build the app. The Auditor is built once at start-up unless one is given (tests share one)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.auditor = auditor or Auditor(
            settings.packs, limits=Limits(max_bytes=settings.max_upload_bytes, max_words=settings.max_words))
        app.state.checks = checks.CheckRunner(app.state.auditor, settings.timeout_seconds)
        try:
            yield
        finally:
            app.state.checks.close()
            app.state.auditor = None

    app = FastAPI(title="pathway-audit", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Checks care leavers' pathway plans against what the law and Ofsted inspectors "
                              "expect. Errors are problem+json (RFC 9457). Nothing of a plan is kept.")
    app.state.settings = settings
    app.state.auditor = None
    problems.install(app)
    app.include_router(checks.router)
    app.include_router(catalogue.router)
    app.include_router(batches.router, dependencies=[Depends(require_client)])
    _add_health(app)
    _add_docs(app)
    _add_page(app, settings)
    app.openapi = lambda: _openapi(app)
    return app


def _add_health(app: FastAPI) -> None:
    @app.get("/healthz", tags=["health"], summary="The server is up")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], summary="The rules and language pipeline are loaded")
    def readyz(request: Request) -> dict[str, str]:
        auditor = request.app.state.auditor
        if auditor is None:
            raise problems.Problem(503, "The checker is still starting.", code="not_ready")
        return {"status": "ready", "ruleset": auditor.ruleset.name, "version": auditor.ruleset.version}


def _add_docs(app: FastAPI) -> None:
    """Interactive API docs at /docs, with Swagger UI served from this server (no CDN, works offline)."""
    import swagger_ui

    app.mount("/docs-assets", StaticFiles(directory=Path(swagger_ui.__file__).parent / "static"), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="pathway-audit API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")


def _add_page(app: FastAPI, settings: Settings) -> None:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    page = env.get_template("index.html").render(version=__version__, max_size=describe_size(settings.max_upload_bytes))
    report_css = files("pathway_audit.render").joinpath("templates/report.css").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page, headers=PAGE_HEADERS)

    @app.get("/assets/report.css", include_in_schema=False)
    def report_style() -> Response:
        return Response(report_css, media_type="text/css", headers=PAGE_HEADERS)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def _openapi(app: FastAPI) -> dict:
    """FastAPI's schema, plus the JSON plan that POST /v1/checks accepts."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        plan = JsonPlan.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(plan.pop("$defs", {}))
        components["JsonPlan"] = plan
        app.openapi_schema = schema
    return app.openapi_schema
