"""The compiled-rules cache: used when the rules are unchanged, never when they changed."""

import shutil

from infoview_rules import Advisor
from infoview_rules.rules import _cache_file, load_rules, shipped_rules_dir

ANSWERS = {"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"],
           "job_open": "no", "meeting_with": "recruiter", "prepared_questions": "yes"}


def copy(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), rules)
    return rules


def test_unchanged_rules_come_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(tmp_path / "cache"))
    rules = copy(tmp_path)
    first = Advisor(rules).advise(ANSWERS).to_json()
    cached = _cache_file(rules)
    assert cached.exists()
    monkeypatch.setattr("infoview_rules.rules._compile", lambda d: (_ for _ in ()).throw(AssertionError("recompiled")))
    again = load_rules(rules)
    assert again.directory == rules
    assert Advisor(rules).advise(ANSWERS).to_json() == first


def test_an_edited_rule_is_compiled_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(tmp_path / "cache"))
    rules = copy(tmp_path)
    before = _cache_file(rules)
    assert "meets-recruiter" in Advisor(rules).advise(ANSWERS).finding_ids()
    path = rules / "findings.toml"
    path.write_text(path.read_text().replace('when.meeting_with = "recruiter"\n', 'when.meeting_with = "hr"\n', 1))
    assert _cache_file(rules) != before
    assert "meets-recruiter" not in Advisor(rules).advise(ANSWERS).finding_ids()


def test_a_corrupt_or_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(tmp_path / "cache"))
    rules = copy(tmp_path)
    expected = Advisor(rules).advise(ANSWERS).to_json()
    _cache_file(rules).write_bytes(b"not a pickle")
    assert Advisor(rules).advise(ANSWERS).to_json() == expected
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(blocked / "cache"))  # cannot be created
    assert Advisor(rules).advise(ANSWERS).to_json() == expected


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", "")
    assert _cache_file(copy(tmp_path)) is None


def test_the_cache_keeps_only_the_newest_entries(tmp_path, monkeypatch):
    from infoview_rules import rules as rules_module

    cache = tmp_path / "cache"
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(cache))
    monkeypatch.setattr(rules_module, "CACHE_KEEP", 3)
    folder = copy(tmp_path)
    path = folder / "findings.toml"
    for i in range(5):
        path.write_text(path.read_text() + f"\n# edit {i}\n")
        load_rules(folder)
    assert len(list(cache.glob("rules-*.pickle"))) == 3
    assert _cache_file(folder).exists()  # the newest is kept


def test_mutants_are_not_cached(runner, tmp_path, monkeypatch):
    from infoview_rules.cli import cli
    from infoview_rules.scenarios import shipped_scenarios_dir

    cache = tmp_path / "cache"
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(cache))
    result = runner.invoke(cli, ["mutate", str(shipped_scenarios_dir() / "unclear.toml")])
    assert "mutants:" in result.stdout
    assert len(list(cache.glob("rules-*.pickle"))) == 1  # the shipped rules only
