"""Long streams, corrupted lines, worker crashes, and the engine kept in its box."""

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
