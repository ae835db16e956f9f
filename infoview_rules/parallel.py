"""Spreading consultations over worker processes, order kept.

Each worker loads its own Advisor (durable-rules state is per process). A
worker that dies is reported as an EngineError, never silently skipped.
"""

import itertools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .errors import EngineError

_advisors = None


def _start(rules_dirs):
    global _advisors
    from .advisor import Advisor

    tune_for_consulting()
    _advisors = [Advisor(d) for d in rules_dirs]


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3


def _mallopt(*settings):
    """Tune glibc's allocator; does nothing where the C library is not glibc."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        for param, value in settings:
            libc.mallopt(param, value)
    except (OSError, AttributeError):
        pass


def tune_for_passing_chunks():
    """For the process that only passes chunks to workers and writes results.

    By default glibc raises its mmap threshold as large blocks are freed; then
    the chunks of results of a long stream land on the heap, which is only
    trimmed at the top, and the resident size creeps up. A fixed threshold
    mmaps every large block and gives it back when freed: memory stays flat.
    """
    _mallopt((M_MMAP_THRESHOLD, 64 * 1024))


def tune_for_consulting():
    """For a process that runs the engine: keep freed memory instead.

    durable-rules allocates and frees each session's state; handing that back
    to the OS on every consultation (as a low mmap threshold would) more than
    doubles its cost. Sessions are recycled, so the memory kept stays bounded.
    """
    _mallopt((M_MMAP_THRESHOLD, 32 * 1024 * 1024), (M_TRIM_THRESHOLD, 64 * 1024 * 1024))


def chunks(iterable, size):
    """Lists of `size` items (the last may be shorter)."""
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


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
    tune_for_passing_chunks()  # workers set their own in _start
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(list(rules_dirs),)) as pool:
            # a bounded window of chunks in flight keeps memory flat on long streams
            pending = []
            for chunk in chunks:
                pending.append(pool.submit(_call, func, chunk))
                if len(pending) >= 2 * workers:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
    except BrokenProcessPool:
        raise EngineError("a worker process crashed; results after the last one written are missing") from None


def _call(func, chunk):
    return func(_advisors, chunk)
