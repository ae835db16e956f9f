"""The OpenAPI document of the HTTP API, built from the rules' own answers schema."""

from .limits import MAX_BATCH_ITEMS, MAX_BODY_BYTES


def answers_schema(rules) -> dict:
    properties = {}
    required = []
    for q in rules.questions:
        field = rules.schema.fields[q.field]
        if field.type == "choice":
            prop = {"type": "string", "enum": list(field.values)}
            if field.is_yes_no:
                prop = {"oneOf": [prop, {"type": "boolean"}]}
        elif field.type == "multi":
            prop = {"type": "array", "items": {"type": "string", "enum": list(field.values)}, "uniqueItems": True,
                    "default": []}
        else:
            prop = {"type": "string", "maxLength": field.max_length}
        prop["description"] = q.text
        properties[q.field] = prop
        if field.required:
            required.append(q.field)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


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
            "Finding": {"type": "object", "required": ["id", "kind", "message", "quote", "because"], "properties": {
                "id": {"type": "string"}, "kind": {"type": "string", "enum": ["mismatch", "caution", "tip", "strength"]},
                "message": {"type": "string"}, "quote": {"type": "string"}, "because": {"type": "object"},
            }},
            "Result": {"type": "object", "required": ["classification", "aligned", "goals", "findings"], "properties": {
                "classification": {"type": "string", "enum": [c.id for c in rules.classifications]},
                "aligned": {"type": "boolean"},
                "goals": {"type": "array", "items": {"type": "string"}},
                "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
            }},
            "ItemError": {"type": "object", "required": ["line", "error"],
                          "properties": {"line": {"type": "integer"}, "error": {"type": "string"}}},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        }},
    }
