"""The OpenAPI document of the HTTP API, built from the rules' own answers schema."""

from ..guidance import PLAN_LIMIT
from .limits import MAX_BATCH_ITEMS, MAX_BODY_BYTES


def answers_schema(rules) -> dict:
    properties = {}
    required = []
    for q in rules.questions:
        field = rules.schema.fields[q.field]
        prop = _answer_value(field)  # as given back; as given, also:
        if field.type == "choice":
            if field.is_yes_no:
                prop = {"oneOf": [prop, {"type": "boolean"}]}
        elif field.type == "multi":
            prop.update(uniqueItems=True, default=[])
        else:
            prop["maxLength"] = field.max_length
        prop["description"] = q.text
        properties[q.field] = prop
        if field.required:
            required.append(q.field)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


# Every key a result can have, at every level, is described below: a result holding a key these
# schemas do not name (additionalProperties is false throughout) or a value of another type fails
# tests/test_openapi.py, so code generated from this document loses nothing.
ONLY_WITH_GOAL_TEXT = "Only when goal_text is given. "
GOAL_PHRASE = {
    "type": "object", "required": ["goal", "phrase", "rule"], "additionalProperties": False,
    "description": "Words of goal_text a phrase rule reads as a goal.",
    "properties": {
        "goal": {"type": "string", "description": "The goal the words sound like (a value of `goals`)."},
        "phrase": {"type": "string", "description": "The words, as the person wrote them."},
        "rule": {"type": "string", "description": "The id of the phrase rule (rules/phrases.toml) that matched."},
    },
}


def _answer_value(field) -> dict:
    """The JSON type of one normalized answer (yes/no answered as booleans are given back as "yes"/"no")."""
    if field.type == "choice":
        return {"type": "string", "enum": list(field.values)}
    if field.type == "multi":
        return {"type": "array", "items": {"type": "string", "enum": list(field.values)}}
    return {"type": "string"}


def because_schema(rules) -> dict:
    properties = {}
    for q in rules.questions:
        field = rules.schema.fields[q.field]
        properties[q.field] = dict(_answer_value(field), description=(
            f"The items of this answer the rule tests for (in the order given): {q.text}" if field.type == "multi"
            else f"The answer given: {q.text}"))
    properties["goal_phrases"] = {
        "type": "object", "additionalProperties": {"type": "string"},
        "description": "Goal -> the words of goal_text it was read from, for goals above that were read "
                       "rather than ticked. " + ONLY_WITH_GOAL_TEXT.strip(),
    }
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "description": "The answers that made the rule fire: field -> the answer, or for a list the items "
                           "it tested for. An answer the rule tests only by its absence, or the kind of "
                           "meeting alone, is not named (then this object may be empty)."}


def finding_schema(rules) -> dict:
    return {"type": "object", "additionalProperties": False,
            "required": ["id", "kind", "message", "quote", "because", "cites", "quoted", "source"],
            "description": "One mismatch, caution, tip or strength, citing the article.",
            "properties": {
                "id": {"type": "string", "enum": [f.id for f in rules.findings], "description": "The finding rule's id."},
                "kind": {"type": "string", "enum": ["mismatch", "caution", "tip", "strength"],
                         "description": "mismatch (makes `aligned` false), caution, tip or strength."},
                "message": {"type": "string", "description": "What the finding says to the person."},
                "quote": {"type": "string", "description": "The passage of the article it rests on, word for word."},
                "because": {"$ref": "#/components/schemas/Because"},
                "cites": {"type": "array", "items": {"type": "string"},
                          "description": "The ids of the article's passages it cites."},
                "quoted": {"type": "string", "description": "The id of the passage `quote` is taken from."},
                "source": {"type": "string", "enum": ["article"], "description": "Where the advice comes from."},
            }}


def next_step_schema(rules) -> dict:
    guidance = rules.guidance
    serves = list(rules.schema.fields["goals"].values) + ["job_interview"]
    return {"type": "object", "additionalProperties": False, "required": ["id", "text", "source", "because"],
            "description": "One item of what to do next (a plan step, suggestion, question to ask or checklist "
                           "item), chosen by the rules.",
            "properties": {
                "id": {"type": "string", "enum": sorted({r.id for r in guidance.rules() if r.family != "draft"}) if guidance else [],
                       "description": "The guidance rule's id."},
                "text": {"type": "string", "description": "What to do, or the question to ask, in plain words."},
                "source": {"type": "string", "enum": ["article", "infoview"],
                           "description": "article: rests on the article (then cites, quoted and quote are given); "
                                          "infoview: the project's own advice."},
                "cites": {"type": "array", "items": {"type": "string"},
                          "description": "Only when source is article. The ids of the article's passages it cites."},
                "quoted": {"type": "string", "description": "Only when source is article. The id of the passage quoted."},
                "quote": {"type": "string", "description": "Only when source is article. The passage, word for word."},
                "serves": {"type": "array", "items": {"type": "string", "enum": serves},
                           "description": "Questions to ask only: the goals (or job_interview) the question serves."},
                "because": {"$ref": "#/components/schemas/Because"},
            }}


def result_schema(rules) -> dict:
    steps = {"type": "array", "items": {"$ref": "#/components/schemas/NextStep"}}
    phrases = {"type": "array", "items": {"$ref": "#/components/schemas/GoalPhrase"}}
    return {"type": "object", "additionalProperties": False,
            "required": ["classification", "aligned", "goals", "findings", "plan", "suggestions",
                         "questions_to_ask", "checklist"],
            "description": "What the meeting is, every mismatch, and what to do (`infoview advise --json`).",
            "properties": {
                "classification": {"type": "string", "enum": [c.id for c in rules.classifications],
                                   "description": "What the meeting really is."},
                "aligned": {"type": "boolean", "description": "False when any finding is a mismatch."},
                "goals": {"type": "array", "items": {"type": "string", "enum": list(rules.schema.fields["goals"].values)},
                          "description": "The goals ticked and the goals read from goal_text, in the questions' order."},
                "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"},
                             "description": "Mismatches first, then cautions, tips and strengths."},
                "goal_phrases": dict(phrases, description=ONLY_WITH_GOAL_TEXT + "The words of goal_text read as goals."),
                "goal_phrases_not_counted": dict(phrases, description=ONLY_WITH_GOAL_TEXT + (
                    "Words a phrase rule took for a goal that the goal model weighed against, for goals "
                    "neither read nor ticked: show them so a person who meant one can tick it.")),
                "goal_text_unread": {"type": "string", "description": (
                    "Only when goal_text is given and no goal could be read from it: a note saying so, naming "
                    "the words, for the caller to show.")},
                "plan": dict(steps, description=f"What to do, most important first (at most {PLAN_LIMIT} steps)."),
                "suggestions": dict(steps, description="More advice for this meeting."),
                "questions_to_ask": dict(steps, description="Questions worth asking in the meeting."),
                "checklist": dict(steps, description="Things to have ready or do on the day."),
            }}


def document(rules) -> dict:
    error = {"$ref": "#/components/schemas/Error"}
    errors = {
        "400": {"description": "The body is not a readable answers object.", "content": {"application/json": {"schema": error}}},
        "413": {"description": f"The body is larger than {MAX_BODY_BYTES} bytes.", "content": {"application/json": {"schema": error}}},
        "415": {"description": "Unsupported content type.", "content": {"application/json": {"schema": error}}},
        "422": {"description": "The answers break the contract (unknown field or value, wrong type, ...).",
                "content": {"application/json": {"schema": error}}},
    }
    result_or_error = {"oneOf": [{"$ref": "#/components/schemas/Result"}, {"$ref": "#/components/schemas/ItemError"}]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "infoview",
            "version": "1",
            "description": "Is your \"informational interview\" really one? Answers about a meeting in; what the "
                           "meeting is, every mismatch, and advice citing " + rules.source.attribution() + " out.",
        },
        "paths": {
            "/api/v1/advise": {"post": {
                "summary": "Advise on one answers object (the same bytes as `infoview advise --json`).",
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Answers"}},
                    "application/toml": {"schema": {"type": "string"}},
                }},
                "responses": {"200": {"description": "The result.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Result"}}}}, **errors},
            }},
            "/api/v1/advise/batch": {"post": {
                "summary": f"Advise on up to {MAX_BATCH_ITEMS} answers objects, in order (as `infoview advise --jsonl`).",
                "description": "A bad item is answered in its place by {\"line\": N, \"error\": \"...\"} (N counts "
                               "from 1) and the rest go on. The header X-Infoview-Bad-Items counts them.",
                "requestBody": {"required": True, "content": {
                    "application/jsonl": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Answers"}}},
                }},
                "responses": {"200": {"description": "One result or item error per answers object, in order.",
                                      "content": {"application/jsonl": {"schema": {"type": "string"}},
                                                  "application/json": {"schema": {"type": "array", "items": result_or_error}}}},
                              **{k: v for k, v in errors.items() if k != "422"}},
            }},
            "/api/v1/questions": {"get": {
                "summary": "The questions, in the order they are asked: fields, allowed values, labels and help.",
                "responses": {"200": {"description": "The questions.", "content": {"application/json": {
                    "schema": {"type": "object"}}}}},
            }},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document.",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": {
            "Answers": answers_schema(rules),
            "Finding": finding_schema(rules),
            "NextStep": next_step_schema(rules),
            "GoalPhrase": GOAL_PHRASE,
            "Because": because_schema(rules),
            "Result": result_schema(rules),
            "ItemError": {"type": "object", "required": ["line", "error"],
                          "properties": {"line": {"type": "integer"}, "error": {"type": "string"}}},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        }},
    }
