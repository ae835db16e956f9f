"""Spreading consultations over worker processes, order kept.

Each worker loads its own Advisor (durable-rules state is per process). A
worker that dies is reported as an EngineError, never silently skipped.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .errors import EngineError

_advisors = None


def _start(rules_dirs):
    global _advisors
    from .advisor import Advisor

    _advisors = [Advisor(d) for d in rules_dirs]


def worker_count(requested=None):
    if requested:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_chunks(func, chunks, rules_dirs, workers):
    """Yield func(advisors, chunk) for each chunk, in order: one Advisor per rules folder.

    With one worker, runs here, in this process.
    """
    if workers <= 1:
        from .advisor import Advisor

        advisors = [Advisor(d) for d in rules_dirs]
        for chunk in chunks:
            yield func(advisors, chunk)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(list(rules_dirs),)) as pool:
            # a bounded window of chunks in flight keeps memory flat on long streams
            pending = []
            for chunk in chunks:
                pending.append(pool.submit(_call, func, chunk))
                if len(pending) >= 4 * workers:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
    except BrokenProcessPool:
        raise EngineError("a worker process crashed; results after the last one written are missing") from None


def _call(func, chunk):
    return func(_advisors, chunk)
