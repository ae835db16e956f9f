"""Rule files with several mistakes: every error at once, each `file:line: rule: message`."""


import pytest

from infoview_rules import RulesError, load_rules
from infoview_rules.cli import cli
from infoview_rules.rules import FILES, GUIDANCE_FILES
from rule_copies import copy_rules, line_of, replace


def test_every_error_at_once_with_the_line_of_what_is_wrong(runner, tmp_path):
    rules = copy_rules(tmp_path)
    findings = rules / "findings.toml"
    replace(findings, 'when.prepared_questions = "no"', 'when.prepared = "no"')
    replace(findings, 'when.meeting_with = "recruiter"', 'when.meeting_with = "recruter"')
    replace(findings, 'when.expectations = { has = "be_asked_questions" }', 'when.expectations = { is = "be_asked_questions" }')
    replace(findings, 'kind = "caution"', 'kind = "cuation"')
    replace(findings, 'id = "prepared"', 'id = "no-job-open"')
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    f = str(findings)
    operator = line_of(findings, '{ is = "be_asked_questions" }')
    kind = line_of(findings, "cuation")
    field = line_of(findings, "when.prepared =")
    value = line_of(findings, "recruter")
    # the duplicate is named at its second occurrence
    duplicate = [n for n, line in enumerate(findings.read_text().splitlines(), 1) if line == 'id = "no-job-open"'][1]
    assert result.stderr.splitlines() == [
        f"error: {f}:{operator}: finding expects-to-be-interviewed: unknown operator 'is' for field "
        "'expectations' (allowed: has, has_any, has_all, has_none); 'is' tests a single value, and 'expectations' is a list",
        f"error: {f}:{kind}: finding future-consideration: unknown kind 'cuation' "
        "(allowed: mismatch, caution, tip, strength); did you mean 'caution'?",
        f"error: {f}:{field}: finding no-questions-prepared: unknown field 'prepared' in condition "
        "(allowed: requested_by, in_hiring_process, goals, expectations, job_open, meeting_with, prepared_questions, "
        "classification, any); did you mean 'prepared_questions'?",
        f"error: {f}:{value}: finding meets-recruiter: unknown value 'recruter' for field 'meeting_with' "
        "(allowed values: hr, manager, recruiter, other); did you mean 'recruiter'?",
        f"error: {f}:{duplicate}: finding no-job-open: duplicate finding id 'no-job-open'",
    ]


def test_errors_in_several_files_are_all_reported(tmp_path):
    rules = copy_rules(tmp_path)
    replace(rules / "classification.toml", 'cites = ["P9", "P11"]', 'cites = ["P99", "P11"]')
    replace(rules / "questions.toml", 'field = "goals"\ntype = "multi"', 'field = "goals"\ntype = "many"')
    with pytest.raises(RulesError) as caught:
        load_rules(rules, cache=False)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{rules / 'questions.toml'}:{line_of(rules / 'questions.toml', 'many') }: question goals: unknown type 'many'")
    assert lines[1].startswith(f"{rules / 'classification.toml'}:{line_of(rules / 'classification.toml', 'P99')}: "
                               "classification job_pitch: cites unknown passage 'P99'")


def test_an_empty_rules_folder_names_every_missing_file(runner, tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "finding.toml").write_text("")
    result = runner.invoke(cli, ["check", "--rules", str(tmp_path / "rules")])
    assert result.exit_code == 2
    folder = tmp_path / "rules"
    assert result.stderr.splitlines() == [
        f"error: {folder / 'finding.toml'}: unknown rule file (expected: {', '.join(FILES + GUIDANCE_FILES)}); "
        "did you mean 'findings.toml'?"
    ] + [f"error: {folder / name}: missing rule file" for name in FILES]


def test_the_folder_init_made_points_at_its_rules_folder(runner, tmp_path, monkeypatch):
    assert runner.invoke(cli, ["init", str(tmp_path / "mine")]).exit_code == 0
    monkeypatch.chdir(tmp_path / "mine")
    result = runner.invoke(cli, ["check", "--rules", "."])
    assert result.exit_code == 2
    assert result.stderr == "error: .: holds no rule files, but ./rules does; did you mean --rules ./rules?\n"


@pytest.mark.parametrize("make,message", [
    (lambda path: None, "no such folder (the rules folder does not exist)"),
    (lambda path: path.write_text("x"), "not a rules folder (it is a file)"),
], ids=["does-not-exist", "a-file"])
def test_a_rules_path_that_is_not_a_folder_says_what_it_is(tmp_path, make, message):
    from infoview_rules import Advisor

    path = tmp_path / "nonexistent"
    make(path)
    with pytest.raises(RulesError) as caught:
        Advisor(str(path))
    assert str(caught.value) == f"{path}: {message}"


# One rule, several mistakes: each is reported at its own line, with its did-you-mean,
# and none drags in a follow-on error (a misspelt key is not also "missing"; a quote
# is not looked for in a passage that does not exist; an unknown field's values are not checked).
# (file, rule, [(old, new)], [(text on the line, what the error says)])
ONE_RULE_SEVERAL_MISTAKES = [
    pytest.param(
        "findings.toml", "finding job-goal",
        [('kind = "mismatch"\ntopic = "Jobs and openings"\ncites = ["P11", "P13"]',
          'kind = "mismach"\ntopic = "Jobs and openings"\ncites = ["P11", "P13"]'),
         ('outside the application/interview process."\nmessage = "One of your goals',
          'outside the aplication/interview process."\nmessage = "One of your goals'),
         ('when.classification = { not = "job" }\nwhen.goals = { has_any = ["get_job", "pitch_for_open_role"] }',
          'when.clasification = { not = "job" }\nwhen.goals = { has_any = ["get_jobb", "pitch_for_open_role"] }\n'
          'when.job_open = "yess"')],
        [("mismach", "unknown kind 'mismach' (allowed: mismatch, caution, tip, strength); did you mean 'mismatch'?"),
         ("aplication", "quote is not word for word in any cited passage (P11, P13)"),
         ("clasification", "unknown field 'clasification' in condition (allowed: requested_by, in_hiring_process, "
          "goals, expectations, job_open, meeting_with, prepared_questions, classification, any); "
          "did you mean 'classification'?"),
         ("get_jobb", "unknown value 'get_jobb' for field 'goals' (allowed values: learn_about_company, judge_fit, "
          "get_job, pitch_for_open_role, be_remembered); did you mean 'get_job'?"),
         ("yess", "unknown value 'yess' for field 'job_open' (allowed values: yes, no, unknown); did you mean 'yes'?")],
        id="finding-kind-quote-field-two-values",
    ),
    pytest.param(
        "findings.toml", "finding expects-to-be-interviewed",
        [('cites = ["P6"]\nquote = "Showing up', 'cites = ["P66"]\nqoute = "Showing up'),
         ('when.expectations = { has = "be_asked_questions" }\nsuppresses = ["ask-to-learn"]',
          'when.expectations = { is = "be_asked_questions", has_any = ["ask_question"] }\n'
          'suppresses = ["ask-to-lern"]\nexclusive = ["job-gaol"]')],
        [("P66", "cites unknown passage 'P66' (known: P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13); "
          "did you mean 'P6'?"),
         ("qoute", "unknown key 'qoute' (allowed: id, kind, cites, quote, message, when, exclusive, topic, "
          "suppresses); did you mean 'quote'?"),
         ('{ is = "be_asked', "unknown operator 'is' for field 'expectations' (allowed: has, has_any, has_all, "
          "has_none); 'is' tests a single value, and 'expectations' is a list"),
         ('{ is = "be_asked', "unknown value 'ask_question' for field 'expectations' (allowed values: "
          "ask_questions, be_asked_questions, job_interview_next, job_offer, future_consideration); "
          "did you mean 'ask_questions'?"),
         ("ask-to-lern", "suppresses unknown finding 'ask-to-lern'; did you mean 'ask-to-learn'?"),
         ("job-gaol", "exclusive with unknown finding 'job-gaol'; did you mean 'job-goal'?")],
        id="finding-misspelt-key-cites-operator-links",
    ),
    pytest.param(
        "findings.toml", "finding job-goal",
        [('cites = ["P11", "P13"]\nquote = "It is your chance', 'cites = ["P11", "P13"]\nquote = ""\nnote = "It is your chance'),
         ('when.goals = { has_any = ["get_job", "pitch_for_open_role"] }',
          'when.goals = { has_any = ["get_job", "pitch_for_open_role"] }\nwhen.any = [{ job_open = "maybe" }, { meeting = "hr" }]')],
        [('quote = ""', "'quote' must be a non-empty string"),
         ("note =", "unknown key 'note' (allowed: id, kind, cites, quote, message, when, exclusive, topic, suppresses)"),
         ("maybe", "unknown value 'maybe' for field 'job_open' (allowed values: yes, no, unknown)"),
         ("maybe", "unknown field 'meeting' in condition (allowed: requested_by, in_hiring_process, goals, "
          "expectations, job_open, meeting_with, prepared_questions, classification, any); did you mean 'meeting_with'?")],
        id="finding-empty-quote-unknown-key-any-branches",
    ),
    pytest.param(
        "questions.toml", "question goals",
        [('field = "goals"\ntype = "multi"\nrequired = false', 'field = "goals"\ntype = "mutli"\nrequired = "no"\ncites = ["P77"]')],
        [("mutli", "unknown type 'mutli' (allowed: choice, multi, text); did you mean 'multi'?"),
         ('required = "no"', "'required' must be true or false"),
         ("P77", "cites unknown passage 'P77'")],
        id="question-type-required-cites",
    ),
    pytest.param(
        "classification.toml", "classification job_pitch",
        [('cites = ["P9", "P11"]\nwhen.goals = { has_any = ["get_job", "pitch_for_open_role"] }',
          'cites = ["P99", "P11"]\nwhen.goals = { has_any = ["get_jobs"] }\nwhen.classification = "job"')],
        [("P99", "cites unknown passage 'P99'"),
         ("get_jobs", "unknown value 'get_jobs' for field 'goals' (allowed values: learn_about_company, judge_fit, "
          "get_job, pitch_for_open_role, be_remembered); did you mean 'get_job'?"),
         ('when.classification = "job"', "a classification rule cannot test the classification")],
        id="classification-cites-value-tests-classification",
    ),
    pytest.param(
        "findings.toml", "finding open-position-pretext",
        [('when.classification = { not = "job" }\nwhen.job_open = "yes"',
          'when.classification = { not = "job" }\nwhen.job_open = "yes"\nwhen.meeting_with = "yes"')],
        # the line of the field the value is wrong for, not the first line holding "yes"
        [('when.meeting_with = "yes"', "unknown value 'yes' for field 'meeting_with' (allowed values: hr, manager, "
          "recruiter, other)")],
        id="finding-value-named-at-its-own-field",
    ),
]


@pytest.mark.parametrize("name, rule, edits, expected", ONE_RULE_SEVERAL_MISTAKES)
def test_a_rule_with_several_mistakes_reports_each_once(tmp_path, name, rule, edits, expected):
    rules = copy_rules(tmp_path)
    path = rules / name
    for old, new in edits:
        replace(path, old, new)
    with pytest.raises(RulesError) as caught:
        load_rules(rules, cache=False)
    lines = str(caught.value).splitlines()
    assert len(lines) == len(expected), lines
    for line, (marker, message) in zip(lines, expected):
        assert line.startswith(f"{path}:{line_of(path, marker)}: {rule}: {message}"), line


def test_phrase_rule_errors_name_their_line_and_are_all_reported(runner, tmp_path):
    rules = copy_rules(tmp_path)
    phrases = rules / "phrases.toml"
    replace(phrases, 'id = "doubt"', 'id = "doubt"\nblock = ["get_job"]')
    replace(phrases, 'goal = "judge_fit"', 'goal = "judge_fitt"')
    replace(phrases, 'id = "get-job"', 'id = "learn-about-company"')
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    lines = phrases.read_text(encoding="utf-8").splitlines()
    # a table's errors name the line of its [[header]], unless the key or value has its own
    judge_fit = max(n for n, line in enumerate(lines[:line_of(phrases, "judge_fitt")], 1) if line == "[[phrase]]")
    second = [n for n, line in enumerate(lines, 1) if line == 'id = "learn-about-company"'][1]  # the duplicate
    assert result.stderr.splitlines() == [
        f"error: {phrases}:{line_of(phrases, 'block =')}: scope doubt: unknown key 'block' (allowed: id, cues, blocks, ends, whole_clause, others); "
        "did you mean 'blocks'?",
        f"error: {phrases}:{line_of(phrases, 'judge_fitt')}: phrase judge-fit: unknown goal 'judge_fitt' (allowed values: "
        "learn_about_company, judge_fit, get_job, pitch_for_open_role, be_remembered); did you mean 'judge_fit'?",
        f"error: {phrases}:{second}: phrase learn-about-company: duplicate phrase id 'learn-about-company'",
    ]
    assert judge_fit < line_of(phrases, "judge_fitt")


def test_an_error_in_a_phrase_word_list_names_the_line_of_the_list(tmp_path):
    rules = copy_rules(tmp_path)
    phrases = rules / "phrases.toml"
    replace(phrases, "topic = '''compan(?:y", "topic = '''(compan(?:y")
    with pytest.raises(RulesError) as caught:
        load_rules(rules, cache=False)
    assert str(caught.value).startswith(f"{phrases}:{line_of(phrases, 'topic =')}: [words] topic: pattern ")
    assert "does not compile" in str(caught.value)


def test_guidance_files_report_every_item_and_every_mistake_with_its_line(tmp_path):
    rules = copy_rules(tmp_path)
    plan = rules / "plan.toml"
    replace(plan, 'cites = ["P2"]', 'cites = ["P22"]')
    replace(plan, 'when.requested_by = "company"', 'when.requested_by = "compny"')
    first = plan.read_text(encoding="utf-8").split("[[action]]")[2]  # the second action
    second_id = first.split('id = "', 1)[1].split('"', 1)[0]
    replace(plan, f'id = "{second_id}"', f'id = "{second_id}"\nsorce = "article"')
    with pytest.raises(RulesError) as caught:
        load_rules(rules, cache=False)
    lines = str(caught.value).splitlines()
    assert lines == [
        f"{plan}:{line_of(plan, 'P22')}: action prepare-for-interview-they-asked: cites unknown passage 'P22' "
        "(known: P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13); did you mean 'P2'?",
        f"{plan}:{line_of(plan, 'compny')}: action prepare-for-interview-they-asked: unknown value 'compny' for "
        "field 'requested_by' (allowed values: me, company); did you mean 'company'?",
        f"{plan}:{line_of(plan, 'sorce')}: action {second_id}: unknown key 'sorce' "
        f"(allowed: {lines[2].split('(allowed: ', 1)[1].split(')')[0]}); did you mean 'source'?",
    ]


def test_one_phrase_rule_reports_each_of_its_mistakes_at_its_line(runner, tmp_path):
    rules = copy_rules(tmp_path)
    phrases = rules / "phrases.toml"
    replace(phrases, 'goal = "judge_fit"', 'goal = "judge_fitt"\nexampels = ["x"]')
    replace(phrases, "'''\\breferral\\b'''", "'''(referral'''")
    replace(phrases, "\\s(?:{topic})\\b'''", "\\s(?:{topik})\\b'''")
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert errors[1] == (f"error: {phrases}:{line_of(phrases, 'judge_fitt')}: phrase judge-fit: unknown goal 'judge_fitt' "
                         "(allowed values: learn_about_company, judge_fit, get_job, pitch_for_open_role, be_remembered); "
                         "did you mean 'judge_fit'?")
    assert errors[2].startswith(f"error: {phrases}:{line_of(phrases, 'exampels')}: phrase judge-fit: unknown key 'exampels'")
    assert errors[2].endswith("did you mean 'examples'?")
    # a pattern's error names the line that spells the pattern out, not its rule's [[phrase]] line;
    # errors come in the order of their lines
    assert errors[0].startswith(f"error: {phrases}:{line_of(phrases, '{topik}')}: phrase learn-about-company: pattern ")
    assert "uses unknown word list {topik}" in errors[0] and errors[0].endswith("did you mean 'topic'?")
    assert errors[3].startswith(f"error: {phrases}:{line_of(phrases, '(referral')}: phrase get-job: pattern '>>>(referral' does not compile: "
                             "a '(' at >>> is never closed: add its ')' where that group ends")
    assert len(errors) == 4  # the misspelt 'examples' is not also reported missing, nor anything twice


# --- a pattern that can hang a reader: rejected when the rules load -----------------------

NESTED = "repeats a repeat at >>>: an unbounded repeat (*, +, {n,}) inside another can take exponential time"


@pytest.mark.parametrize("pattern,marked", [
    ("((a+)+)+b", "(>>>(a+)+)+b"),  # the innermost of the repeats that repeat a repeat
    (r"(?:job|\w*)*\bnow", r">>>(?:job|\w*)*\bnow"),
    (r"(?:\s*x{2,})+", r">>>(?:\s*x{2,})+"),
    (r"(?:(?:a+)b?)*", r">>>(?:(?:a+)b?)*"),
    (r"(?:\w+\w)*", r">>>(?:\w+\w)*"),
    (r"(?:.*,)+", r">>>(?:.*,)+"),
    (r"(?=(?:a+)+b)", r"(?=>>>(?:a+)+b)"),
    ("(?:{topic}s*)+", ">>>(?:{topic}s*)+"),  # the repeat inside comes from a word list
    (r"\bI want (?:to\s)?(?:work (?:there|at (?:[\w-]+\s?)+ now))",
     r"... (?:to\s)?(?:work (?:there|at >>>(?:[\w-]+\s?)+ now))"),  # a long one: an excerpt
], ids=["trial-plus-plus-plus", "star-in-alternation", "open-counted-inside-plus", "optional-follower",
        "follower-it-can-match", "dot-star-comma", "inside-lookahead", "via-word-list", "long"])
def test_a_pattern_with_a_nested_unbounded_repeat_is_rejected_at_its_line(runner, tmp_path, pattern, marked):
    rules = copy_rules(tmp_path)
    phrases = rules / "phrases.toml"
    replace(phrases, "'''\\breferral\\b''',", f"'''\\breferral\\b''',\n  '''{pattern}''',")
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {phrases}:{line_of(phrases, pattern)}: phrase get-job: pattern '{marked}' {NESTED} "
                             "on some texts (catastrophic backtracking); bound one of them (e.g. {1,3}) or drop the outer one\n")


@pytest.mark.parametrize("pattern", [
    r"(?:a+){1,5}b",
    r"(?:a{1,3})+b",
    r"\bask\s(?:(?:her|my\s[\w'-]+)\s)*questions",  # a word must end at a space: one way to split
    r"(?:[a-z]+,)*x",
    r"a+b+c*",
], ids=["bounded-outer", "bounded-inner", "word-then-space", "letters-then-comma", "not-nested"])
def test_bounded_or_guarded_repeats_are_accepted(tmp_path, pattern):
    rules = copy_rules(tmp_path)
    replace(rules / "phrases.toml", "'''\\breferral\\b''',", f"'''\\breferral\\b''',\n  '''{pattern}''',")
    assert pattern in next(r for r in load_rules(rules, cache=False).phrases.rules if r.id == "get-job").patterns


def test_every_shipped_pattern_and_word_list_is_accepted():
    load_rules(cache=False)  # every pattern, word list, cue and end goes through the check


def test_a_pattern_error_shows_the_pattern_as_written_not_as_python_repr(runner, tmp_path):
    rules = copy_rules(tmp_path)
    phrases = rules / "phrases.toml"
    replace(phrases, "'''\\breferral\\b''',", "'''\\b(?P<key>referral\\b''',")
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {phrases}:{line_of(phrases, '(?P<key>referral')}: phrase get-job: pattern '\\b>>>(?P<key>referral\\b' "
        "does not compile: a '(' at >>> is never closed")


# --- a pattern that does not compile: said in plain words, with a marked excerpt --------------
# A trial deleted one ")" in a long phrase pattern and was told "missing ), unterminated subpattern
# at position 2" with all ~500 characters of it: position 2 of the pattern with its {word lists}
# expanded, which is not a place in the file.

LONG = (r"\b(?:like|love|want|hope|wish|dream|keen|eager|plan|aim)\s(?:to\s|of\s)?(?:(?:end up|eventually|one day|"
        r"someday|also|really|actually|maybe|possibly|be able to|get to)\s){0,2}(?:work|working|be working)\s"
        r"(?:there|for them|with them|(?:at|for|in|with|on)\s(?:the|their|this|that|a|an|your)\s(?:[\w-]+\s){0,2}?"
        r"(?:company|firm|office|lab|place|studio|agency|team|business|department|group|startup|bank)|at\s\w+)\b"
        r"(?:\s(?:as|for)\s(?:an?\s)?(?:{job}))?")
LOST = LONG.replace("(?:work|working|be working)", "(?:work|working|be working", 1)  # one ")" deleted


def _broken_pattern(tmp_path, pattern):
    """A rules copy whose get-job rule has `pattern` added after its referral pattern."""
    rules = copy_rules(tmp_path)
    replace(rules / "phrases.toml", "'''\\breferral\\b''',", f"'''\\breferral\\b''',\n  '''{pattern}''',")
    return rules


def test_a_lost_parenthesis_says_which_is_never_closed_with_a_short_marked_excerpt(runner, tmp_path):
    rules = _broken_pattern(tmp_path, LOST)
    phrases = rules / "phrases.toml"
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {phrases}:{line_of(phrases, LOST)}: phrase get-job: pattern "
        r"'...bly|be able to|get to)\s){0,2}>>>(?:work|working|be working\s(?...' "
        "does not compile: a '(' at >>> is never closed: add its ')' where that group ends\n")
    assert LOST not in result.stderr  # not the whole pattern


# Each case: (the pattern added, its excerpt marked where the mistake is, what is said).
# {job} is a word list of ~900 characters: after one, a place in the expanded pattern is far
# from the place in the pattern as written.
PLAIN = [
    (r"\b(?:{job})\b)\s(?:now|soon)", r"'\b(?:{job})\b>>>)\s(?:now|soon)'",
     "a ')' at >>> closes no '(': drop it, or add the '(' it should close"),
    (r"{job}\s(?:for me|[a-z)", r"'{job}\s(?:for me|>>>[a-z)'", "a '[' at >>> is never closed with ']'"),
    (r"(?:{acquire})\s+*(?:{job})", r"'(?:{acquire})\s+>>>*(?:{job})'",
     "two repeats in a row at >>> (such as '+*'); drop one, or put the first in a group"),
    (r"(?:{job})\s*?(?:\q)", r"'(?:{job})\s*?(?:>>>\q)'",
     "'\\q' at >>> is not an escape regular expressions know; write the character alone"),
    (r"(?:{job})[z-a]", r"'(?:{job})[>>>z-a]'",
     "the range 'z-a' at >>> runs backwards: put the lower character first, or write '-' last in its [...]"),
    (r"(?:{job})(?<name>x)", r"'(?:{job})(>>>?<name>x)'",
     "'(?<n' at >>> is not a kind of group regular expressions know; a plain group is '(?:...)'"),
    (r"\bwork\b(?<!{job})x", r"'\bwork\b>>>(?<!{job})x'",
     "a look-behind at >>>, (?<=...) or (?<!...), must match a fixed number of characters; "
     "split it into one look-behind per length"),
    (r"a{1,99999999999}", r"'a{1,99999999999}'", "a repeat count is too large"),  # Python says not where
    (r"x{3,2}", r"'x{>>>3,2}'", "in the repeat '{m,n}' at >>> the first number is larger than the second"),
]


@pytest.mark.parametrize("pattern,excerpt,said", PLAIN, ids=[
    "extra-close-after-word-list", "unclosed-set", "two-repeats", "bad-escape", "backwards-range",
    "unknown-group-kind", "look-behind-through-word-list", "huge-repeat", "min-over-max"])
def test_a_pattern_that_does_not_compile_is_said_in_plain_words_at_its_place(runner, tmp_path, pattern, excerpt, said):
    rules = _broken_pattern(tmp_path, pattern)
    phrases = rules / "phrases.toml"
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {phrases}:{line_of(phrases, pattern)}: phrase get-job: "
                             f"pattern {excerpt} does not compile: {said}\n")


def test_a_mistake_in_a_word_list_is_marked_in_the_list_as_written(runner, tmp_path):
    rules = copy_rules(tmp_path)
    phrases = rules / "phrases.toml"
    replace(phrases, "topic = '''compan(?:y", "topic = '''(compan(?:y")
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    error = result.stderr.splitlines()[0]
    assert error.startswith(f"error: {phrases}:{line_of(phrases, 'topic =')}: [words] topic: pattern '''>>>(compan(?:y|ies)|company's|fir...'''")
    assert error.endswith(" does not compile: a '(' at >>> is never closed: add its ')' where that group ends")


def test_a_mistake_in_a_scope_cue_or_a_reading_pattern_is_marked_too(runner, tmp_path):
    rules = copy_rules(tmp_path)
    phrases = rules / "phrases.toml"
    replace(phrases, "cues = [\n", "cues = [\n  '''\\bnot(?:{job}\\b''',\n", )
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {phrases}:{line_of(phrases, 'not(?:{job}')}: scope negation: pattern "
                             r"'\bnot>>>(?:{job}\b' does not compile: a '(' at >>> is never closed: "
                             "add its ')' where that group ends\n")
    rules = copy_rules(tmp_path / "reading")
    phrases = rules / "phrases.toml"
    replace(phrases, "'''never''',", "'''never)''',")
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    assert result.stderr == (f"error: {phrases}:{line_of(phrases, 'refusals =')}: [reading] refusals: pattern "
                             "'never>>>)' does not compile: a ')' at >>> closes no '(': drop it, or add the '(' it should close\n")


def test_an_unknown_word_list_is_marked_in_a_short_excerpt(runner, tmp_path):
    rules = _broken_pattern(tmp_path, LONG.replace("{job}", "{jobs}"))
    phrases = rules / "phrases.toml"
    result = runner.invoke(cli, ["check", "--rules", str(rules)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {phrases}:{line_of(phrases, '{jobs}')}: phrase get-job: pattern "
        r"'...(?:\s(?:as|for)\s(?:an?\s)?(?:>>>{jobs}))?' uses unknown word list {jobs}")
    assert result.stderr.endswith("did you mean 'job'?\n")
