"""The OpenAPI document describes every key of every result, with its type.

jsonschema is not a dependency, so `problems` checks the subset of JSON Schema the
document uses, and refuses any keyword it does not know (the document cannot
outgrow the checker unnoticed)."""

import json
import tomllib
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from infoview_rules import advise
from infoview_rules.cli import cli
from infoview_rules.web.app import create_app
from test_advise import HOPEFUL, PITCH, TEXTBOOK

REPO = Path(__file__).resolve().parent.parent
ANNOTATIONS = {"description", "default", "title"}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int}
# own words of each kind a result can answer: read, read as several goals, unread (someone
# else's wish; nothing at all), and words a phrase rule read that the goal model did not count
GOAL_TEXTS = {
    "read": dict(TEXTBOOK, goals=[], goal_text="Honestly I hope to land a position. And to learn about the company."),
    "read-and-ticked": dict(HOPEFUL, goal_text="I want to be remembered if something opens up."),
    "unread-others": dict(TEXTBOOK, goals=[], goal_text="The careers adviser said these meetings can lead to "
                                                        "jobs, but I'm not sure that's what I want."),
    "unread": dict(HOPEFUL, goal_text="Tuesday at ten, in the café by the station."),
    "not-counted": PITCH,
    "empty": dict(TEXTBOOK, goal_text=""),
}


def problems(value, schema, doc, at="$"):
    """Where `value` breaks `schema` (a part of the OpenAPI document `doc`): [] when it holds."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return problems(value, doc["components"]["schemas"][name], doc, at)
    unknown = set(schema) - ANNOTATIONS - {"type", "enum", "properties", "required", "additionalProperties",
                                           "items", "oneOf", "uniqueItems", "maxLength"}
    assert not unknown, f"the checker does not know {sorted(unknown)} (at {at})"
    if "oneOf" in schema:
        held = [s for s in schema["oneOf"] if not problems(value, s, doc, at)]
        return [] if len(held) == 1 else [f"{at}: {len(held)} of oneOf hold for {value!r}"]
    if "type" in schema:
        expected = TYPES[schema["type"]]
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            return [f"{at}: {value!r} is not of type {schema['type']}"]
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: {value!r} is not one of {schema['enum']}")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        found.append(f"{at}: longer than {schema['maxLength']}")
    if isinstance(value, list):
        if schema.get("uniqueItems") and len(set(map(json.dumps, value))) < len(value):
            found.append(f"{at}: items repeat")
        for i, item in enumerate(value):
            found += problems(item, schema.get("items", {}), doc, f"{at}[{i}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{at}: required key {k!r} missing" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            if key in properties:
                found += problems(item, properties[key], doc, f"{at}.{key}")
            elif isinstance(schema.get("additionalProperties"), dict):  # a map: any key, values of one schema
                found += problems(item, schema["additionalProperties"], doc, f"{at}.{key}")
            else:  # stricter than JSON Schema: a key not named is a key code generated from the document loses
                found.append(f"{at}: key {key!r} is not described")
    return found


def keys_described_as_optional(schema):
    return set(schema["properties"]) - set(schema["required"])


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def doc(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def scenario_answers():
    for path in sorted((REPO / "scenarios").glob("*.toml")):
        for case in tomllib.loads(path.read_text())["scenario"]:
            yield case["answers"]


def result_schema(doc):
    return doc["paths"]["/api/v1/advise"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]


def test_every_scenario_result_is_described_by_the_served_document(runner, tmp_path, doc):
    answers = list(scenario_answers()) + list(GOAL_TEXTS.values())
    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in answers))
    result = runner.invoke(cli, ["advise", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    results = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(results) == len(answers) > 50
    for answers_object, one in zip(answers, results):
        assert problems(one, result_schema(doc), doc) == [], answers_object
    # and the schema describes nothing a result never has: every key, at every level, is seen
    seen = {name: set() for name in ("Result", "Finding", "NextStep", "Because")}
    for one in results:
        seen["Result"] |= set(one)
        for finding in one["findings"]:
            seen["Finding"] |= set(finding)
            seen["Because"] |= set(finding["because"])
        for key in ("plan", "suggestions", "questions_to_ask", "checklist"):
            for step in one[key]:
                seen["NextStep"] |= set(step)
                seen["Because"] |= set(step["because"])
    for name in ("Result", "Finding", "NextStep"):
        assert seen[name] == set(doc["components"]["schemas"][name]["properties"]), name
    assert {"goals", "expectations", "job_open", "goal_phrases"} <= seen["Because"]


@pytest.mark.parametrize("name", list(GOAL_TEXTS))
def test_goal_text_results_over_http_are_described(client, doc, name):
    response = client.post("/api/v1/advise", json=GOAL_TEXTS[name])
    assert response.status_code == 200
    result = response.json()
    assert problems(result, result_schema(doc), doc) == []
    assert result == advise(GOAL_TEXTS[name]).to_dict()
    # the keys said to come only with goal_text do, and (but goal_text_unread) always with it
    optional = keys_described_as_optional(doc["components"]["schemas"]["Result"])
    assert optional == {"goal_phrases", "goal_phrases_not_counted", "goal_text_unread"}
    assert {"goal_phrases", "goal_phrases_not_counted"} <= set(result)
    assert ("goal_text_unread" in result) == name.startswith("unread")
    assert "goal_phrases" not in advise(TEXTBOOK).to_dict()


def test_every_key_of_the_result_has_a_description(doc):
    schemas = doc["components"]["schemas"]
    for name in ("Result", "Finding", "NextStep", "Because", "GoalPhrase"):
        for key, prop in schemas[name]["properties"].items():
            if "$ref" not in prop:
                assert prop.get("description", "").strip(), f"{name}.{key}"
    for key in ("goal_phrases", "goal_phrases_not_counted", "goal_text_unread"):
        assert schemas["Result"]["properties"][key]["description"].startswith("Only when goal_text is given")


@pytest.mark.parametrize("change,expected", [
    (lambda r: r.update(extra=1), "$: key 'extra' is not described"),
    (lambda r: r["findings"][0].update(score=0.5), "$.findings[0]: key 'score' is not described"),
    (lambda r: r["plan"][0]["because"].update(mood="calm"), "$.plan[0].because: key 'mood' is not described"),
    (lambda r: r["plan"][0].update(because=[]), "$.plan[0].because: [] is not of type object"),
    (lambda r: r.update(aligned="no"), "$.aligned: 'no' is not of type boolean"),
    (lambda r: r["findings"][0]["because"].update(expectations="job_offer"),
     "$.findings[0].because.expectations: 'job_offer' is not of type array"),
    (lambda r: r.update(goal_phrases=[{"goal": "get_job", "phrase": 1, "rule": "get-job"}]),
     "$.goal_phrases[0].phrase: 1 is not of type string"),
    (lambda r: r.pop("checklist"), "$: required key 'checklist' missing"),
], ids=["extra-key", "extra-finding-key", "extra-because-key", "because-not-object", "boolean-as-string",
        "list-as-string", "phrase-not-string", "missing-key"])
def test_the_check_catches_a_key_or_type_the_document_does_not_describe(doc, change, expected):
    result = advise(HOPEFUL).to_dict()
    assert result["plan"] and result["findings"]
    assert problems(result, result_schema(doc), doc) == []
    change(result)
    assert expected in problems(result, result_schema(doc), doc)
