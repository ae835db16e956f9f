"""`infoview serve` as a person starts it: a real uvicorn process."""

import json
import re
import socket
import subprocess
import time
import sys
import urllib.error
import urllib.parse
import urllib.request
import webbrowser

import pytest

from infoview_rules.cli import cli
from test_bad_input import BASE
from webserver import INFOVIEW, free_port, running_server

SECRET = "my secret plan to learn about the company zebra-4471"
ACCESS_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} (GET|POST) (/\S*) (\d{3}) \d+\.\dms$")


def post(url, body, content_type="application/json"):
    request = urllib.request.Request(url, data=body, headers={"content-type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_prints_the_url_and_logs_no_answers():
    with running_server() as server:
        status, body = post(server.url + "api/v1/advise", json.dumps({**BASE, "goal_text": SECRET}).encode())
        assert status == 200 and json.loads(body)["goals"] == ["learn_about_company"]
        status, _ = post(server.url + "api/v1/advise?goal_text=" + SECRET.replace(" ", "+"), b'{"x": 1}')
        assert status == 422
        form = urllib.parse.urlencode({"action": "answer", "field": "goals", "own_words": SECRET,
                                       "state": json.dumps({"answers": {"requested_by": "me", "in_hiring_process": "no"},
                                                            "history": ["requested_by", "in_hiring_process"]})})
        status, page = post(server.url + "step", form.encode(), "application/x-www-form-urlencoded")
        assert status == 200 and b"zebra-4471" in page  # shown back to the person, and nowhere else
        time.sleep(0.3)
        log = server.log()
    assert f"serving the questionnaire at {server.url}" in log
    assert "zebra" not in log and "goal_text" not in log and "learn about" not in log
    access = [m.groups() for m in map(ACCESS_LINE.match, log.splitlines()) if m]
    assert ("GET", "/", "200") in access
    assert ("POST", "/api/v1/advise", "200") in access
    assert ("POST", "/api/v1/advise", "422") in access  # the path only: no query string
    assert ("POST", "/step", "200") in access
    assert "127.0.0.1:" not in "\n".join(line for line in log.splitlines() if ACCESS_LINE.match(line))


def test_serve_with_several_workers_answers():
    with running_server("--workers", "2") as server:
        statuses = [post(server.url + "api/v1/advise", json.dumps(BASE).encode())[0] for _ in range(10)]
    assert statuses == [200] * 10


def test_a_taken_port_is_one_error_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([INFOVIEW, "serve", "--port", str(port)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert result.stderr == f"error: 127.0.0.1:{port}: cannot listen there: Address already in use (try another --port)\n"


def test_without_the_web_extra_serve_says_what_to_install(runner, monkeypatch):
    import infoview_rules.web as web

    monkeypatch.setattr(web, "missing_packages", lambda: ["starlette"])
    result = runner.invoke(cli, ["serve", "--port", str(free_port())])
    assert result.exit_code == 2
    assert result.stderr == "error: infoview serve needs the web extra: in your clone of infoview, pip install -e '.[web]'\n"


def test_advise_does_not_import_the_web_stack(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(BASE))
    code = ("import sys; from infoview_rules.cli import main; sys.argv = ['infoview', 'advise', %r]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2', 'multipart')))"
            % str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_open_starts_the_browser_on_the_url(monkeypatch):
    import threading

    import infoview_rules.web.serve as serve

    opened, served = threading.Event(), {}
    monkeypatch.setattr(serve.webbrowser, "open", lambda url: (served.setdefault("url", url), opened.set()))
    monkeypatch.setattr(serve.uvicorn, "run", lambda *args, **kwargs: served.setdefault("kwargs", kwargs))
    port = free_port()
    serve.run("127.0.0.1", port, True, 1, None)
    assert opened.wait(10)
    assert served["url"] == f"http://127.0.0.1:{port}/"
    assert served["kwargs"]["access_log"] is False and served["kwargs"]["port"] == port


def browser_fails(how):
    def open_(url):
        if how == "raises":
            raise webbrowser.Error("could not locate runnable browser")
        return False
    return open_


@pytest.mark.parametrize("how", ["returns-false", "raises"])
def test_open_without_a_browser_says_to_open_the_url_yourself(monkeypatch, capsys, how):
    import infoview_rules.web.serve as serve

    monkeypatch.setattr(serve.webbrowser, "open", browser_fails(how))
    serve.open_in_browser("http://127.0.0.1:8123/")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "No browser could be opened here: open http://127.0.0.1:8123/ in your browser yourself.\n"


def test_open_says_nothing_more_when_the_browser_opens(monkeypatch, capsys):
    import infoview_rules.web.serve as serve

    monkeypatch.setattr(serve.webbrowser, "open", lambda url: True)
    serve.open_in_browser("http://127.0.0.1:8123/")
    assert capsys.readouterr() == ("", "")
