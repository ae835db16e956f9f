"""Running the app on uvicorn (a production ASGI server), for `infoview serve`."""

import os
import socket
import sys
import threading
import webbrowser

import click
import uvicorn

from ..errors import InfoviewError
from .app import log_config


def check_port(host: str, port: int) -> int:
    """The port to listen on (a free one for 0); a clear error now for a port that is
    taken, rather than a log line from the server."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InfoviewError(f"{host}:{port}: cannot listen there: {error.strerror or error}"
                                + (" (try another --port)" if error.errno == 98 else "")) from None
        return probe.getsockname()[1]


def open_in_browser(url: str) -> None:
    """Open the page in the person's browser; where none opens (no browser, no display,
    an error), say so on stderr with the URL, so they are not left waiting for a window."""
    try:
        opened = webbrowser.open(url)
    except Exception:  # webbrowser raises whatever the launcher raises
        opened = False
    if not opened:
        click.echo(f"No browser could be opened here: open {url} in your browser yourself.", err=True)


def run(host: str, port: int, open_browser: bool, workers: int, rules_dir: str | None) -> None:
    port = check_port(host, port)
    if rules_dir:
        os.environ["INFOVIEW_RULES"] = os.path.abspath(rules_dir)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    click.echo(f"infoview is serving the questionnaire at {url} (API: {url}api/v1/openapi.json). Ctrl-C stops it.")
    sys.stdout.flush()
    if open_browser:
        threading.Timer(1.0, open_in_browser, [url]).start()
    uvicorn.run("infoview_rules.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_config=log_config(), access_log=False, server_header=False, proxy_headers=False)
