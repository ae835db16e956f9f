"""The HTTP API through Starlette's test client: the same bytes and messages as the CLI."""

import json
import tomllib
from pathlib import Path

import pytest

from starlette.testclient import TestClient  # noqa: E402

from infoview_rules.cli import cli  # noqa: E402
from infoview_rules.web.app import CSP, create_app  # noqa: E402
from infoview_rules.web.limits import MAX_BATCH_ITEMS  # noqa: E402
from test_bad_input import BASE, CASES  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CONTENT_TYPES = {"json": "application/json", "toml": "application/toml", "txt": "text/plain"}
# Cases the schema rejects (the body was read): 422. The rest cannot be read: 400.
SCHEMA_CASES = {"unknown-field", "missing-field", "unknown-value", "value-in-another-case", "unknown-list-value", "wrong-type-list",
                "wrong-type-scalar", "boolean-for-non-yes-no", "wrong-type-in-list", "duplicate-entry",
                "over-long-text", "text-not-string", "null-value", "null-scalar", "toml-missing"}
# Where HTTP words the problem differently from a file, and why.
HTTP_ONLY = {
    "empty-file": (400, "empty request body"),  # a body, not a file
    "blank-file": (400, "empty request body"),
    "unknown-suffix": (415, "unsupported content type 'text/plain' (use application/json or application/toml)"),
    "huge-file": (413, "too large (more than 1048576 bytes)"),
}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def scenario_answers():
    for path in sorted((REPO / "scenarios").glob("*.toml")):
        for case in tomllib.loads(path.read_text())["scenario"]:
            yield case["name"], case["answers"]


ANSWERS = list(scenario_answers())


@pytest.mark.parametrize("answers", [a for _, a in ANSWERS[::3]], ids=[n for n, _ in ANSWERS[::3]])
def test_advise_is_byte_for_byte_the_cli_json(client, runner, tmp_path, answers):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    cli_out = runner.invoke(cli, ["advise", "--json", str(path)])
    assert cli_out.exit_code == 0
    response = client.post("/api/v1/advise", content=path.read_bytes(), headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == cli_out.stdout_bytes


def test_advise_takes_toml_like_the_cli(client, runner):
    path = REPO / "examples" / "hopeful.toml"
    cli_out = runner.invoke(cli, ["advise", "--json", str(path)])
    response = client.post("/api/v1/advise", content=path.read_bytes(), headers={"content-type": "application/toml"})
    assert response.status_code == 200
    assert response.content == cli_out.stdout_bytes
    assert json.loads(response.content)["goal_phrases"]  # the own words were read


def test_advise_names_the_words_that_sounded_like_a_goal_but_were_not_counted(client, runner, tmp_path):
    answers = {**BASE, "job_open": "yes", "goal_text": "I want to put myself forward for their Graduate Engineer "
                                                       "vacancy and ask about the assessment centre."}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    cli_out = runner.invoke(cli, ["advise", "--json", str(path)])
    assert cli_out.exit_code == 0, cli_out.output
    response = client.post("/api/v1/advise", content=path.read_bytes(), headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert response.content == cli_out.stdout_bytes
    assert json.loads(response.content)["goal_phrases_not_counted"] == [
        {"goal": "learn_about_company", "phrase": "ask about the assessment centre", "rule": "learn-about-company"}]


@pytest.mark.parametrize("name,content,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_bad_input_of_the_cli_gets_its_4xx_and_message(client, request, name, content, expected):
    case = request.node.callspec.id
    status, message = HTTP_ONLY.get(case, (422 if case in SCHEMA_CASES else 400, expected.split(": ", 2)[2]))
    assert expected.startswith(f"error: {name}: ")
    response = client.post("/api/v1/advise", content=content,
                           headers={"content-type": CONTENT_TYPES[name.rsplit(".", 1)[1]]})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": message}


def test_json_is_the_default_content_type(client):
    response = client.post("/api/v1/advise", content=json.dumps(BASE), headers={"content-type": ""})
    assert response.status_code == 200
    assert response.json()["classification"] == "unclear"


def jsonl(lines):
    return "".join(line + "\n" for line in lines).encode()


BATCH = [
    json.dumps(BASE),
    "{not json",
    json.dumps({**BASE, "goals": ["get_job"]}),
    json.dumps({**BASE, "meeting_with": "recruter"}),
    "",
    "[1]",
    json.dumps({**BASE, "goal_text": "I want to learn how the team works"}),
]


def test_batch_jsonl_is_byte_for_byte_advise_jsonl(client, runner, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(BATCH) + b'{"x": "' + b"y" * 70_000 + b'"}\n' + jsonl([json.dumps(BASE)]))
    cli_out = runner.invoke(cli, ["advise", "--jsonl", str(path)])
    assert cli_out.exit_code == 1
    response = client.post("/api/v1/advise/batch", content=path.read_bytes(),
                           headers={"content-type": "application/jsonl"})
    assert response.status_code == 200
    assert response.content == cli_out.stdout_bytes
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line.get("line") for line in lines] == [None, 2, None, 4, 5, 6, None, 8, None]
    assert lines[1] == {"line": 2, "error": "invalid JSON at column 2: expected a field name in double quotes"}
    assert response.headers["x-infoview-bad-items"] == "5"


def test_batch_array_keeps_order_and_answers_bad_items_in_place(client):
    items = [BASE, {**BASE, "goals": ["get_job"]}, 7, {**BASE, "job_open": "perhaps"}, {**BASE, "requested_by": "company"}]
    response = client.post("/api/v1/advise/batch", json=items)
    assert response.status_code == 200
    out = response.json()
    assert len(out) == len(items)
    assert [o.get("classification") for o in out] == ["unclear", "job_pitch", None, None, "job"]
    assert out[2] == {"line": 3, "error": "expected a JSON object with the answers, got a number"}
    assert out[3]["line"] == 4 and out[3]["error"].startswith("field 'job_open': unknown value 'perhaps'")
    assert response.headers["x-infoview-bad-items"] == "2"


def test_batch_order_is_kept_for_many_items(client):
    items = [{**BASE, "requested_by": "company" if i % 7 == 0 else "me", "goals": ["judge_fit"] if i % 2 else []}
             for i in range(500)]
    out = client.post("/api/v1/advise/batch", json=items).json()
    expected = ["job" if i % 7 == 0 else "informational" if i % 2 else "unclear" for i in range(500)]
    assert [o["classification"] for o in out] == expected


@pytest.mark.parametrize("body,content_type,status,message", [
    (b"{}", "application/json", 400, "expected a JSON array of answers objects (or JSON Lines as application/jsonl)"),
    (b"[", "application/json", 400, "invalid JSON at the end: expected a value"),
    (b'[{"requested_by": "me"},\n {"job_open" "no"}]', "application/json", 400,
     "invalid JSON at line 2, column 14: expected ':'"),
    (b"a,b", "text/csv", 415, "unsupported content type 'text/csv' (use application/jsonl for JSON Lines, or application/json for an array)"),
], ids=["object-not-array", "invalid-json", "invalid-json-lines", "csv"])
def test_batch_bad_requests(client, body, content_type, status, message):
    response = client.post("/api/v1/advise/batch", content=body, headers={"content-type": content_type})
    assert (response.status_code, response.json()) == (status, {"error": message})


def test_batch_has_an_item_limit(client):
    body = jsonl(["{}"] * (MAX_BATCH_ITEMS + 1))
    response = client.post("/api/v1/advise/batch", content=body, headers={"content-type": "application/jsonl"})
    assert response.status_code == 413
    assert response.json() == {"error": f"too many answers objects (more than {MAX_BATCH_ITEMS} in one batch)"}


def test_body_size_limit_without_content_length(client):
    def chunks():
        for _ in range(20):
            yield b" " * 65536
        yield b"{}"

    response = client.post("/api/v1/advise", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"error": "too large (more than 1048576 bytes)"}


def test_questions_are_the_schema_with_labels(client, advisor):
    doc = client.get("/api/v1/questions").json()
    assert [q["field"] for q in doc["questions"]] == list(advisor.rules.schema.fields)
    goals = next(q for q in doc["questions"] if q["field"] == "goals")
    assert goals["values"][0] == {"value": "learn_about_company", "label": "Learn about the company"}
    assert goals["free_text"] == "goal_text"
    assert next(q for q in doc["questions"] if q["field"] == "goal_text")["max_length"] == 2000
    assert "Trevor Wilson" in doc["source"]["attribution"]


def test_openapi_document_describes_every_api_route(client, advisor):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    api_routes = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/api/")}
    assert set(doc["paths"]) == api_routes
    answers = doc["components"]["schemas"]["Answers"]
    assert answers["required"] == [f.name for f in advisor.rules.schema.fields.values() if f.required]
    assert answers["properties"]["meeting_with"]["enum"] == ["hr", "manager", "recruiter", "other"]
    assert answers["additionalProperties"] is False


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/api/v1/nothing", 404), ("GET", "/api/v1/advise", 405), ("DELETE", "/api/v1/questions", 405),
])
def test_http_errors_are_json(client, method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"error"}


def test_a_bug_is_a_json_500_without_a_traceback(monkeypatch):
    app = create_app()

    def broken(answers, source=None):
        raise ZeroDivisionError("secret detail")

    monkeypatch.setattr(app.state.advisor, "advise", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.post("/api/v1/advise", json=BASE)
    assert response.status_code == 500
    assert response.json() == {"error": "internal error"}
    assert "secret" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("path", ["/", "/api/v1/questions", "/static/style.css"])
def test_every_response_has_the_csp_without_inline_script(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("body,content_type,status,message", [
    (b"a = " + b"[" * 5000 + b"]" * 5000, "application/toml", 400, "invalid TOML: nested too deeply"),
    (json.dumps({**BASE, "goal_text": "learn about the company \ud800"}).encode(), "application/json", 422,
     "field 'goal_text': not valid Unicode text (a lone surrogate)"),
], ids=["deep-toml", "lone-surrogate"])
def test_odd_bodies_are_4xx_not_500(client, body, content_type, status, message):
    response = client.post("/api/v1/advise", content=body, headers={"content-type": content_type})
    assert (response.status_code, response.json()) == (status, {"error": message})


@pytest.mark.parametrize("method,path,body,headers,status", [
    ("POST", "/api/v1/advise", b"[", {"content-type": "application/json"}, 400),
    ("POST", "/api/v1/advise", b"{}", {"content-type": "application/json"}, 422),
    ("POST", "/api/v1/advise", b" " * (2 << 20), {"content-type": "application/json"}, 413),
    ("POST", "/api/v1/advise/batch", b"a,b", {"content-type": "text/csv"}, 415),
    ("GET", "/api/v1/nothing", None, {}, 404),
    ("GET", "/api/v1/advise", None, {}, 405),
], ids=["bad-json", "missing-field", "too-large", "wrong-type", "not-found", "wrong-method"])
def test_every_json_error_is_one_format_byte_for_byte(client, method, path, body, headers, status):
    response = client.request(method, path, content=body, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    message = response.json()["error"]
    assert response.content == json.dumps({"error": message}, ensure_ascii=False, separators=(",", ":")).encode()
