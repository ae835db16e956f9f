"""`infoview advise --jsonl`: one answers object per line in, one result per line out.

Large streams are spread over worker processes in chunks of lines; results
are written in input order, byte for byte what one process would write.
"""

import itertools
import json
import sys

from .errors import InfoviewError, InputError, read_error
from .reading import STDIN, parse_line, raw_lines

CHUNK_LINES = 100


def _open(path):
    if path == STDIN:
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as error:
        raise read_error(path, error, not_a="a JSON Lines file") from None


def result_line(advisor, number, item):
    """The output line for one input line: a result, or an error object.

    Whatever goes wrong with one line (bad input, a refusal of the engine, a
    result that cannot be written as UTF-8) is that line's error object: the
    lines around it are still answered and written.
    """
    if not isinstance(item, InputError):
        try:
            line = advisor.advise(item).to_json()
            if not line.isascii():
                line.encode("utf-8")  # fails here, for this line, not when the chunk is written
            return line
        except InfoviewError as error:
            item = error
        except UnicodeError:
            item = "the result is not valid Unicode text (a lone surrogate in the answers?)"
        except (ValueError, TypeError, RecursionError) as error:
            item = f"cannot advise on this line: {type(error).__name__}: {error}"
    line = json.dumps({"line": number, "error": str(item)}, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeError:
        line = json.dumps({"line": number, "error": str(item)})  # \u escapes: always writable
    return line


def advise_chunk(advisors, chunk):
    """(output text, bad line count) for a chunk of (line number, raw line)."""
    advisor = advisors[0]
    lines = [result_line(advisor, number, parse_line(raw)) for number, raw in chunk]
    bad = sum(line.startswith('{"line": ') for line in lines)
    return "".join(line + "\n" for line in lines), bad


def advise_stream(advisor, path, out=None, workers=None):
    """Write one line per input line; return how many lines were bad."""
    from .parallel import chunks as in_chunks, run_chunks, worker_count

    out = out or sys.stdout
    stream = _open(path)
    try:
        lines = raw_lines(stream)
        first = list(itertools.islice(lines, CHUNK_LINES))
        workers = worker_count(workers)
        chunks = itertools.chain([first], in_chunks(lines, CHUNK_LINES))
        if len(first) < CHUNK_LINES or workers == 1:
            results = (advise_chunk([advisor], chunk) for chunk in chunks)  # short: not worth the workers
        else:
            results = run_chunks(advise_chunk, chunks, [advisor.rules.directory], workers)
        bad = 0
        for text, count in results:
            out.write(text)
            bad += count
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    out.flush()
    return bad

