"""The contract's tables, written out by hand (not read from the rules).

Used as the oracle the engine's results are compared with.
"""

from itertools import chain, combinations, product

GOALS = ["learn_about_company", "judge_fit", "get_job", "pitch_for_open_role", "be_remembered"]
EXPECTATIONS = ["ask_questions", "be_asked_questions", "job_interview_next", "job_offer", "future_consideration"]
INFO = {"learn_about_company", "judge_fit"}
JOB = {"get_job", "pitch_for_open_role"}

CONTRACT_FINDINGS = {
    "expects-job-interview": "mismatch",
    "expects-to-be-interviewed": "mismatch",
    "job-goal": "mismatch",
    "open-position-pretext": "mismatch",
    "job-interview-not-informational": "mismatch",
    "future-consideration": "caution",
    "no-questions-prepared": "caution",
    "meets-recruiter": "caution",
    "job-open-now": "caution",
    "no-job-open": "strength",
    "prepared": "strength",
    "state-your-goals": "tip",
}


def subsets(items):
    return [list(c) for c in chain.from_iterable(combinations(items, n) for n in range(len(items) + 1))]


def answer_space():
    """All 2*2*2^5*2^5*3*4*2 = 98,304 answers objects without goal_text."""
    for rb, hp, goals, exps, jo, mw, pq in product(
        ["me", "company"], ["yes", "no"], subsets(GOALS), subsets(EXPECTATIONS),
        ["yes", "no", "unknown"], ["hr", "manager", "recruiter", "other"], ["yes", "no"],
    ):
        yield {
            "requested_by": rb, "in_hiring_process": hp, "goals": goals, "expectations": exps,
            "job_open": jo, "meeting_with": mw, "prepared_questions": pq,
        }


def classify(a):
    goals = set(a["goals"])
    if a["requested_by"] == "company" or a["in_hiring_process"] == "yes":
        return "job"
    if goals & INFO:
        return "informational"
    if goals & JOB:
        return "job_pitch"
    return "unclear"


def contract_findings(a):
    """The ids of the twelve contract findings that must fire for answers `a`."""
    c = classify(a)
    m = c != "job"
    g, e = set(a["goals"]), set(a["expectations"])
    fires = {
        "expects-job-interview": m and bool(e & {"job_interview_next", "job_offer"}),
        "expects-to-be-interviewed": m and "be_asked_questions" in e,
        "job-goal": m and bool(g & JOB),
        "open-position-pretext": m and a["job_open"] == "yes" and (
            "pitch_for_open_role" in g or ("get_job" in g and a["meeting_with"] == "recruiter")),
        "job-interview-not-informational": c == "job" and "ask_questions" in e and "be_asked_questions" not in e,
        "future-consideration": m and ("future_consideration" in e or "be_remembered" in g),
        "no-questions-prepared": m and a["prepared_questions"] == "no",
        "meets-recruiter": m and a["meeting_with"] == "recruiter",
        "job-open-now": c == "informational" and a["job_open"] == "yes",
        "no-job-open": c == "informational" and a["job_open"] == "no",
        "prepared": m and a["prepared_questions"] == "yes",
        "state-your-goals": c == "unclear",
    }
    return {k for k, v in fires.items() if v}


MISMATCHES = {k for k, kind in CONTRACT_FINDINGS.items() if kind == "mismatch"}

CHOICES = {
    "requested_by": ["me", "company"],
    "in_hiring_process": ["yes", "no"],
    "job_open": ["yes", "no", "unknown"],
    "meeting_with": ["hr", "manager", "recruiter", "other"],
    "prepared_questions": ["yes", "no"],
}
LISTS = {"goals": GOALS, "expectations": EXPECTATIONS}
YES_NO = {"in_hiring_process", "prepared_questions"}
MAX_GOAL_TEXT = 2000


def problem(obj):
    """Why `obj` is not an answers object the contract accepts (the field at fault), or None."""
    if not isinstance(obj, dict):
        return "not an object"
    for key in obj:
        if key not in CHOICES and key not in LISTS and key != "goal_text":
            return key
    for key, allowed in CHOICES.items():
        if key not in obj:
            return key
        value = obj[key]
        if isinstance(value, bool) and key in YES_NO:
            continue
        if not isinstance(value, str) or value not in allowed:
            return key
    for key, allowed in LISTS.items():
        value = obj.get(key, [])
        if not isinstance(value, list) or len(set(map(repr, value))) != len(value):
            return key
        if not all(isinstance(v, str) and v in allowed for v in value):
            return key
    text = obj.get("goal_text", "")
    if not isinstance(text, str) or len(text) > MAX_GOAL_TEXT:
        return "goal_text"
    return None


def normalize(obj):
    """An accepted answers object as the contract reads it: yes/no for booleans, lists defaulted
    and in the contract's order, goal_text dropped (goals read from it are added by the caller)."""
    a = {k: ("yes" if v is True else "no" if v is False else v) for k, v in obj.items() if k in CHOICES}
    for key, allowed in LISTS.items():
        a[key] = [v for v in allowed if v in obj.get(key, [])]
    return a


def aligned(a):
    """The contract: aligned exactly when no finding is a mismatch, and the five are all there are."""
    return not (contract_findings(a) & MISMATCHES)
