"""The web app: one factory, the API routes and the questionnaire pages.

Stateless: the answers live in the page (hidden fields) and the request; the
server stores none and logs none (the access log has method, path, status and
time only). Several processes can therefore serve it behind any proxy.
"""

import json
import logging
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from . import api
from .limits import SizeLimit

HERE = Path(__file__).resolve().parent
access_log = logging.getLogger("infoview.access")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class AccessLogAndHeaders:
    """Outermost ASGI middleware: security headers on every response, one access
    log line per request (time, method, path, status, duration; never the query
    string, the body or the client's address), and no traceback ever logged."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500
        started = False

        async def send_with_headers(message):
            nonlocal status, started
            if message["type"] == "http.response.start":
                status = message["status"]
                started = True
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
                if not scope["path"].startswith("/static/"):
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as error:  # already answered with a 500 by the app; log the kind only
            access_log.error("internal error: %s", type(error).__name__)
            if not started:
                await JSONResponse({"error": "internal error"}, status_code=500)(scope, receive, send_with_headers)
        finally:
            ms = (time.perf_counter() - start) * 1000
            access_log.info("%s %s %d %.1fms", scope["method"], scope["path"], status, ms)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


async def input_error(request: Request, error: api.HTTPInputError) -> Response:
    return api.error_response(error.status, str(error))


async def http_error(request: Request, error: HTTPException) -> Response:
    if wants_json(request):
        return api.error_response(error.status_code, error.detail)
    from .pages import error_page, render

    if error.status_code == 404:  # a mistyped or old address: say so in words, with the way back
        return render(request, "not_found.html", status=404)
    if error.status_code == 405:  # e.g. /download typed into the address bar: it is a form's button
        return error_page(request, 405, "This address is reached with a button on the questionnaire's pages, "
                                        "not typed in. Please start again.")
    return error_page(request, error.status_code, error.detail)


async def server_error(request: Request, error: Exception) -> Response:
    if wants_json(request):
        return api.error_response(500, "internal error")
    return HTMLResponse("<!doctype html><title>Error</title><p>Something went wrong on our side. "
                        "Your answers were not stored; go back and try again.", status_code=500)


def create_app(rules_dir: str | None = None) -> Starlette:
    """The whole app for one rules folder (default: the shipped rules)."""
    from ..advisor import Advisor
    from . import pages

    app = Starlette(
        routes=[*api.routes, *pages.routes, Mount("/static", StaticFiles(directory=HERE / "static"), name="static")],
        exception_handlers={api.HTTPInputError: input_error, HTTPException: http_error, Exception: server_error},
    )
    # Advice is computed on the event loop's thread (about 0.1 ms each): one
    # Advisor per process, never shared between threads.
    app.state.advisor = Advisor(rules_dir)
    app.state.templates = pages.templates()
    app.add_middleware(SizeLimit)
    app.add_middleware(AccessLogAndHeaders)
    return app


def app_from_env() -> Starlette:
    """For `uvicorn --factory infoview_rules.web.app:app_from_env` (INFOVIEW_RULES picks a rules folder)."""
    import os

    return create_app(os.environ.get("INFOVIEW_RULES") or None)


def log_config() -> dict:
    """uvicorn's logging: our access lines to stderr, uvicorn's own access log off."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(message)s", "datefmt": "%Y-%m-%dT%H:%M:%S%z"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
        "loggers": {
            "infoview.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }
