"""Long streams, corrupted lines, worker crashes, and the engine kept in its box."""

import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from infoview_rules import Advisor, EngineError
from infoview_rules.cli import cli
from infoview_rules.parallel import run_chunks
from oracle import answer_space

PACKAGE = Path(__file__).resolve().parent.parent / "infoview_rules"
INFOVIEW = str(Path(sys.executable).with_name("infoview"))

CORRUPTIONS = [
    lambda line: line[: len(line) // 2],                 # cut short
    lambda line: line.replace('"requested_by": "', '"requested_by": "x', 1),  # unknown value
    lambda line: "[" + line + "]",                        # not an object
    lambda line: "",                                      # empty
    lambda line: line.replace("{", "{\"bogus\": 1, ", 1),  # unknown field
    lambda line: "\udcff",                                # not UTF-8 once encoded
    lambda line: line.replace('"goals": [', '"goals": [1, ', 1),  # wrong type in a list
]


def test_a_long_stream_with_one_line_in_ten_corrupted(tmp_path):
    space = [json.dumps(a) for a in answer_space()]
    rng = random.Random(7)
    lines, bad = [], set()
    for n in range(1, 100_001):
        line = space[(n * 7919) % len(space)]
        if n % 10 == 0:
            line = rng.choice(CORRUPTIONS)(line)
            bad.add(n)
        lines.append(line)
    data = "\n".join(lines).encode("utf-8", "surrogateescape") + b"\n"
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    parallel = subprocess.run([INFOVIEW, "advise", "--jsonl", str(path)], capture_output=True)
    assert parallel.returncode == 1
    out = parallel.stdout.decode("utf-8").splitlines()
    assert len(out) == 100_000
    advisor = Advisor()
    for n, (given, result) in enumerate(zip(lines, out), 1):
        parsed = json.loads(result)
        if n in bad:
            assert parsed["line"] == n and parsed["error"], (n, given)
        else:
            assert "line" not in parsed, (n, result)
            if n % 97 == 0:
                assert result == advisor.advise(json.loads(given)).to_json()
    # the same bytes as one process writes
    single = subprocess.run([INFOVIEW, "advise", "--jsonl", "--workers", "1", str(path)], capture_output=True)
    assert single.stdout == parallel.stdout


def _crash(advisors, chunk):
    if chunk[0] >= 3:
        os._exit(3)
    return chunk[0]


def test_a_worker_crash_is_reported_not_hidden():
    results = run_chunks(_crash, ([i] for i in range(10)), [None], workers=2)
    seen = []
    with pytest.raises(EngineError, match="a worker process crashed"):
        for r in results:
            seen.append(r)
    assert seen == [0, 1, 2][: len(seen)]


def _crash_always(advisors, chunk):
    os._exit(3)


def test_a_worker_crash_through_the_cli(runner, tmp_path, monkeypatch):
    import infoview_rules.stream as stream

    monkeypatch.setattr(stream, "advise_chunk", _crash_always)
    path = tmp_path / "in.jsonl"
    path.write_text((json.dumps(next(answer_space())) + "\n") * 3000)
    result = runner.invoke(cli, ["advise", "--jsonl", str(path)])
    assert result.exit_code == 2
    assert result.stderr == "error: a worker process crashed; results after the last one written are missing\n"


def test_only_the_engine_module_touches_durable_rules():
    importers = sorted(
        p.name for p in PACKAGE.glob("*.py")
        if "durable" in "".join(l for l in p.read_text().splitlines(True) if l.lstrip().startswith(("import ", "from ")))
    )
    assert importers == ["engine.py"]


def test_durable_rules_python_layer_and_threads_are_never_used():
    code = (
        "import sys, threading\n"
        "from infoview_rules import advise\n"
        "advise({'requested_by': 'me', 'in_hiring_process': 'no', 'job_open': 'no', 'meeting_with': 'hr', 'prepared_questions': 'yes'})\n"
        "print(sorted(m for m in sys.modules if m.startswith('durable')), threading.active_count())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # the C extension only: not durable-rules' Python layer, and no extra thread
    assert out == "['durable_rules_engine'] 1\n"


# --- issue 8: no lost lines, no orphans, no caller's process changed ---------

GOOD = {"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"],
        "job_open": "no", "meeting_with": "hr", "prepared_questions": "yes"}
BAD_LINES = {
    "a 5,000-digit integer": '{"requested_by": ' + "9" * 5000 + "}",
    "a 5,000-digit integer in a list": '{"goals": [' + "1" * 5000 + "]}",
    "a lone surrogate in goal text that a phrase reads": json.dumps(dict(GOOD, goal_text="I want to get a job \ud800 there")),
    "a lone surrogate in a field name": '{"\\ud800": 1}',
    "a lone surrogate in a value": json.dumps(dict(GOOD, meeting_with="\udfff")),
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "a huge float": '{"requested_by": 1e999999}',
}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_each_kind_of_bad_line_is_that_lines_error_and_every_good_line_is_answered(tmp_path, workers):
    good = json.dumps(GOOD)
    lines = []
    for bad in BAD_LINES.values():
        lines += [good] * 60 + [bad]  # over a hundred lines: the workers are used with 2
    lines += [good] * 60
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    run = subprocess.run([INFOVIEW, "advise", "--jsonl", "--workers", workers, str(path)], capture_output=True)
    assert run.returncode == 1, run.stderr
    assert run.stderr == b""
    out = run.stdout.decode("utf-8").splitlines()
    assert len(out) == len(lines)
    expected = Advisor().advise(GOOD).to_json()
    for n, (given, result) in enumerate(zip(lines, out), 1):
        if given == good:
            assert result == expected, n
        else:
            parsed = json.loads(result)
            assert parsed["line"] == n and parsed["error"], (n, result)
            assert "internal error" not in parsed["error"]


@pytest.mark.parametrize("bad", ["a 5,000-digit integer", "a lone surrogate in goal text that a phrase reads"])
def test_one_bad_file_is_a_clean_error(tmp_path, bad):
    path = tmp_path / "answers.json"
    path.write_text(BAD_LINES[bad], encoding="utf-8", errors="surrogatepass")
    run = subprocess.run([INFOVIEW, "advise", "--json", str(path)], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: {path}: ") and run.stderr.count("\n") == 1
    assert "internal error" not in run.stderr


def _descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _hangup(disposition):
    """A preexec_fn: the child starts with SIGHUP set to `disposition` (SIG_IGN: as
    under nohup), SIGTERM to the default.

    Ignored signals stay ignored through exec: without this a test run under
    `nohup` started infoview with SIGHUP ignored, and the SIGHUP test waited
    30 s for an end that, rightly, never came.
    """
    import signal

    def preexec():
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, disposition)
    return preexec


def _end(procs, pids):
    """Leave nothing running: kill and reap what is left (no ResourceWarning later)."""
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stdout:
            proc.stdout.close()
    for pid in pids:
        if _alive(pid):
            os.kill(pid, 9)


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_to_the_parent_takes_the_workers_down_and_the_reader_sees_the_end(tmp_path, signame):
    import signal
    import time

    line = json.dumps(GOOD) + "\n"
    path = tmp_path / "big.jsonl"
    path.write_text(line * 400_000)
    parent = subprocess.Popen([INFOVIEW, "advise", "--jsonl", "--workers", "2", str(path)], stdout=subprocess.PIPE,
                              preexec_fn=_hangup(signal.SIG_DFL))  # as from a shell, whoever runs the tests
    reader = subprocess.Popen(["cat"], stdin=parent.stdout, stdout=subprocess.PIPE)
    parent.stdout.close()  # `infoview ... | cat`: only the pipeline holds the pipe
    workers = []
    try:
        deadline = time.monotonic() + 60
        while len(_descendants(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers += _descendants(parent.pid)
        assert len(workers) >= 2
        reader.stdout.read(100_000)  # the workers are answering
        parent.send_signal(getattr(signal, signame))
        out, _ = reader.communicate(timeout=30)  # the reader sees the end of the stream
        assert parent.wait(timeout=30) == -getattr(signal, signame)  # died of it, as without workers
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in workers if _alive(p)]
    finally:
        _end((parent, reader), workers)


def test_under_nohup_a_hangup_leaves_the_parent_and_its_workers_running(tmp_path):
    """A SIGHUP the caller ignores (nohup) is ignored by the workers too, not only the parent.

    The hangup goes to the whole process group, as when a terminal closes.
    Workers put back to the default died of it while the parent ran on, and
    the run ended in "a worker process crashed".
    """
    import signal
    import time

    path = tmp_path / "big.jsonl"
    path.write_text((json.dumps(GOOD) + "\n") * 400_000)
    parent = subprocess.Popen([INFOVIEW, "advise", "--jsonl", "--workers", "2", str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, preexec_fn=_hangup(signal.SIG_IGN), start_new_session=True)
    workers = []
    try:
        parent.stdout.read(100_000)  # the workers are answering
        workers += _descendants(parent.pid)
        assert len(workers) >= 2
        os.killpg(parent.pid, signal.SIGHUP)
        time.sleep(1)
        parent.stdout.read(1_000_000)  # still answering
        assert parent.poll() is None
        assert all(_alive(p) for p in workers)
        parent.terminate()  # SIGTERM is not ignored: it still takes everything down
        _, err = parent.communicate(timeout=30)  # the end of the stream
        assert (parent.returncode, err) == (-signal.SIGTERM, b"")
    finally:
        _end((parent,), workers)
        parent.stderr.close()


def test_workers_die_with_a_killed_parent(tmp_path):
    """SIGKILL runs no handler: the kernel's parent-death signal takes the workers down (Linux)."""
    import signal
    import time

    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    path = tmp_path / "big.jsonl"
    path.write_text((json.dumps(GOOD) + "\n") * 400_000)
    parent = subprocess.Popen([INFOVIEW, "advise", "--jsonl", "--workers", "2", str(path)], stdout=subprocess.PIPE)
    workers = []
    try:
        parent.stdout.read(100_000)
        workers += _descendants(parent.pid)
        assert len(workers) >= 2
        parent.send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in workers if _alive(p)]
        parent.stdout.read()  # the end of the stream: no writer is left
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, 9)


def test_running_workers_leaves_the_callers_allocator_alone(monkeypatch):
    import ctypes

    calls = []
    real = ctypes.CDLL

    def recording(name, *args, **kwargs):
        library = real(name, *args, **kwargs)
        if name and "libc" in str(name):
            calls.append(name)
            return type("Spy", (), {"mallopt": lambda self, *a: calls.append(a), "__getattr__": lambda self, n: getattr(library, n)})()
        return library

    monkeypatch.setattr(ctypes, "CDLL", recording)
    results = list(run_chunks(_first, ([i] for i in range(6)), [None], workers=2))
    assert results == list(range(6))
    assert calls == []  # nothing in this process touched the C allocator


def _first(advisors, chunk):
    return chunk[0]


def _advise_chunk(advisors, chunk):
    return [advisors[0].advise(a).to_json() for a in chunk]


def test_the_spawn_start_method_gives_the_same_results(monkeypatch):
    """Where there is no fork (Windows), workers are spawned: same results, same order."""
    import infoview_rules.parallel as parallel

    space = list(itertools.islice(answer_space(), 0, 98_304, 997))
    here = list(run_chunks(_advise_chunk, parallel.chunks(space, 10), [None], workers=1))
    monkeypatch.setattr(parallel, "start_method", lambda: "spawn")
    spawned = list(run_chunks(_advise_chunk, parallel.chunks(space, 10), [None], workers=2))
    assert spawned == here


@pytest.mark.parametrize("args", [["--json", "{f}"], ["{f}"], ["--jsonl", "{f}"]], ids=["json", "report", "jsonl"])
def test_a_closed_stdout_is_an_error_not_silence(tmp_path, args):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(GOOD))
    cmd = [INFOVIEW, "advise", *[a.format(f=path) for a in args]]
    run = subprocess.run(cmd, stdout=None, stderr=subprocess.PIPE, text=True, pass_fds=(),
                         preexec_fn=lambda: os.close(1))
    assert run.returncode == 2
    assert run.stderr == "error: standard output is closed: nothing could be written " \
                         "(redirect it to a file or to /dev/null)\n"
