"""The HTTP API: the same answers, validation and results as `infoview advise`.

    POST /api/v1/advise        one answers object (JSON or TOML) -> the result JSON
    POST /api/v1/advise/batch  JSON Lines -> JSON Lines, or a JSON array -> a JSON array
    GET  /api/v1/questions     the questions: fields, values, labels, help
    GET  /api/v1/openapi.json  the OpenAPI document

Errors are JSON objects {"error": "..."} with a 4xx status and the same message
as the command line gives (without the file name in front).
"""

import asyncio
import io
import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import reading
from ..errors import InputError
from ..reading import _decode, _duplicate_keys_rejected, _no_constants, parse_line, raw_lines
from ..stream import result_line
from .limits import MAX_BATCH_ITEMS

JSON_TYPES = ("application/json", "")
TOML_TYPES = ("application/toml", "text/toml", "application/x-toml")
JSONL_TYPES = ("application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/json-lines",
               "application/jsonlines")
YIELD_EVERY = 100  # batch lines advised between two turns of the event loop


class HTTPInputError(InputError):
    """Bad input with its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_answers(raw: bytes, kind: str, empty: str = "empty request body") -> dict:
    """The answers object in a request body or uploaded file ('json' or 'toml')."""
    return reading.parse_answers(raw, kind, empty)


def unsupported(kind: str, allowed: str) -> HTTPInputError:
    return HTTPInputError(415, f"unsupported content type '{kind}' (use {allowed})")


async def advise(request: Request) -> Response:
    """POST /api/v1/advise: the bytes `infoview advise --json` prints for the same answers."""
    kind = media_type(request)
    if kind in JSON_TYPES or kind.endswith("+json"):
        syntax = "json"
    elif kind in TOML_TYPES:
        syntax = "toml"
    else:
        raise unsupported(kind, "application/json or application/toml")
    raw = await request.body()
    try:
        answers = parse_answers(raw, syntax)
    except InputError as error:
        raise HTTPInputError(400, str(error)) from None
    try:
        advice = request.app.state.advisor.advise(answers)
    except InputError as error:
        raise HTTPInputError(422, str(error)) from None
    body = advice.to_json() + "\n"
    try:
        raw = body.encode("utf-8")
    except UnicodeError:  # a lone surrogate escaped in the JSON
        raise HTTPInputError(422, "the result is not valid Unicode text (a lone surrogate in the answers?)") from None
    return Response(raw, media_type="application/json")


async def advise_batch(request: Request) -> Response:
    """POST /api/v1/advise/batch: one result per answers object, in order; a bad one
    is answered by {"line": N, "error": "..."} in its place (N counts from 1)."""
    kind = media_type(request)
    advisor = request.app.state.advisor
    raw = await request.body()
    if kind in JSONL_TYPES:
        items = raw_lines(io.BytesIO(raw))
        parse = parse_line
        join = "".join
        fmt = "{}\n".format
    elif kind in ("application/json",) or kind.endswith("+json"):
        try:
            data = json.loads(_decode(raw), object_pairs_hook=_duplicate_keys_rejected,
                              parse_constant=_no_constants) if raw.strip() else None
        except InputError as error:
            raise HTTPInputError(400, str(error)) from None
        except json.JSONDecodeError as error:
            raise HTTPInputError(400, reading.json_error(error)) from None
        except RecursionError:
            raise HTTPInputError(400, "invalid JSON: nested too deeply") from None
        if not isinstance(data, list):
            raise HTTPInputError(400, "expected a JSON array of answers objects (or JSON Lines as application/jsonl)")
        items = enumerate(data, 1)
        parse = _array_item
        join = lambda parts: "[" + ",".join(parts) + "]\n"  # noqa: E731
        fmt = str
    else:
        raise unsupported(kind, "application/jsonl for JSON Lines, or application/json for an array")
    parts = []
    bad = 0
    for count, (number, item) in enumerate(items, 1):
        if count > MAX_BATCH_ITEMS:
            raise HTTPInputError(413, f"too many answers objects (more than {MAX_BATCH_ITEMS} in one batch)")
        line = result_line(advisor, number, parse(item))
        bad += line.startswith('{"line": ')
        parts.append(fmt(line))
        if count % YIELD_EVERY == 0:
            await asyncio.sleep(0)  # let other requests in during a long batch
    media = "application/json" if fmt is str else "application/jsonl"
    return Response(join(parts), media_type=media, headers={"X-Infoview-Bad-Items": str(bad)})


def _array_item(item):
    if isinstance(item, dict):
        return item
    return InputError(f"expected a JSON object with the answers, got {_type_word(item)}")


def _type_word(value) -> str:
    from ..reading import _type_word as word

    return word(value)


def questions_document(rules) -> dict:
    """The questions in the order they are asked: the answers schema with its labels."""
    out = []
    for q in rules.questions:
        entry = {"field": q.field, "type": q.type, "required": q.required, "text": q.text, "help": q.help}
        if q.values:
            entry["values"] = [{"value": v, "label": label} for v, label in zip(q.values, q.labels)]
        if q.type == "text":
            entry["max_length"] = q.max_length
        if q.free_text:
            entry["free_text"] = q.free_text
        out.append(entry)
    return {"questions": out, "source": {"attribution": rules.source.attribution(), "url": rules.source.url}}


async def questions(request: Request) -> Response:
    """GET /api/v1/questions."""
    return JSONResponse(questions_document(request.app.state.advisor.rules))


async def openapi(request: Request) -> Response:
    """GET /api/v1/openapi.json."""
    from .openapi import document

    return JSONResponse(document(request.app.state.advisor.rules))


routes = [
    Route("/api/v1/advise", advise, methods=["POST"]),
    Route("/api/v1/advise/batch", advise_batch, methods=["POST"]),
    Route("/api/v1/questions", questions, methods=["GET"]),
    Route("/api/v1/openapi.json", openapi, methods=["GET"]),
]
