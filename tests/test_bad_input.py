"""Bad input: one `error:` line naming the file, the field and the allowed values; exit 2."""

import json

import pytest

from infoview_rules.cli import cli

BASE = {"requested_by": "me", "in_hiring_process": "no", "job_open": "no", "meeting_with": "hr", "prepared_questions": "yes"}
GOALS = "learn_about_company, judge_fit, get_job, pitch_for_open_role, be_remembered"
FIELDS = "requested_by, in_hiring_process, goals, goal_text, expectations, job_open, meeting_with, prepared_questions"


def with_(**changes):
    answers = dict(BASE)
    for key, value in changes.items():
        if value is ...:
            answers.pop(key)
        else:
            answers[key] = value
    return json.dumps(answers).encode()


CASES = [
    ("unknown-field", "a.json", with_(goal=[]),
     f"error: a.json: unknown field 'goal' (allowed: {FIELDS}); did you mean 'goals'?"),
    ("missing-field", "a.json", with_(meeting_with=...),
     "error: a.json: missing required field 'meeting_with' (allowed values: hr, manager, recruiter, other)"),
    ("unknown-value", "a.json", with_(meeting_with="recruter"),
     "error: a.json: field 'meeting_with': unknown value 'recruter' (allowed values: hr, manager, recruiter, other); did you mean 'recruiter'?"),
    # another case of an allowed value, too short for a near miss by letters (a trial: "HR")
    ("value-in-another-case", "a.json", with_(meeting_with="HR"),
     "error: a.json: field 'meeting_with': unknown value 'HR' (allowed values: hr, manager, recruiter, other); did you mean 'hr'?"),
    ("unknown-list-value", "a.json", with_(goals=["get_jobs"]),
     f"error: a.json: field 'goals': unknown value 'get_jobs' (allowed values: {GOALS}); did you mean 'get_job'?"),
    ("wrong-type-list", "a.json", with_(goals="get_job"),
     f"error: a.json: field 'goals': expected a list of strings, got a string (allowed values: {GOALS})"),
    ("wrong-type-scalar", "a.json", with_(job_open=3),
     "error: a.json: field 'job_open': expected a string, got a number (allowed values: yes, no, unknown)"),
    ("boolean-for-non-yes-no", "a.json", with_(meeting_with=True),
     "error: a.json: field 'meeting_with': expected a string, got a boolean (allowed values: hr, manager, recruiter, other)"),
    ("wrong-type-in-list", "a.json", with_(expectations=[1]),
     "error: a.json: field 'expectations': expected a list of strings, found a number in it (allowed values: ask_questions, be_asked_questions, job_interview_next, job_offer, future_consideration)"),
    ("duplicate-entry", "a.json", with_(goals=["get_job", "get_job"]),
     f"error: a.json: field 'goals': duplicate entry 'get_job' (each at most once; allowed values: {GOALS})"),
    ("over-long-text", "a.json", with_(goal_text="x" * 2001),
     "error: a.json: field 'goal_text': too long (2001 characters; allowed: text of at most 2000)"),
    ("text-not-string", "a.json", with_(goal_text=["x"]),
     "error: a.json: field 'goal_text': expected a string, got a list"),
    ("null-value", "a.json", with_(goals=None),
     f"error: a.json: field 'goals': expected a list of strings, got null (allowed values: {GOALS})"),
    ("null-scalar", "a.json", with_(requested_by=None),
     "error: a.json: field 'requested_by': expected a string, got null (allowed values: me, company)"),
    ("duplicate-key", "a.json", b'{"requested_by": "me", "requested_by": "company"}',
     "error: a.json: duplicate field 'requested_by'"),
    ("empty-file", "a.json", b"", "error: a.json: empty file"),
    ("blank-file", "a.toml", b"  \n\n", "error: a.toml: empty file"),
    ("binary-file", "a.json", b"\x89PNG\r\n\x1a\n\x00\x00", "error: a.json: binary data, not text"),
    ("not-utf8", "a.json", b'{"goal_text": "caf\xe9"}', "error: a.json: not UTF-8 text"),
    ("top-level-array", "a.json", b"[1, 2]", "error: a.json: expected a JSON object with the answers, got an array"),
    ("top-level-null", "a.json", b"null", "error: a.json: expected a JSON object with the answers, got null"),
    ("top-level-string", "a.json", b'"me"', "error: a.json: expected a JSON object with the answers, got a string"),
    # one line: its column, in plain words; several: the line too (a trial read "line 4 ... (line 1, ...)")
    ("invalid-json", "a.json", b"{", "error: a.json: invalid JSON at the end: expected a field name in double quotes"),
    ("invalid-json-lines", "a.json", b'{"requested_by": "me",\n "job_open" "no"}\n',
     "error: a.json: invalid JSON at line 2, column 13: expected ':'"),
    ("nan", "a.json", b'{"job_open": NaN}', "error: a.json: invalid JSON: NaN is not allowed"),
    ("deep-nesting", "a.json", b"[" * 100_000 + b"]" * 100_000, "error: a.json: invalid JSON: nested too deeply"),
    ("invalid-toml", "a.toml", b"requested_by = ", "error: a.toml: invalid TOML: Invalid value (at end of document)"),
    ("toml-missing", "a.toml", b'requested_by = "me"\n',
     "error: a.toml: missing required field 'in_hiring_process' (allowed values: yes, no)"),
    ("unknown-suffix", "a.txt", b"{}", "error: a.txt: unknown file type '.txt' (use .toml or .json, or - for JSON on stdin)"),
    ("huge-file", "a.json", b" " * (1 << 20) + b"{}", "error: a.json: too large (more than 1048576 bytes)"),
]


@pytest.mark.parametrize("name,content,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_answers_file(runner, tmp_path, monkeypatch, name, content, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content)
    result = runner.invoke(cli, ["advise", name])
    assert result.exit_code == 2
    assert result.stderr == expected + "\n"
    assert result.stdout == ""


@pytest.mark.parametrize("message,doc,pos,said", [
    ("Expecting ',' delimiter", '{"a": 1 "b": 2}', 8, "invalid JSON at column 9: expected ','"),
    ("Expecting value", '{"a":\n}', 6, "invalid JSON at line 2, column 1: expected a value"),
    ("Unterminated string starting at", '{"a": "b}', 6, "invalid JSON at column 7: a string that is never closed starts here"),
    ("Invalid \\escape", '{"a": "\\q"}', 7, "invalid JSON at column 8: an unknown \\ escape"),
    # Python 3.13's own messages, made here so that every Python checks them
    ("Illegal trailing comma before end of array", "[1,]", 2, "invalid JSON at column 3: a comma before the closing ]"),
    ("Illegal trailing comma before end of object", '{"a":1,}', 6, "invalid JSON at column 7: a comma before the closing }"),
    ("Something new", "{}x", 2, "invalid JSON at column 3: something new"),  # a message not known: as it is
    ("Expecting value", "[\n", 2, "invalid JSON at the end: expected a value"),  # cut short: not "line 2, column 1"
    ("Expecting ',' delimiter", '{"a": 1\n', 7, "invalid JSON at the end: expected ','"),
])
def test_json_errors_name_the_column_and_the_line_only_of_several(message, doc, pos, said):
    from infoview_rules.reading import json_error

    assert json_error(json.JSONDecodeError(message, doc, pos)) == said


def test_missing_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["advise", "nope.json"])
    assert result.exit_code == 2
    assert result.stderr == "error: nope.json: no such file\n"


def test_directory(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.json").mkdir()
    result = runner.invoke(cli, ["advise", "d.json"])
    assert result.exit_code == 2
    assert result.stderr == "error: d.json: is a directory, not an answers file\n"


@pytest.mark.parametrize("stdin,expected", [
    (b"[]", "error: <stdin>: expected a JSON object with the answers, got an array"),
    (b"", "error: <stdin>: empty file"),
    (b"\xff\xfe", "error: <stdin>: not UTF-8 text"),
], ids=["array", "empty", "not-utf8"])
def test_bad_stdin(runner, stdin, expected):
    result = runner.invoke(cli, ["advise", "-"], input=stdin)
    assert result.exit_code == 2
    assert result.stderr == expected + "\n"


@pytest.mark.parametrize("args,expected", [
    (["advise"], "error: Missing argument 'FILE'. (see 'infoview advise --help')"),
    (["advise", "--bogus", "a.json"], "error: No such option '--bogus'. (see 'infoview advise --help')"),
    (["advise", "--json", "--jsonl", "-"], "error: --json and --jsonl do not go together (--jsonl always writes JSON) (see 'infoview advise --help')"),
    (["nosuch"], "error: No such command 'nosuch'. (see 'infoview --help')"),
    (["advise", "--rules", "no-such-dir", "-"],
     "error: Invalid value for '--rules': Directory 'no-such-dir' does not exist. (see 'infoview advise --help')"),
], ids=["no-file", "unknown-option", "json-and-jsonl", "unknown-command", "missing-rules"])
def test_bad_usage(runner, tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, args, prog_name="infoview")
    assert result.exit_code == 2
    assert result.stderr == expected + "\n"


def test_a_bug_is_one_error_line_not_a_traceback(runner, monkeypatch, tmp_path):
    import infoview_rules.advisor as advisor_module

    def broken(self, answers, source=None):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(advisor_module.Advisor, "advise", broken)
    path = tmp_path / "a.json"
    path.write_bytes(with_())
    result = runner.invoke(cli, ["advise", str(path)])
    assert result.exit_code == 2
    assert result.stderr == ("error: internal error: ZeroDivisionError: division by zero "
                             "(set INFOVIEW_DEBUG=1 for the traceback, and please report it)\n")
