"""The compiled-rules cache: used when the rules are unchanged, never when they changed."""

import shutil

import subprocess
import sys

import pytest

from infoview_rules import Advisor
from infoview_rules import rules_cache
from infoview_rules.rules import load_rules, rule_files, shipped_rules_dir

ANSWERS = {"requested_by": "me", "in_hiring_process": "no", "goals": ["learn_about_company"],
           "job_open": "no", "meeting_with": "recruiter", "prepared_questions": "yes"}


def _cache_file(directory):
    return rules_cache.cache_file(directory, rule_files(directory))


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
    _cache_file(rules).write_bytes(b"not JSON")
    assert Advisor(rules).advise(ANSWERS).to_json() == expected
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(blocked / "cache"))  # cannot be created
    assert Advisor(rules).advise(ANSWERS).to_json() == expected


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", "")
    assert _cache_file(copy(tmp_path)) is None


def test_the_cache_keeps_only_the_newest_entries(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(cache))
    monkeypatch.setattr(rules_cache, "KEEP", 3)
    folder = copy(tmp_path)
    path = folder / "findings.toml"
    for i in range(5):
        path.write_text(path.read_text() + f"\n# edit {i}\n")
        load_rules(folder)
    assert len(list(cache.glob("rules-*.json"))) == 3
    assert _cache_file(folder).exists()  # the newest is kept


def test_mutants_are_not_cached(runner, tmp_path, monkeypatch):
    from infoview_rules.cli import cli
    from infoview_rules.scenarios import shipped_scenarios_dir

    cache = tmp_path / "cache"
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(cache))
    result = runner.invoke(cli, ["mutate", str(shipped_scenarios_dir() / "unclear.toml")])
    assert "mutants:" in result.stdout
    assert len(list(cache.glob("rules-*.json"))) == 1  # the shipped rules only


class _Planted:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _planted_entries(marker):
    import pickle

    def entry(rules):  # what an attacker or a stray writer might leave there
        return rules_cache.encode(rules).replace('"~":"Lit"', '"~":"os.system"', 1)

    return {
        "a pickle whose loading runs code": lambda rules: pickle.dumps(_Planted(marker)),
        "a class outside the allowlist": lambda rules: entry(rules).encode(),
        "valid JSON of the wrong type": lambda rules: b"[]",
        "a rule set missing a field": lambda rules: rules_cache.encode(rules).replace('"phrases":', '"phrasez":', 1).encode(),
        "a literal outside its domain": lambda rules: rules_cache.encode(rules).replace('"items":["me"]', '"items":["nobody"]', 1).encode(),
        "a tuple where a literal belongs": lambda rules: rules_cache.encode(rules).replace('"~":"Lit"', '"~":"tuple","items":[],"x"', 1).encode(),
        "deep nesting": lambda rules: b"[" * 100_000 + b"]" * 100_000,
        "not UTF-8": lambda rules: b"\xff\xfe",
    }


@pytest.mark.parametrize("kind", list(_planted_entries("x")))
def test_a_planted_cache_entry_runs_nothing_and_is_a_miss(tmp_path, monkeypatch, kind):
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(tmp_path / "cache"))
    marker = tmp_path / "code-ran"
    rules = copy(tmp_path)
    expected = Advisor(rules).advise(ANSWERS).to_json()
    path = _cache_file(rules)
    path.write_bytes(_planted_entries(str(marker))[kind](load_rules(rules)))
    # a fresh process, as the next `infoview advise` would be
    code = (
        "import sys; from infoview_rules import Advisor\n"
        f"print(Advisor({str(rules)!r}).advise({ANSWERS!r}).to_json())\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == expected + "\n"
    assert not marker.exists()
    assert rules_cache.load(path, rules) is not None  # the bad entry was replaced


def test_the_cache_is_not_pickle_and_decodes_to_the_same_rules(tmp_path, monkeypatch):
    monkeypatch.setenv("INFOVIEW_CACHE_DIR", str(tmp_path / "cache"))
    rules = copy(tmp_path)
    fresh = load_rules(rules, cache=False)
    load_rules(rules)
    text = _cache_file(rules).read_text(encoding="utf-8")
    cached = rules_cache.decode(text, rules)
    assert cached.schema.fields == fresh.schema.fields and vars(cached.domains) == vars(fresh.domains)
    for name in ("source", "passages", "questions", "classifications", "findings", "phrases"):
        assert getattr(cached, name) == getattr(fresh, name), name
    code = "import sys, infoview_rules as i; i.Advisor(); print('pickle' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "False\n"


@pytest.mark.parametrize("home", ["", "relative/home"], ids=["empty", "relative"])
def test_an_empty_or_relative_home_means_no_cache(monkeypatch, tmp_path, home):
    import infoview_rules.files

    written = []
    monkeypatch.setattr(infoview_rules.files, "write_atomically", lambda path, data: written.append(path))
    monkeypatch.setattr("pathlib.Path.mkdir", lambda self, *a, **k: written.append(self))
    monkeypatch.delenv("INFOVIEW_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    rules = copy(tmp_path)
    assert Advisor(rules).advise(ANSWERS).classification == "informational"
    assert written == []  # not /.cache/infoview, nor a folder relative to wherever infoview runs
    assert rules_cache.cache_folder() is None


def test_home_and_xdg_place_the_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("INFOVIEW_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert rules_cache.cache_folder() == tmp_path / ".cache" / "infoview"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert rules_cache.cache_folder() == tmp_path / "xdg" / "infoview"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # ignored, as the XDG spec says
    assert rules_cache.cache_folder() == tmp_path / ".cache" / "infoview"
