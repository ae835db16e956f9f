"""hypothesis: properties of any answers object within the contract, and fuzzing of the readers."""

import io
import json

from hypothesis import example, given, strategies as st

from infoview_rules import Advisor, InputError
from infoview_rules.cli import cli
from infoview_rules.reading import parse_json_answers, parse_line, raw_lines
from infoview_rules.schema import answer_space, fast_validator
import oracle
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


def resolved(a, advice):
    """The answers as the contract reads them, with the goals the advice resolved (given and read)."""
    return dict(oracle.normalize(a), goals=advice.goals)


@given(answers())
def test_advice_agrees_with_the_contract_oracle(a):
    advice = _advisor.advise(dict(a))
    given_goals = oracle.normalize(a)["goals"]
    if "goal_text" not in a:
        assert advice.goals == given_goals
    else:  # the given goals stay, and every goal added was read from a phrase of the text
        read = [p.goal for p in advice.goal_phrases]
        assert advice.goals == [g for g in GOALS if g in given_goals or g in read]
        assert all(p.phrase.lower() in a["goal_text"].lower() for p in advice.goal_phrases)
    answers = resolved(a, advice)
    assert advice.classification == oracle.classify(answers)
    ids = advice.finding_ids()
    assert len(ids) == len(set(ids)) and set(ids) <= FINDINGS
    assert {i for i in ids if i in oracle.CONTRACT_FINDINGS} == oracle.contract_findings(answers)
    assert advice.aligned == oracle.aligned(answers)
    kinds = [f.kind for f in advice.findings]
    assert kinds == sorted(kinds, key=["mismatch", "caution", "tip", "strength"].index)
    text = advice.to_json()
    assert text == _advisor.advise(dict(a)).to_json() == _second.advise(dict(a)).to_json()
    assert text == json.dumps(advice.to_dict(), ensure_ascii=False)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4),
    max_leaves=20,
)
field_names = st.sampled_from(["requested_by", "in_hiring_process", "goals", "expectations", "job_open",
                               "meeting_with", "prepared_questions", "goal_text"]) | st.text(max_size=15)


@st.composite
def nearly_valid(draw):
    """A valid answers object with one field changed, added or removed: the edge the validator guards."""
    a = draw(answers())
    key = draw(field_names)
    change = draw(st.sampled_from(["set", "drop"]))
    if change == "drop":
        a.pop(key, None)
    else:
        a[key] = draw(json_values | st.sampled_from(["yes", "me", "hr", ["get_job"], ["get_job", "get_job"], "x" * 2001]))
    return a


VALID = {"requested_by": "me", "in_hiring_process": "no", "job_open": "no", "meeting_with": "hr",
         "prepared_questions": "yes"}


@given(st.dictionaries(field_names, json_values | st.sampled_from(["yes", "me", "hr", ["get_job"]]), max_size=9)
       | nearly_valid())
@example(dict(VALID, goal_text="x" * oracle.MAX_GOAL_TEXT))
@example(dict(VALID, goal_text="x" * (oracle.MAX_GOAL_TEXT + 1)))
@example(dict(VALID, goals=["get_job", "get_job"]))
@example(dict(VALID, in_hiring_process=True, prepared_questions=False))
@example(dict(VALID, requested_by=True))
@example(dict(VALID, goals="get_job"))
def test_an_object_is_advised_on_exactly_when_the_contract_accepts_it(obj):
    at_fault = oracle.problem(obj)
    try:
        advice = _advisor.advise(obj)
    except InputError as error:
        message = str(error)
        assert at_fault is not None, f"rejected a valid object: {message}"
        assert "\n" not in message
        assert f"'{at_fault}'" in message or "unknown field" in message, (at_fault, message)
        return
    assert at_fault is None, f"accepted an object the contract rejects ({at_fault})"
    assert advice.classification == oracle.classify(resolved(obj, advice))


@given(st.text(max_size=200) | st.dictionaries(st.text(max_size=10), json_values, max_size=5).map(json.dumps))
def test_json_reader_takes_exactly_the_json_objects(text):
    try:
        expected = json.loads(text)
    except ValueError:
        expected = ValueError
    try:
        got = parse_json_answers(text)
    except InputError as error:
        assert str(error) and "\n" not in str(error)
        # only a JSON object is taken (duplicate keys and NaN/Infinity are refused too)
        assert expected is ValueError or not isinstance(expected, dict) or "duplicate" in str(error) \
            or "not allowed" in str(error)
        return
    assert got == expected


@given(st.lists(st.binary(max_size=80) | st.sampled_from([b'{"requested_by": "me"}', b"[]", b"{}"])
                | st.dictionaries(st.text(max_size=8), json_values, max_size=3).map(lambda d: json.dumps(d).encode()),
                max_size=20))
def test_jsonl_reader_answers_every_line(lines):
    lines = [l.replace(b"\n", b" ").replace(b"\r", b" ") for l in lines]
    data = b"".join(l + b"\n" for l in lines)
    out = [(number, parse_line(raw)) for number, raw in raw_lines(io.BytesIO(data))]
    assert [n for n, _ in out] == list(range(1, len(lines) + 1))
    for line, (_, item) in zip(lines, out):
        try:
            expected = json.loads(line.decode("utf-8-sig"))
        except ValueError:
            expected = None
        if isinstance(item, dict):
            assert item == expected
        else:
            assert isinstance(item, InputError) and str(item)


@given(st.binary(max_size=300) | answers().map(lambda a: json.dumps(a).encode()))
def test_cli_on_arbitrary_stdin_never_tracebacks(data):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["advise", "--json", "-"], input=data)
    assert result.exit_code in (0, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert result.stderr.startswith("error: <stdin>: ") and result.stderr.count("\n") == 1
        return
    obj = json.loads(data)
    assert oracle.problem(obj) is None
    out = json.loads(result.stdout)
    assert out["classification"] == oracle.classify(dict(oracle.normalize(obj), goals=out["goals"]))


from datetime import timedelta

from hypothesis import settings


WORDS = ["learn", "about", "the", "company", "not", "job", "get", "a", "role", "open", "position", "fit",
         "see", "whether", "I", "want", "to", "work", "there", "remember", "me", ",", ".", "don't", "find", "out"]


@settings(deadline=timedelta(seconds=2))
@given(st.text(max_size=2000) | st.lists(st.sampled_from(WORDS), max_size=400).map(" ".join))
def test_phrase_rules_read_any_text_quickly(text):
    text = text[:2000]
    advice = _advisor.advise({"requested_by": "me", "in_hiring_process": "no", "job_open": "no", "meeting_with": "hr",
                              "prepared_questions": "yes", "goal_text": text})
    # each goal read is shown with the words that gave it, once, in the contract's order of goals
    read = [p.goal for p in advice.goal_phrases]
    assert read == [g for g in GOALS if g in read]
    assert advice.goals == read
    assert all(p.phrase and p.phrase.lower() in text.lower() for p in advice.goal_phrases)
    answers = dict(oracle.normalize({}), requested_by="me", in_hiring_process="no", job_open="no",
                   meeting_with="hr", prepared_questions="yes", goals=advice.goals)
    assert advice.classification == oracle.classify(answers)


def outcome(validate, obj):
    try:
        return validate(obj)
    except InputError as error:
        return f"InputError: {error}"


_schema = _advisor.rules.schema
_fast = fast_validator(_schema)


@given(st.dictionaries(field_names, json_values | st.sampled_from(["yes", "me", "hr", ["get_job"]]), max_size=9)
       | nearly_valid() | answers() | json_values)
@example([])
@example(dict(VALID, goals=["get_job", 1]))
@example(dict(VALID, goals=["get_job", ["x"]]))
@example(dict(VALID, in_hiring_process=1))
@example(dict(VALID, goal_text="learn about the company \ud800"))
@example(dict(VALID, goal_text="apprendre \u00e0 conna\u00eetre l\u2019entreprise"))
def test_the_fast_validator_gives_what_the_schema_gives(obj):
    assert outcome(_fast, obj) == outcome(_schema.validate, obj)


def test_the_fast_validator_on_the_whole_answer_space():
    for answers in answer_space(_schema):
        assert _fast(answers) == _schema.validate(answers)
