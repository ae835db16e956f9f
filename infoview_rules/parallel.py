"""Spreading work over worker processes, order kept, workers never outliving us.

Each worker loads its own Advisor (durable-rules state is per process). A
worker that dies is reported as an EngineError, never silently skipped.

Workers die with the process that started them:
- SIGTERM or SIGHUP to it (`kill PID`, `Popen.terminate()`, a closed
  terminal) kills the workers, then it dies of the signal. Without this the
  workers, which only the parent was told about, slept on forever with the
  pipeline's stdout open, so `infoview advise --jsonl big | wc -l` never ended.
  (SIGINT needs nothing: Ctrl-C reaches the whole process group.)
- on Linux each worker also asks the kernel for SIGKILL when its parent dies
  (PR_SET_PDEATHSIG), for the deaths no handler sees (SIGKILL, a crash).
The handlers are installed only while a pool runs, only from the main thread,
and the previous ones are put back after. A signal the caller ignores stays
ignored, in this process and in its workers: under `nohup` a hangup leaves the
whole run going. (Installing the handler over an ignored SIGHUP, and putting
the workers back to the default, made a nohup'd run's workers die of the
hangup that the parent ignored; a test started under nohup sent SIGHUP and
waited in vain for the end.)

No process's allocator is tuned any more. The 64 KiB mmap threshold set here
stayed in the caller's process and made its later consultations 6x slower;
the workers' own tuning saved about 5% (bench/bench.py, "glibc tuning"),
not worth glibc-only code. The memory target holds without either.
"""

import itertools
import os
import signal
import sys
import threading
from contextlib import contextmanager

from .errors import EngineError

_advisors = None
_live_pools = []  # pools whose workers a signal must take down
_previous = {}  # signal -> the handler before ours


def start_method():
    """fork where there is one (Linux, macOS): workers start without re-importing
    anything. Elsewhere (Windows) spawn, which works the same, only slower to start."""
    import multiprocessing

    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _stop_signals():
    return [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]


def _die_with_parent(parent):
    """In a worker: SIGKILL when the parent dies (Linux), and default signal handling."""
    for signum in _stop_signals():
        if signal.getsignal(signum) != signal.SIG_IGN:  # ignored (nohup) stays ignored, as in the parent
            signal.signal(signum, signal.SIG_DFL)  # a forked worker inherits the parent's handlers
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


def _start(parent, rules_dirs):
    global _advisors
    from .advisor import Advisor

    _die_with_parent(parent)
    _advisors = [Advisor(d) for d in rules_dirs]


def _start_plain(parent, initializer, initargs):
    _die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


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


def _kill_workers(pool):
    processes = getattr(pool, "_processes", None) or {}  # private, but the only list of a pool's workers
    for process in list(processes.values()):
        try:
            process.kill()
        except (OSError, AssertionError, ValueError):
            pass  # already gone, or not ours (a signal that reached a worker before its reset)


def _on_signal(signum, frame):
    previous = _previous.get(signum, signal.SIG_DFL)
    if previous == signal.SIG_IGN:
        return
    for pool in list(_live_pools):
        _kill_workers(pool)
    if callable(previous):
        return previous(signum, frame)
    # the default action: die by the signal now, as without workers (raising
    # instead could hang at exit, joining a pool whose workers were just killed)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


@contextmanager
def worker_pool(workers, initializer=None, initargs=(), start=None):
    """A ProcessPoolExecutor whose workers never outlive this process (see the module).

    `start` replaces the plain worker start (for run_chunks' own); it gets the
    parent's pid first, then `initargs`.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(start_method())
    if start is None:
        start, initargs = _start_plain, (initializer, tuple(initargs))
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start, initargs=(os.getpid(), *initargs))
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _stop_signals():
            # ignored is the caller's choice (nohup): leave it; ours already (a pool
            # in a pool): keep the outer one's, or ours would call itself forever
            if signal.getsignal(signum) not in (signal.SIG_IGN, _on_signal):
                previous[signum] = _previous[signum] = signal.signal(signum, _on_signal)
    _live_pools.append(pool)
    try:
        yield pool
    except BaseException:
        _kill_workers(pool)  # an error, Ctrl-C, a signal, or the reader went away: stop now
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        _live_pools.remove(pool)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_chunks(func, chunks, rules_dirs, workers):
    """Yield func(advisors, chunk) for each chunk, in order: one Advisor per rules folder.

    With one worker, runs here, in this process.
    """
    from concurrent.futures.process import BrokenProcessPool

    if workers <= 1:
        from .advisor import Advisor

        advisors = [Advisor(d) for d in rules_dirs]
        for chunk in chunks:
            yield func(advisors, chunk)
        return
    try:
        with worker_pool(workers, start=_start, initargs=(list(rules_dirs),)) as pool:
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
