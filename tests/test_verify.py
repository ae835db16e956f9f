"""`infoview verify` over the whole answer space."""

import json
import shutil

from infoview_rules.cli import cli
from infoview_rules.rules import shipped_rules_dir


def test_shipped_rules_verify(runner):
    result = runner.invoke(cli, ["verify", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["answers"] == 98_304
    assert doc["failed"] == 0
    names = [c["name"] for c in doc["checks"]]
    assert "exactly one classification" in names
    assert "open-position-pretext fires exactly when the contract says" in names


def test_verify_names_the_first_answers_object_that_breaks_a_property(runner, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    path = rules / "findings.toml"
    text = path.read_text()
    # drop the recruiter branch of the pretext finding
    text = text.replace('  { goals = { has = "get_job" }, meeting_with = "recruiter" },\n', "", 1)
    # and make two exclusive findings able to fire together
    text = text.replace('when.classification = "informational"\nwhen.job_open = "no"', 'when.classification = "informational"\nwhen.job_open = { in = ["no", "yes"] }', 1)
    path.write_text(text)
    result = runner.invoke(cli, ["verify", "--rules", str(rules), "--workers", "1"])
    assert result.exit_code == 1
    out = result.stdout
    head = "FAIL open-position-pretext fires exactly when the contract says\n     did not fire\n     first at: "
    assert head in out
    first = json.loads(out.split(head, 1)[1].splitlines()[0])
    assert first["job_open"] == "yes" and first["meeting_with"] == "recruiter" and "get_job" in first["goals"]
    assert "FAIL job-open-now and no-job-open never fire together" in out
    assert "FAIL no-job-open fires exactly when the contract says" in out
    assert out.endswith("checked 12 general and 16 contract properties (the rules say they implement the contract)\n"
                        "98304 answers objects checked\n25 passed, 3 failed\n")


def test_verify_reports_uncited_passages_and_phrase_examples(runner, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    text = (rules / "findings.toml").read_text().replace(
        'cites = ["P3", "P9"]', 'cites = ["P9"]').replace('quote = "a one-on-one meeting with either HR or a functional manager"', 'quote = "it can be easy to see through."'
    ).replace('cites = ["P11", "P13"]', 'cites = ["P11"]')  # P3 is also cited by plan.toml; P13 only here
    (rules / "findings.toml").write_text(text)
    q = (rules / "questions.toml").read_text().replace('cites = ["P3", "P9"]', 'cites = ["P9"]')
    (rules / "questions.toml").write_text(q)
    p = (rules / "phrases.toml").read_text().replace('"Get hired, ideally.",', '"Get hired, ideally.",\n  "Obviously nothing here.",')
    (rules / "phrases.toml").write_text(p)
    result = runner.invoke(cli, ["verify", "--rules", str(rules)])
    assert result.exit_code == 1
    assert "FAIL every passage is cited\n     never cited: P13\n" in result.stdout
    assert "FAIL phrase rules match their own examples\n     get-job: example gives no 'get_job': 'Obviously nothing here.'" in result.stdout
