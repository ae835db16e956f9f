"""The yardstick: the contract written by hand in plain Python, JSON Lines in and out.

Kept in bench/ only, never used by the product. It reads the shipped rule files
for the texts (messages, quotes, citations) and writes the same JSON as
`infoview advise --jsonl` for answers without `goal_text`, so the benchmark
compares equal work. Usage: python bench/floor.py < in.jsonl > out.jsonl
"""

import json
import sys
import tomllib
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "rules"
FIELDS = {
    "requested_by": ("me", "company"), "in_hiring_process": ("yes", "no"),
    "job_open": ("yes", "no", "unknown"), "meeting_with": ("hr", "manager", "recruiter", "other"),
    "prepared_questions": ("yes", "no"),
}
LISTS = {
    "goals": ("learn_about_company", "judge_fit", "get_job", "pitch_for_open_role", "be_remembered"),
    "expectations": ("ask_questions", "be_asked_questions", "job_interview_next", "job_offer", "future_consideration"),
}
ORDER = [  # mismatches, cautions, tips, strengths; each kind in file order
    "expects-job-interview", "expects-to-be-interviewed", "job-goal", "open-position-pretext",
    "job-interview-not-informational", "future-consideration", "no-questions-prepared", "meets-recruiter",
    "job-open-now", "company-set-it-up", "already-in-hiring", "ask-to-learn", "job-status-unknown",
    "state-your-goals", "job-their-questions", "no-job-open", "prepared", "expects-their-questions",
]


def load_texts():
    findings = tomllib.loads((RULES / "findings.toml").read_text(encoding="utf-8"))["finding"]
    passages = {p["id"]: p["text"] for p in tomllib.loads((RULES / "passages.toml").read_text(encoding="utf-8"))["passage"]}
    texts = {}
    for f in findings:
        quoted = next(c for c in f["cites"] if f["quote"] in passages[c])
        texts[f["id"]] = (f["kind"], f["message"], f["quote"], f["cites"], quoted)
    return texts


TEXTS = load_texts()


def validate(a):
    if not isinstance(a, dict):
        raise ValueError("expected a JSON object with the answers")
    for key in a:
        if key not in FIELDS and key not in LISTS:
            raise ValueError(f"unknown field '{key}'")
    out = {}
    for key, values in FIELDS.items():
        v = a.get(key)
        if isinstance(v, bool) and values == ("yes", "no"):
            v = "yes" if v else "no"
        if v not in values:
            raise ValueError(f"field '{key}': bad value")
        out[key] = v
    for key, values in LISTS.items():
        v = a.get(key, [])
        if not isinstance(v, list) or any(x not in values for x in v) or len(set(v)) != len(v):
            raise ValueError(f"field '{key}': bad list")
        out[key] = [x for x in values if x in v]
    return out


def advise(a):
    g, e = set(a["goals"]), set(a["expectations"])
    if a["requested_by"] == "company" or a["in_hiring_process"] == "yes":
        c = "job"
    elif g & {"learn_about_company", "judge_fit"}:
        c = "informational"
    elif g & {"get_job", "pitch_for_open_role"}:
        c = "job_pitch"
    else:
        c = "unclear"
    m = c != "job"
    fired = {}

    def hits(field, values):
        return [x for x in a[field] if x in values]

    if m and e & {"job_interview_next", "job_offer"}:
        fired["expects-job-interview"] = {"expectations": hits("expectations", {"job_interview_next", "job_offer"})}
    if m and "be_asked_questions" in e:
        fired["expects-to-be-interviewed"] = {"expectations": ["be_asked_questions"]}
    if m and g & {"get_job", "pitch_for_open_role"}:
        fired["job-goal"] = {"goals": hits("goals", {"get_job", "pitch_for_open_role"})}
    if m and a["job_open"] == "yes":
        if "pitch_for_open_role" in g:
            fired["open-position-pretext"] = {"goals": ["pitch_for_open_role"], "job_open": "yes"}
        elif "get_job" in g and a["meeting_with"] == "recruiter":
            fired["open-position-pretext"] = {"goals": ["get_job"], "job_open": "yes", "meeting_with": "recruiter"}
    if c == "job" and "ask_questions" in e and "be_asked_questions" not in e:
        fired["job-interview-not-informational"] = {"expectations": ["ask_questions"]}
    if m and "future_consideration" in e:
        fired["future-consideration"] = {"expectations": ["future_consideration"]}
    elif m and "be_remembered" in g:
        fired["future-consideration"] = {"goals": ["be_remembered"]}
    if m:
        key = "prepared" if a["prepared_questions"] == "yes" else "no-questions-prepared"
        fired[key] = {"prepared_questions": a["prepared_questions"]}
        if a["meeting_with"] == "recruiter":
            fired["meets-recruiter"] = {"meeting_with": "recruiter"}
    if c == "informational":
        if a["job_open"] == "yes":
            fired["job-open-now"] = {"job_open": "yes"}
        elif a["job_open"] == "no":
            fired["no-job-open"] = {"job_open": "no"}
        else:
            fired["job-status-unknown"] = {"job_open": "unknown"}
        if "ask_questions" not in e:
            fired["ask-to-learn"] = {}
    if c == "unclear":
        fired["state-your-goals"] = {}
    if a["requested_by"] == "company":
        fired["company-set-it-up"] = {"requested_by": "company"}
    elif a["in_hiring_process"] == "yes":
        fired["already-in-hiring"] = {"requested_by": "me", "in_hiring_process": "yes"}
    if c == "job":
        if "be_asked_questions" in e:
            fired["expects-their-questions"] = {"expectations": ["be_asked_questions"]}
        else:
            fired["job-their-questions"] = {}
    findings = []
    for fid in ORDER:
        if fid in fired:
            kind, message, quote, cites, quoted = TEXTS[fid]
            findings.append({"id": fid, "kind": kind, "message": message, "quote": quote,
                             "because": fired[fid], "cites": cites, "quoted": quoted, "source": "article"})
    aligned = not any(f["kind"] == "mismatch" for f in findings)
    return {"classification": c, "aligned": aligned, "goals": a["goals"], "findings": findings}


def main():
    write = sys.stdout.write
    bad = 0
    for number, line in enumerate(sys.stdin.buffer, 1):
        try:
            write(json.dumps(advise(validate(json.loads(line))), ensure_ascii=False) + "\n")
        except ValueError as error:
            bad += 1
            write(json.dumps({"line": number, "error": str(error)}) + "\n")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
