"""`infoview advise --jsonl`: one answers object per line in, one result per line out."""

import json
import sys

from .errors import InfoviewError, InputError
from .reading import STDIN, jsonl_lines


def _open(path):
    if path == STDIN:
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a JSON Lines file") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None


def result_line(advisor, number, item):
    """The output line for one input line: a result, or an error object."""
    if not isinstance(item, InputError):
        try:
            return advisor.advise(item).to_json()
        except InputError as error:
            item = error
    return json.dumps({"line": number, "error": str(item)}, ensure_ascii=False)


def advise_stream(advisor, path, out=None):
    """Write one line per input line; return how many lines were bad."""
    out = out or sys.stdout
    bad = 0
    stream = _open(path)
    try:
        for number, item in jsonl_lines(stream):
            line = result_line(advisor, number, item)
            if line.startswith('{"line"'):
                bad += 1
            out.write(line + "\n")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    out.flush()
    return bad
