"""hypothesis: properties of any answers object within the contract, and fuzzing of the readers."""

import io
import json

from hypothesis import given, strategies as st

from infoview_rules import Advisor, InputError
from infoview_rules.cli import cli
from infoview_rules.reading import parse_json_answers, parse_line, raw_lines
from oracle import EXPECTATIONS, GOALS

_advisor = Advisor()
_second = Advisor()
CLASSES = {c.id for c in _advisor.rules.classifications}
FINDINGS = {f.id for f in _advisor.rules.findings}


def yes_no():
    return st.sampled_from(["yes", "no", True, False])


@st.composite
def answers(draw):
    a = {
        "requested_by": draw(st.sampled_from(["me", "company"])),
        "in_hiring_process": draw(yes_no()),
        "job_open": draw(st.sampled_from(["yes", "no", "unknown"])),
        "meeting_with": draw(st.sampled_from(["hr", "manager", "recruiter", "other"])),
        "prepared_questions": draw(yes_no()),
    }
    for name, values in (("goals", GOALS), ("expectations", EXPECTATIONS)):
        if draw(st.booleans()):
            a[name] = draw(st.lists(st.sampled_from(values), unique=True))
    if draw(st.booleans()):
        a["goal_text"] = draw(st.text(max_size=300) | st.sampled_from([
            "I want to land a job", "learn about the company", "see if I'd fit", "the open role", "stay in touch"]))
    return a


@given(answers())
def test_exactly_one_classification_deterministic_json_findings_from_rules(a):
    advice = _advisor.advise(dict(a))
    assert advice.classification in CLASSES
    ids = advice.finding_ids()
    assert set(ids) <= FINDINGS and len(ids) == len(set(ids))
    text = advice.to_json()
    assert text == _advisor.advise(dict(a)).to_json() == _second.advise(dict(a)).to_json()
    assert json.loads(text)["classification"] == advice.classification
    assert advice.aligned == (not any(f.kind == "mismatch" for f in advice.findings))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4),
    max_leaves=20,
)
field_names = st.sampled_from(["requested_by", "in_hiring_process", "goals", "expectations", "job_open",
                               "meeting_with", "prepared_questions", "goal_text"]) | st.text(max_size=15)


@given(st.dictionaries(field_names, json_values | st.sampled_from(["yes", "me", "hr", ["get_job"]]), max_size=9))
def test_any_json_object_gives_advice_or_a_clean_input_error(obj):
    try:
        _advisor.advise(obj)
    except InputError as error:
        assert "\n" not in str(error)


@given(st.text(max_size=200))
def test_json_reader_on_arbitrary_text(text):
    try:
        assert isinstance(parse_json_answers(text), dict)
    except InputError as error:
        assert str(error)


@given(st.lists(st.binary(max_size=80) | st.sampled_from([b'{"requested_by": "me"}', b"[]", b"{}"]), max_size=20))
def test_jsonl_reader_answers_every_line(lines):
    lines = [l.replace(b"\n", b" ").replace(b"\r", b" ") for l in lines]
    data = b"".join(l + b"\n" for l in lines)
    out = [(number, parse_line(raw)) for number, raw in raw_lines(io.BytesIO(data))]
    assert [n for n, _ in out] == list(range(1, len(lines) + 1))
    assert all(isinstance(item, (dict, InputError)) for _, item in out)


@given(st.binary(max_size=300))
def test_cli_on_arbitrary_stdin_never_tracebacks(data):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["advise", "--json", "-"], input=data)
    assert result.exit_code in (0, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert result.stderr.startswith("error: <stdin>: ") and result.stderr.count("\n") == 1


from datetime import timedelta

from hypothesis import settings

from infoview_rules.phrases import read_goals

WORDS = ["learn", "about", "the", "company", "not", "job", "get", "a", "role", "open", "position", "fit",
         "see", "whether", "I", "want", "to", "work", "there", "remember", "me", ",", ".", "don't", "find", "out"]


@settings(deadline=timedelta(seconds=2))
@given(st.text(max_size=2000) | st.lists(st.sampled_from(WORDS), max_size=400).map(" ".join))
def test_phrase_rules_read_any_text_quickly(text):
    text = text[:2000]
    goals = [m.goal for m in read_goals(text, _advisor.rules.phrases, GOALS)]
    assert goals == [g for g in GOALS if g in goals]
    assert _advisor.advise({"requested_by": "me", "in_hiring_process": "no", "job_open": "no", "meeting_with": "hr",
                            "prepared_questions": "yes", "goal_text": text}).goals == goals
