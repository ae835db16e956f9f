"""Reading answers: one file (.toml/.json), JSON on stdin, or a JSON Lines stream."""

import json
import os
import sys

from .errors import InputError, quoted, read_error

MAX_FILE_BYTES = 1 << 20  # an answers object is a few hundred bytes
MAX_LINE_BYTES = 1 << 16
STDIN = "-"


def _duplicate_keys_rejected(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise InputError(f"duplicate field {quoted(key)}")
        seen[key] = value
    return seen


def _type_word(value):
    return {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


# the json module's messages, in plain words (a message not here is said as it is, lower-cased)
_JSON_MESSAGES = {
    "Expecting value": "expected a value",
    "Expecting property name enclosed in double quotes": "expected a field name in double quotes",
    "Expecting ':' delimiter": "expected ':'",
    "Expecting ',' delimiter": "expected ','",
    "Extra data": "more text after the end of the JSON",
    "Unterminated string starting at": "a string that is never closed starts here",
    "Invalid control character at": "a control character (a tab or a line break) inside a string",
    "Invalid \\uXXXX escape": "a \\u escape without four hex digits",
    "Invalid \\escape": "an unknown \\ escape",
    "Illegal trailing comma before end of object": "a comma before the closing }",
    "Illegal trailing comma before end of array": "a comma before the closing ]",
}


def json_error(error: json.JSONDecodeError) -> str:
    """The one line for a JSON text that does not parse: "invalid JSON at column 122: expected ','".

    The line is named only when the text has several: a JSON Lines error already names its line
    ({"line": 4, ...}), and "line 1" beside it read as a second, different line. A text cut short
    is "at the end", not at a column past its last character."""
    said = next((plain for message, plain in _JSON_MESSAGES.items() if error.msg.startswith(message)),
                error.msg[:1].lower() + error.msg[1:])
    text = error.doc.rstrip()
    if error.pos >= len(text):
        where = "the end"
    elif "\n" in text:
        where = f"line {error.lineno}, column {error.colno}"
    else:
        where = f"column {error.colno}"
    return f"invalid JSON at {where}: {said}"


def parse_json_answers(text):
    """The answers object in a JSON text; InputError for anything else."""
    if not text.strip():
        raise InputError("empty input")
    try:
        data = json.loads(text, object_pairs_hook=_duplicate_keys_rejected,
                          parse_constant=_no_constants, parse_int=_int)
    except json.JSONDecodeError as error:
        raise InputError(json_error(error)) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    except ValueError as error:  # whatever else the decoder refuses: still this input's error
        raise InputError(f"invalid JSON: {error}") from None
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object with the answers, got {_type_word(data)}")
    return data


MAX_INT_DIGITS = 100  # no answer is a number; a longer one is refused before int() is asked


def _int(digits):
    """JSON integers, without Python's integer-string limit (a ValueError that
    no caller expects) and without the quadratic cost of converting huge ones."""
    if len(digits) > MAX_INT_DIGITS:
        raise InputError(f"invalid JSON: a number of {len(digits)} digits (at most {MAX_INT_DIGITS})")
    return int(digits)


def _no_constants(name):
    raise InputError(f"invalid JSON: {name} is not allowed")


def _decode(raw):
    if b"\x00" in raw:
        raise InputError("binary data, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text") from None


def read_answers(path, stdin=None):
    """(answers dict, source name) from a .toml/.json file, or JSON on stdin for '-'."""
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = stream.read(MAX_FILE_BYTES + 1)
        return _parse(raw, "json", "<stdin>"), "<stdin>"
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not an answers file")
    suffix = os.path.splitext(path)[1].lower()
    if not suffix and not os.path.exists(path):  # a trial typed the name it chose at `ask`, without .toml
        typed = [path + ending for ending in (".toml", ".json") if os.path.isfile(path + ending)]
        if typed:
            raise InputError(f"{path}: no such file; did you mean '{typed[0]}'?")
    if suffix not in (".toml", ".json"):
        raise InputError(f"{path}: unknown file type '{suffix or '(none)'}' (use .toml or .json, or - for JSON on stdin)")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise read_error(path, error, not_a="an answers file") from None
    return _parse(raw, suffix[1:], path), path


def parse_answers(raw, kind, empty="empty file"):
    """The answers object in raw bytes of a file, a request body or an upload ('json' or 'toml')."""
    text = _decode(raw)
    if not text.strip():
        raise InputError(empty)
    if kind == "json":
        return parse_json_answers(text)
    import tomllib  # only for TOML answers files: it slows start-up

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"invalid TOML: {error}") from None
    except RecursionError:
        raise InputError("invalid TOML: nested too deeply") from None


def _parse(raw, kind, source):
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise InputError(f"too large (more than {MAX_FILE_BYTES} bytes)")
        return parse_answers(raw, kind)
    except InputError as error:
        raise InputError(f"{source}: {error}") from None


def parse_line(raw):
    """The answers dict in one raw line (bytes), or the InputError that replaces it."""
    if isinstance(raw, InputError):
        return raw
    try:
        text = _decode(raw)
        if not text.strip():
            raise InputError("empty line")
        return parse_json_answers(text)
    except InputError as error:
        return error


def raw_lines(stream):
    """(line number, bytes without the line end, or InputError for an over-long line)."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            # skip the rest of the over-long line so the next line keeps its number
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MAX_LINE_BYTES + 1)
            yield number, InputError(f"line too long (more than {MAX_LINE_BYTES} bytes)")
            continue
        yield number, raw.rstrip(b"\r\n")
